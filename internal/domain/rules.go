package domain

import (
	"time"
)

// CalendarSpec is the serialisable description of a working calendar, as the rule set stores it.
type CalendarSpec struct {
	// Sessions are the office hours of a working day, in order, e.g. ["07:00-11:30", "13:30-17:00"].
	Sessions []string `json:"sessions"`
	// Cutoff: a dossier received at or after this time of a working day counts from the
	// next working day, e.g. "15:00". Empty means no cut-off.
	Cutoff string `json:"cutoff"`
	// Holidays are days off that would otherwise be working days, "2026-01-01".
	Holidays []string `json:"holidays"`
	// Workdays are compensatory working days that would otherwise be days off (Saturdays).
	Workdays []string `json:"workdays"`
}

// DefaultCalendarSpec is the common office schedule with no holidays listed.
func DefaultCalendarSpec() CalendarSpec {
	return CalendarSpec{Sessions: []string{"07:00-11:30", "13:30-17:00"}, Cutoff: "15:00"}
}

// DayKind says how a procedure counts its processing time.
type DayKind string

// Kinds of durations.
const (
	WorkingDays  DayKind = "working"
	CalendarDays DayKind = "calendar"
)

// CalendarDay is a day that breaks the weekly pattern: a holiday (a weekday off) or a
// compensatory working day (a weekend day worked).
type CalendarDay struct {
	Day  time.Time `db:"day" json:"day"`
	Kind string    `db:"kind" json:"kind"` // "holiday" or "workday"
	Name string    `db:"name" json:"name"`
}

// RuleSet is a version of the clock rules with the working calendar around a date.
type RuleSet struct {
	Version          int
	EffectiveFrom    time.Time
	Calendar         CalendarSpec
	SupplementPolicy string // "pause" or "restart"
	SupplementDays   int    // the citizen's deadline to supplement, in working days
	ReminderHours    int    // reminders this many working hours before a deadline
	// DuePolicy turns a receipt and a processing time into the due moment; rule sets
	// older than the field (and their dossiers' histories) read "", DueInstant.
	DuePolicy DuePolicy
	// CalendarVersion is the calendar version whose days Calendar holds; 0 in rule sets
	// loaded before calendar versions (the days then in force).
	CalendarVersion int
}

// Supplement policies.
const (
	PolicyPause   = "pause"
	PolicyRestart = "restart"
)

// CalendarChange is a new calendar version as the dossiers in flight receive it: its
// number, its days off and worked days (CalendarSpec's lists) and, in Vietnamese, the
// changes from the version before that move a due date.
type CalendarChange struct {
	Version  int
	Holidays []string
	Workdays []string
	Changes  []string
}
