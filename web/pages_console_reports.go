package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
)

// auditActions are the log actions the audit search offers.
var auditActions = []string{domain.ActionSubmitted, domain.ActionReceived, domain.ActionRefused,
	domain.ActionSupplementRequested, domain.ActionSupplemented, domain.ActionWithdrawn, domain.ActionAssigned,
	domain.ActionTransferred, domain.ActionTransferredBack, domain.ActionInteragencySent,
	domain.ActionInteragencyReceived, domain.ActionInteragencyReturned, domain.ActionPaymentRequested,
	domain.ActionPaymentConfirmed, domain.ActionFinished, domain.ActionExtended, domain.ActionStopped,
	domain.ActionDelivered, domain.ActionSupplementExpired, domain.ActionReminder, domain.ActionStepOverdue,
	domain.ActionOverdue}

// agencyOptions lists the agencies for a filter.
func (s *Server) agencyOptions(c *gin.Context) ([]option, error) {
	as, err := s.svc.Agencies(c)
	if err != nil {
		return nil, err
	}
	out := make([]option, len(as))
	for i, a := range as {
		out[i] = option{strconv.FormatInt(a.ID, 10), a.Name}
	}
	return out, nil
}

// pageLink is a link of a pager.
type pageLink struct {
	Number  int
	Href    string
	Current bool
}

// consoleAudit is the supervisors' search of the processing log (agency, actor, action,
// from, to, page), 50 rows a page, with a CSV export of every match.
func (s *Server) consoleAudit(c *gin.Context) {
	form := map[string]string{}
	for _, k := range []string{"agency", "actor", "action", "from", "to"} {
		form[k] = c.Query(k)
	}
	agencies, err := s.agencyOptions(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	actions := make([]option, len(auditActions))
	for i, a := range auditActions {
		actions[i] = option{a, domain.ActionLabel(a)}
	}
	data := gin.H{"Form": form, "Errors": map[string]string{}, "Agencies": agencies, "Actions": actions}
	q, err := httpx.EventQuery(c)
	if err != nil {
		data["Errors"], data["Error"] = fieldErrors(err)
		s.render(c, http.StatusBadRequest, "console_audit", s.consoleData(c, data))
		return
	}
	events, total, err := s.svc.SearchEvents(c, q)
	if err != nil {
		s.pageError(c, err)
		return
	}
	params := url.Values{}
	for k, v := range form {
		if v != "" {
			params.Set(k, v)
		}
	}
	csv := url.Values{"format": {"csv"}}
	for k, v := range params {
		csv[k] = v
	}
	data["CSV"] = "/api/v1/audit/events?" + csv.Encode()
	pages := (total + q.PerPage - 1) / q.PerPage
	var links []pageLink
	for n := max(1, q.Page-5); n <= min(pages, q.Page+5); n++ {
		params.Set("page", strconv.Itoa(n))
		links = append(links, pageLink{n, "/can-bo/nhat-ky?" + params.Encode(), n == q.Page})
	}
	data["Events"], data["Total"], data["Pages"], data["Page"], data["PageLinks"] = events, total, pages, q.Page, links
	s.render(c, http.StatusOK, "console_audit", s.consoleData(c, data))
}

// chart is a bar chart drawn as inline SVG by the template.
type chart struct {
	Title, Desc   string
	Width, Height int
	Bars          []bar
	Legend        []legendItem
	Empty         bool
}

// bar is one rectangle with its label and value.
type bar struct {
	X, Y, W, H     int
	Class          string
	Label          string
	LabelX, LabelY int
	Value          string
	ValueX         int
}

type legendItem struct{ Class, Label string }

// consoleStats is the statistics dashboard (report form 06): filters agency, field,
// from, to, group_by; the table, SVG charts and a CSV export.
func (s *Server) consoleStats(c *gin.Context) {
	form := map[string]string{}
	for _, k := range []string{"agency", "from", "to", "group_by"} {
		form[k] = c.Query(k)
	}
	if form["group_by"] == "" {
		form["group_by"] = "agency"
	}
	agencies, err := s.agencyOptions(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data := gin.H{"Form": form, "Errors": map[string]string{}, "Agencies": agencies,
		"GroupOptions": []option{{"agency", "Theo cơ quan"}, {"field", "Theo lĩnh vực"}}}
	q, err := s.statsQuery(c)
	if err != nil {
		data["Errors"], data["Error"] = fieldErrors(err)
		s.render(c, http.StatusBadRequest, "console_stats", s.consoleData(c, data))
		return
	}
	if q.GroupBy == "" {
		q.GroupBy = "agency"
	}
	rows, err := s.svc.Stats(c, q)
	if err != nil {
		s.pageError(c, err)
		return
	}
	if form["from"] == "" {
		form["from"] = q.From.In(dossiercode.Location).Format(time.DateOnly)
	}
	if form["to"] == "" {
		form["to"] = q.To.In(dossiercode.Location).Format(time.DateOnly)
	}
	params := url.Values{"format": {"csv"}, "group_by": {q.GroupBy}, "from": {form["from"]}, "to": {form["to"]}}
	if form["agency"] != "" {
		params.Set("agency", form["agency"])
	}
	total := domain.Totals(rows)
	view := make([]statsRow, len(rows))
	for i, r := range rows {
		view[i] = newStatsRow(r)
	}
	data["Rows"], data["Total"], data["CSV"] = view, newStatsRow(total), "/api/v1/stats?"+params.Encode()
	data["Charts"] = []chart{groupChart(rows), progressChart(total), satisfactionChart(total)}
	s.render(c, http.StatusOK, "console_stats", s.consoleData(c, data))
}

// statsRow is a row of the statistics table.
type statsRow struct {
	domain.Stats
	OnTime, AvgDays string
	// AvgUnits is the average processing time in each procedure's unit.
	AvgUnits []string
}

func newStatsRow(r domain.Stats) statsRow {
	row := statsRow{Stats: r, OnTime: decimal(r.OnTimePercent), AvgDays: decimal(r.AvgProcessingDays)}
	for _, u := range r.AvgByUnit {
		row.AvgUnits = append(row.AvgUnits, u.Text)
	}
	return row
}

func decimal(p *float64) string {
	if p == nil {
		return "—"
	}
	return strconv.FormatFloat(*p, 'f', 2, 64)
}

// groupChart: per group, dossiers to handle (received and carried over) and resolved.
func groupChart(rows []domain.Stats) chart {
	const labelW, barH, gap, width = 220, 14, 10, 640
	ch := chart{Title: "Hồ sơ tiếp nhận và đã giải quyết", Desc: "Mỗi nhóm: số hồ sơ phải giải quyết (tiếp nhận trong kỳ và kỳ trước chuyển sang) và số đã giải quyết.",
		Width: width, Legend: []legendItem{{"c-received", "Phải giải quyết"}, {"c-resolved", "Đã giải quyết"}}}
	peak := 0
	for _, r := range rows {
		peak = max(peak, r.Total, r.Resolved)
	}
	y := 30
	for _, r := range rows {
		name := r.GroupName
		if name == "" {
			name = "Tất cả"
		}
		for i, v := range []int{r.Total, r.Resolved} {
			b := bar{X: labelW, Y: y, H: barH, W: scale(v, peak, width-labelW-50), Class: []string{"c-received", "c-resolved"}[i], Value: strconv.Itoa(v)}
			b.ValueX = b.X + b.W + 4
			b.LabelY = y + barH - 3
			if i == 0 {
				b.Label = shorten(name, 32)
			}
			ch.Bars = append(ch.Bars, b)
			y += barH + 2
		}
		y += gap
	}
	ch.Height = y + 4
	ch.Empty = len(rows) == 0
	return ch
}

// progressChart: where the dossiers handled in the period stand, every one in one bar:
// resolved early, on time, late, in progress within and past the deadline, waiting for a
// supplement, stopped, withdrawn; the bars add up to the total in the description.
func progressChart(t domain.Stats) chart {
	items := []struct {
		label, class string
		v            int
	}{{"Giải quyết trước hạn", "c-early", t.ResolvedEarly}, {"Giải quyết đúng hạn", "c-ontime", t.ResolvedOnTime},
		{"Giải quyết quá hạn", "c-late", t.ResolvedLate}, {"Đang giải quyết trong hạn", "c-progress", t.InProgressOnTime},
		{"Đang giải quyết quá hạn", "c-overdue", t.InProgressOverdue}, {"Chờ bổ sung", "c-received", t.WaitingSupplement},
		{"Dừng xử lý", "c-late", t.Stopped}, {"Rút hồ sơ", "c-resolved", t.Withdrawn}}
	return simpleChart("Tiến độ giải quyết", fmt.Sprintf("Tổng số %d hồ sơ phải giải quyết (kỳ trước chuyển sang %d, tiếp nhận mới %d), mỗi hồ sơ ở một cột.",
		t.Total, t.CarriedOver, t.Received), items)
}

func satisfactionChart(t domain.Stats) chart {
	items := []struct {
		label, class string
		v            int
	}{{"Rất hài lòng", "c-early", t.VerySatisfied}, {"Hài lòng", "c-ontime", t.Satisfied}, {"Không hài lòng", "c-late", t.NotSatisfied}}
	return simpleChart("Mức độ hài lòng", "Số đánh giá của người dân theo mức độ hài lòng.", items)
}

func simpleChart(title, desc string, items []struct {
	label, class string
	v            int
}) chart {
	const labelW, barH, width = 220, 18, 640
	ch := chart{Title: title, Desc: desc, Width: width}
	peak, sum := 0, 0
	for _, it := range items {
		peak, sum = max(peak, it.v), sum+it.v
	}
	y := 8
	for _, it := range items {
		b := bar{X: labelW, Y: y, H: barH, W: scale(it.v, peak, width-labelW-80), Class: it.class, Label: it.label,
			LabelY: y + barH - 4, Value: strconv.Itoa(it.v)}
		if sum > 0 {
			b.Value += fmt.Sprintf(" (%.0f%%)", 100*float64(it.v)/float64(sum))
		}
		b.ValueX = b.X + b.W + 4
		ch.Bars = append(ch.Bars, b)
		y += barH + 8
	}
	ch.Height = y
	ch.Empty = sum == 0
	return ch
}

func scale(v, peak, width int) int {
	if peak <= 0 || v <= 0 {
		return 0
	}
	return max(1, int(math.Round(float64(v)*float64(width)/float64(peak))))
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// statsQuery reads and completes a statistics request. Errors: invalid_query.
func (s *Server) statsQuery(c *gin.Context) (domain.StatsQuery, error) {
	f, err := httpx.StatsFilter(c)
	if err != nil {
		return domain.StatsQuery{}, err
	}
	return s.svc.StatsQuery(f)
}
