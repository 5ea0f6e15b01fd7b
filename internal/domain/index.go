package domain

import "math"

// The service index of Decision 766/QĐ-TTg scores a province, an agency, a field or a
// procedure out of 100 in five groups: transparency 18, progress and results 20,
// digitisation 22, online provision 22, satisfaction 18. The decision names the groups
// and their weights; the formulas of its indicators are not published in a form that can
// be recomputed, so dvc computes each group from its own processing log with the
// indicators below, each a share of dossiers times its points, and writes the formula
// next to every figure. An indicator without dossiers to count (its denominator 0) gets
// its full points: nothing was lost.

// IndexCounts are the counts an index is computed from, for one scope and period.
type IndexCounts struct {
	GroupID   int64  `db:"group_id" json:"-"`
	GroupName string `db:"group_name" json:"-"`
	// Received in the period: all, online, with digitised components, for a procedure
	// offered fully online; ReceivedOnlineTimely: online ones received within 72 hours.
	Received             int `db:"received" json:"received"`
	ReceivedOnline       int `db:"received_online" json:"received_online"`
	ReceivedOnlineTimely int `db:"received_online_timely" json:"received_online_timely"`
	ReceivedDigitised    int `db:"received_digitised" json:"received_digitised"`
	ReceivedFullOnline   int `db:"received_full_online" json:"received_full_online"`
	// Resolved in the period (first finish): on time (early or on time), late, late with
	// an apology slip before the finish, with an electronic result, and with at most one
	// supplement request.
	Resolved               int `db:"resolved" json:"resolved"`
	ResolvedOnTime         int `db:"resolved_on_time" json:"resolved_on_time"`
	ResolvedLate           int `db:"resolved_late" json:"resolved_late"`
	ResolvedLateApologised int `db:"resolved_late_apologised" json:"resolved_late_apologised"`
	ResolvedElectronic     int `db:"resolved_electronic" json:"resolved_electronic"`
	ResolvedFewSupplements int `db:"resolved_few_supplements" json:"resolved_few_supplements"`
	InProgressOnTime       int `db:"in_progress_on_time" json:"in_progress_on_time"`
	InProgressOverdue      int `db:"in_progress_overdue" json:"in_progress_overdue"`
	RatingsSatisfied       int `db:"ratings_satisfied" json:"ratings_satisfied"`
	Ratings                int `db:"ratings" json:"ratings"`
}

// Index groups, in the decision's order.
const (
	IndexTransparency = "transparency"
	IndexProgress     = "progress"
	IndexDigitisation = "digitisation"
	IndexOnline       = "online"
	IndexSatisfaction = "satisfaction"
)

// IndexGroups are the groups' keys in order, with their Vietnamese names and points.
var IndexGroups = []struct {
	Key, Name string
	Max       float64
}{
	{IndexTransparency, "Công khai, minh bạch", 18},
	{IndexProgress, "Tiến độ, kết quả giải quyết", 20},
	{IndexDigitisation, "Số hoá hồ sơ, kết quả", 22},
	{IndexOnline, "Cung cấp dịch vụ công trực tuyến", 22},
	{IndexSatisfaction, "Mức độ hài lòng", 18},
}

// IndexIndicator defines an indicator: its group, points, names, formula and the
// counts it divides.
type IndexIndicator struct {
	Code, Group, Name, Formula string
	Max                        float64
	Num, Den                   func(IndexCounts) int
}

// IndexIndicators are dvc's indicators (see the package comment on the formulas).
var IndexIndicators = []IndexIndicator{
	{"apology", IndexTransparency, "Hồ sơ trễ hạn có phiếu xin lỗi, hẹn lại",
		"9 × (hồ sơ giải quyết quá hạn có phiếu xin lỗi trước khi có kết quả) ÷ (hồ sơ giải quyết quá hạn)", 9,
		func(c IndexCounts) int { return c.ResolvedLateApologised }, func(c IndexCounts) int { return c.ResolvedLate }},
	{"timely_receipt", IndexTransparency, "Hồ sơ trực tuyến được tiếp nhận trong 72 giờ",
		"9 × (hồ sơ trực tuyến tiếp nhận trong kỳ, trong vòng 72 giờ kể từ khi nộp) ÷ (hồ sơ trực tuyến tiếp nhận trong kỳ)", 9,
		func(c IndexCounts) int { return c.ReceivedOnlineTimely }, func(c IndexCounts) int { return c.ReceivedOnline }},
	{"on_time", IndexProgress, "Hồ sơ giải quyết đúng hạn",
		"12 × (hồ sơ giải quyết trước hạn và đúng hạn) ÷ (hồ sơ giải quyết trong kỳ)", 12,
		func(c IndexCounts) int { return c.ResolvedOnTime }, func(c IndexCounts) int { return c.Resolved }},
	{"in_progress_on_time", IndexProgress, "Hồ sơ đang giải quyết còn trong hạn",
		"8 × (hồ sơ đang giải quyết trong hạn cuối kỳ) ÷ (hồ sơ đang giải quyết cuối kỳ)", 8,
		func(c IndexCounts) int { return c.InProgressOnTime },
		func(c IndexCounts) int { return c.InProgressOnTime + c.InProgressOverdue }},
	{"digitised", IndexDigitisation, "Hồ sơ tiếp nhận có thành phần số hoá",
		"11 × (hồ sơ tiếp nhận trong kỳ có ít nhất một tệp thành phần) ÷ (hồ sơ tiếp nhận trong kỳ)", 11,
		func(c IndexCounts) int { return c.ReceivedDigitised }, func(c IndexCounts) int { return c.Received }},
	{"electronic_result", IndexDigitisation, "Hồ sơ có kết quả điện tử",
		"11 × (hồ sơ giải quyết trong kỳ có tệp kết quả) ÷ (hồ sơ giải quyết trong kỳ)", 11,
		func(c IndexCounts) int { return c.ResolvedElectronic }, func(c IndexCounts) int { return c.Resolved }},
	{"online_share", IndexOnline, "Hồ sơ nộp trực tuyến",
		"11 × (hồ sơ tiếp nhận trong kỳ nộp trực tuyến) ÷ (hồ sơ tiếp nhận trong kỳ)", 11,
		func(c IndexCounts) int { return c.ReceivedOnline }, func(c IndexCounts) int { return c.Received }},
	{"full_online", IndexOnline, "Hồ sơ của thủ tục trực tuyến toàn trình",
		"11 × (hồ sơ tiếp nhận trong kỳ của thủ tục cung cấp trực tuyến toàn trình) ÷ (hồ sơ tiếp nhận trong kỳ)", 11,
		func(c IndexCounts) int { return c.ReceivedFullOnline }, func(c IndexCounts) int { return c.Received }},
	{"satisfied", IndexSatisfaction, "Đánh giá hài lòng",
		"12 × (đánh giá rất hài lòng và hài lòng trong kỳ) ÷ (đánh giá trong kỳ)", 12,
		func(c IndexCounts) int { return c.RatingsSatisfied }, func(c IndexCounts) int { return c.Ratings }},
	{"few_supplements", IndexSatisfaction, "Hồ sơ yêu cầu bổ sung không quá một lần",
		"6 × (hồ sơ giải quyết trong kỳ bị yêu cầu bổ sung tối đa một lần) ÷ (hồ sơ giải quyết trong kỳ)", 6,
		func(c IndexCounts) int { return c.ResolvedFewSupplements }, func(c IndexCounts) int { return c.Resolved }},
}

// IndicatorScore is one indicator's figure.
type IndicatorScore struct {
	Code        string  `json:"code"`
	Name        string  `json:"name"`
	Formula     string  `json:"formula"`
	Numerator   int     `json:"numerator"`
	Denominator int     `json:"denominator"`
	Score       float64 `json:"score"`
	Max         float64 `json:"max"`
}

// IndexGroup is a group's score and its indicators.
type IndexGroup struct {
	Name       string           `json:"name"`
	Score      float64          `json:"score"`
	Max        float64          `json:"max"`
	Indicators []IndicatorScore `json:"indicators"`
}

// Index is the service index of one scope: the total and the five groups by key.
type Index struct {
	GroupID   int64                 `json:"group_id,omitempty"`
	GroupName string                `json:"group_name,omitempty"`
	Score     float64               `json:"score"`
	Max       float64               `json:"max"`
	Groups    map[string]IndexGroup `json:"groups"`
	Counts    IndexCounts           `json:"counts"`
}

// ComputeIndex scores c; scores are rounded to two decimals.
func ComputeIndex(c IndexCounts) Index {
	ix := Index{GroupID: c.GroupID, GroupName: c.GroupName, Groups: map[string]IndexGroup{}, Counts: c}
	for _, g := range IndexGroups {
		grp := IndexGroup{Name: g.Name, Max: g.Max}
		for _, ind := range IndexIndicators {
			if ind.Group != g.Key {
				continue
			}
			n, d := ind.Num(c), ind.Den(c)
			score := ind.Max
			if d > 0 {
				score = ind.Max * float64(n) / float64(d)
			}
			grp.Indicators = append(grp.Indicators, IndicatorScore{Code: ind.Code, Name: ind.Name, Formula: ind.Formula,
				Numerator: n, Denominator: d, Score: round2(score), Max: ind.Max})
			grp.Score += score
		}
		grp.Score = round2(grp.Score)
		ix.Groups[g.Key] = grp
		ix.Score += grp.Score
		ix.Max += g.Max
	}
	ix.Score = round2(ix.Score)
	return ix
}

// IndicatorByCode returns the indicator code, and whether there is one.
func IndicatorByCode(code string) (IndexIndicator, bool) {
	for _, ind := range IndexIndicators {
		if ind.Code == code {
			return ind, true
		}
	}
	return IndexIndicator{}, false
}

// FinishedNow is c as if n open dossiers were finished now, late or on time, each with
// an electronic result and at most one supplement request: what finishing them today
// would change.
func (c IndexCounts) FinishedNow(n int, late bool) IndexCounts {
	c.Resolved += n
	c.ResolvedElectronic += n
	c.ResolvedFewSupplements += n
	if late {
		c.ResolvedLate += n
		c.InProgressOverdue = max(0, c.InProgressOverdue-n)
	} else {
		c.ResolvedOnTime += n
		c.InProgressOnTime = max(0, c.InProgressOnTime-n)
	}
	return c
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }
