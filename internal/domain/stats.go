package domain

import (
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
	GroupID           int64    `db:"group_id" json:"group_id"`
	GroupName         string   `db:"group_name" json:"group_name"`
	CarriedOver       int      `db:"carried_over" json:"carried_over"`
	ReceivedOnline    int      `db:"received_online" json:"received_online"`
	ReceivedDesk      int      `db:"received_desk" json:"received_desk"`
	ReceivedPost      int      `db:"received_post" json:"received_post"`
	Received          int      `db:"received" json:"received"`
	ResolvedEarly     int      `db:"resolved_early" json:"resolved_early"`
	ResolvedOnTime    int      `db:"resolved_on_time" json:"resolved_on_time"`
	ResolvedLate      int      `db:"resolved_late" json:"resolved_late"`
	Resolved          int      `db:"resolved" json:"resolved"`
	InProgressOnTime  int      `db:"in_progress_on_time" json:"in_progress_on_time"`
	InProgressOverdue int      `db:"in_progress_overdue" json:"in_progress_overdue"`
	WaitingSupplement int      `db:"waiting_supplement" json:"waiting_supplement"`
	Stopped           int      `db:"stopped" json:"stopped"`
	Refused           int      `db:"refused" json:"refused"`
	Withdrawn         int      `db:"withdrawn" json:"withdrawn"`
	OnTimePercent     *float64 `db:"on_time_percent" json:"on_time_percent"`
	AvgProcessingDays *float64 `db:"avg_processing_days" json:"avg_processing_days"`
	VerySatisfied     int      `db:"very_satisfied" json:"very_satisfied"`
	Satisfied         int      `db:"satisfied" json:"satisfied"`
	NotSatisfied      int      `db:"not_satisfied" json:"not_satisfied"`
}
