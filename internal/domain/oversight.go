package domain

import "time"

// Supervision lists (issue 21): every dossier of the agencies in a supervisor's or a
// leader's scope, searchable, with the lists of what needs attention.

// Oversight lists.
const (
	ListAll        = ""           // every dossier matching the filters
	ListDueSoon    = "due_soon"   // open, due within one working day, not yet overdue
	ListOverdue    = "overdue"    // open and past the appointment date
	ListSupplement = "supplement" // waiting for a supplement longer than the threshold
)

// OversightQuery filters the supervision worklist; zero values match everything.
type OversightQuery struct {
	AgencyID    int64 // the dossier's agency or the one holding it; 0: every agency
	List        string
	Text        string // part of the code, the applicant's name or the procedure's name
	Status      int    // 0: any open status (OpenOnly) or any status
	OpenOnly    bool
	ProcedureID int64
	AssigneeID  int64
	// ReceivedFrom ≤ received < ReceivedTo; DueFrom ≤ appointment date < DueTo.
	ReceivedFrom, ReceivedTo, DueFrom, DueTo *time.Time
	// Now is the list's moment; DueBefore the end of "due soon" (one working day after
	// Now); SupplementBefore the request time before which a supplement waits too long.
	Now, DueBefore, SupplementBefore time.Time
	Page, PerPage                    int
}

// OversightRow is a dossier of the supervision worklist.
type OversightRow struct {
	ID            int64      `db:"id" json:"id"`
	Code          string     `db:"code" json:"code"`
	ProcedureName string     `db:"procedure_name" json:"procedure"`
	AgencyName    string     `db:"agency_name" json:"agency"`
	ApplicantName string     `db:"applicant_name" json:"applicant_name"`
	Status        Status     `db:"status" json:"status"`
	StepName      string     `db:"step_name" json:"step_name"`
	AssigneeID    *int64     `db:"assignee_id" json:"assignee_id"`
	AssigneeName  string     `db:"assignee_name" json:"assignee_name"`
	ReceivedAt    *time.Time `db:"received_at" json:"received_at"`
	DueAt         *time.Time `db:"due_at" json:"due_at"`
	StepDueAt     *time.Time `db:"step_due_at" json:"step_due_at"`
	UpdatedAt     time.Time  `db:"updated_at" json:"updated_at"`
	Overdue       bool       `db:"overdue" json:"overdue"`
}

// SavedFilter is an officer's named query of a supervision page.
type SavedFilter struct {
	ID    int64  `db:"id" json:"id"`
	Page  string `db:"page" json:"page"`
	Name  string `db:"name" json:"name"`
	Query string `db:"query" json:"query"`
}

// ReportQuery selects an agency (0: every agency) and a period [From, To).
type ReportQuery struct {
	AgencyID int64
	From, To time.Time
}

// LateDossier is a dossier of the late report: resolved late in the period, or past its
// appointment date and unresolved at the period's end; with the step where most time
// was lost (the step completed latest past its deadline, or the step still open) and
// the officer who held it.
type LateDossier struct {
	ID            int64      `db:"id" json:"id"`
	Code          string     `db:"code" json:"code"`
	ProcedureName string     `db:"procedure_name" json:"procedure"`
	AgencyName    string     `db:"agency_name" json:"agency"`
	ReceivedAt    *time.Time `db:"received_at" json:"received_at"`
	DueAt         *time.Time `db:"due_at" json:"due_at"`
	// FinishedAt is the first finish row's time; nil for one unresolved at the period's end.
	FinishedAt *time.Time `db:"finished_at" json:"finished_at"`
	// LostStep, LostOfficer: the step and its officer; LostFrom–LostTo the overrun
	// (from the step's deadline to its completion, or to the period's end).
	LostStep    string     `db:"lost_step" json:"lost_step"`
	LostOfficer string     `db:"lost_officer" json:"lost_officer"`
	LostFrom    *time.Time `db:"lost_from" json:"lost_from"`
	LostTo      *time.Time `db:"lost_to" json:"lost_to"`
	// Late and Lost are filled by the service in working time: past the appointment
	// date (at the finish or the period's end), and the lost step's overrun.
	Late time.Duration `db:"-" json:"late_working_ns"`
	Lost time.Duration `db:"-" json:"lost_working_ns"`
}

// Workload is one officer's load: open dossiers assigned to them (due soon, overdue),
// and the steps they completed in the period with their average duration.
type Workload struct {
	AccountID   int64   `db:"account_id" json:"account_id"`
	FullName    string  `db:"full_name" json:"full_name"`
	Username    string  `db:"username" json:"username"`
	Roles       Strings `db:"roles" json:"roles"`
	Open        int     `db:"open" json:"open"`
	DueSoon     int     `db:"due_soon" json:"due_soon"`
	Overdue     int     `db:"overdue" json:"overdue"`
	Steps       int     `db:"steps" json:"steps_completed"`
	StepsLate   int     `db:"steps_late" json:"steps_late"`
	AvgStepDays float64 `db:"avg_step_days" json:"avg_step_days"`
}
