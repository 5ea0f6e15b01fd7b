package domain

import (
	"math"
	"time"
)

// StatsQuery selects a period and a scope for report form 06.
type StatsQuery struct {
	AgencyID int64 // 0: every agency
	FieldID  int64 // 0: every field
	From, To time.Time
	// GroupBy is "", "agency" or "field".
	GroupBy string
}

// Stats are the indicators of report form 06 for one group, computed from the
// processing log so that a closed period always gives the same figures.
type Stats struct {
	GroupID   int64  `db:"group_id" json:"group_id"`
	GroupName string `db:"group_name" json:"group_name"`
	// Total is every dossier handled in the period: CarriedOver + Received, and also
	// Resolved + InProgress + WaitingSupplement + Stopped + Withdrawn (Balanced).
	Total             int      `db:"total" json:"total"`
	CarriedOver       int      `db:"carried_over" json:"carried_over"`
	ReceivedOnline    int      `db:"received_online" json:"received_online"`
	ReceivedDesk      int      `db:"received_desk" json:"received_desk"`
	ReceivedPost      int      `db:"received_post" json:"received_post"`
	Received          int      `db:"received" json:"received"`
	ResolvedEarly     int      `db:"resolved_early" json:"resolved_early"`
	ResolvedOnTime    int      `db:"resolved_on_time" json:"resolved_on_time"`
	ResolvedLate      int      `db:"resolved_late" json:"resolved_late"`
	Resolved          int      `db:"resolved" json:"resolved"`
	InProgress        int      `db:"in_progress" json:"in_progress"`
	InProgressOnTime  int      `db:"in_progress_on_time" json:"in_progress_on_time"`
	InProgressOverdue int      `db:"in_progress_overdue" json:"in_progress_overdue"`
	WaitingSupplement int      `db:"waiting_supplement" json:"waiting_supplement"`
	Stopped           int      `db:"stopped" json:"stopped"`
	Refused           int      `db:"refused" json:"refused"`
	Withdrawn         int      `db:"withdrawn" json:"withdrawn"`
	OnTimePercent     *float64 `db:"on_time_percent" json:"on_time_percent"`
	// AvgProcessingDays is the resolved dossiers' average processing time in working
	// days (eight working hours), the clock's interruptions (supplement, payment) left out;
	// AvgByUnit gives it in each procedure's own unit.
	AvgProcessingDays *float64      `db:"-" json:"avg_processing_days"`
	AvgByUnit         []UnitAverage `db:"-" json:"avg_by_unit"`
	// SupplementRequests counts the supplement requests made in the period;
	// Resupplemented, the dossiers asked more than once in it.
	SupplementRequests int `db:"supplement_requests" json:"supplement_requests"`
	Resupplemented     int `db:"resupplemented" json:"resupplemented"`
	VerySatisfied      int `db:"very_satisfied" json:"very_satisfied"`
	Satisfied          int `db:"satisfied" json:"satisfied"`
	NotSatisfied       int `db:"not_satisfied" json:"not_satisfied"`
}

// Balanced reports whether the handled dossiers add up: carried over + received equals
// resolved + in progress + waiting for a supplement + stopped + withdrawn, resolved
// equals early + on time + late, and in progress within the deadline + overdue.
func (s Stats) Balanced() bool {
	return s.Total == s.CarriedOver+s.Received &&
		s.Received == s.ReceivedOnline+s.ReceivedDesk+s.ReceivedPost &&
		s.Total == s.Resolved+s.InProgress+s.WaitingSupplement+s.Stopped+s.Withdrawn &&
		s.Resolved == s.ResolvedEarly+s.ResolvedOnTime+s.ResolvedLate &&
		s.InProgress == s.InProgressOnTime+s.InProgressOverdue
}

// UnitAverage is the average processing time of the resolved dossiers of procedures
// measured in Unit: Amount of it over Count dossiers.
type UnitAverage struct {
	Unit   TimeUnit `json:"unit"`
	Amount float64  `json:"amount"`
	Count  int      `json:"count"`
	Text   string   `json:"text"` // "2,5 ngày làm việc"
}

// Totals adds rows up into the report's total row: every count summed, the on-time
// percentage of the sums, the average processing times weighted by resolved dossiers.
func Totals(rows []Stats) Stats {
	t := Stats{GroupName: "Tổng cộng", AvgByUnit: []UnitAverage{}}
	var days float64
	units := map[TimeUnit]*UnitAverage{}
	for _, r := range rows {
		t.Total, t.CarriedOver, t.Received = t.Total+r.Total, t.CarriedOver+r.CarriedOver, t.Received+r.Received
		t.ReceivedOnline, t.ReceivedDesk, t.ReceivedPost = t.ReceivedOnline+r.ReceivedOnline, t.ReceivedDesk+r.ReceivedDesk, t.ReceivedPost+r.ReceivedPost
		t.Resolved, t.ResolvedEarly, t.ResolvedOnTime, t.ResolvedLate = t.Resolved+r.Resolved, t.ResolvedEarly+r.ResolvedEarly,
			t.ResolvedOnTime+r.ResolvedOnTime, t.ResolvedLate+r.ResolvedLate
		t.InProgress, t.InProgressOnTime, t.InProgressOverdue = t.InProgress+r.InProgress, t.InProgressOnTime+r.InProgressOnTime,
			t.InProgressOverdue+r.InProgressOverdue
		t.WaitingSupplement, t.Stopped, t.Refused, t.Withdrawn = t.WaitingSupplement+r.WaitingSupplement, t.Stopped+r.Stopped,
			t.Refused+r.Refused, t.Withdrawn+r.Withdrawn
		t.SupplementRequests, t.Resupplemented = t.SupplementRequests+r.SupplementRequests, t.Resupplemented+r.Resupplemented
		t.VerySatisfied, t.Satisfied, t.NotSatisfied = t.VerySatisfied+r.VerySatisfied, t.Satisfied+r.Satisfied, t.NotSatisfied+r.NotSatisfied
		if r.AvgProcessingDays != nil {
			days += *r.AvgProcessingDays * float64(r.Resolved)
		}
		for _, u := range r.AvgByUnit {
			if units[u.Unit] == nil {
				units[u.Unit] = &UnitAverage{Unit: u.Unit}
			}
			units[u.Unit].Amount += u.Amount * float64(u.Count)
			units[u.Unit].Count += u.Count
		}
	}
	if t.Resolved > 0 {
		pct := math.Round(10000*float64(t.ResolvedEarly+t.ResolvedOnTime)/float64(t.Resolved)) / 100
		avg := math.Round(100*days/float64(t.Resolved)) / 100
		t.OnTimePercent, t.AvgProcessingDays = &pct, &avg
	}
	for _, unit := range TimeUnits {
		if u := units[unit]; u != nil {
			u.Amount = math.Round(100*u.Amount/float64(u.Count)) / 100
			u.Text = UnitAverageText(unit, u.Amount)
			t.AvgByUnit = append(t.AvgByUnit, *u)
		}
	}
	return t
}

// UnitAverageText writes an average processing time in its unit: "2,5 ngày làm việc"
// (a same-day procedure's in working days).
func UnitAverageText(u TimeUnit, amount float64) string {
	label := u.Label()
	if u == UnitSameDay {
		label = UnitWorkingDays.Label() + " (thủ tục trong ngày)"
	}
	return VietnameseNumber(amount) + " " + label
}
