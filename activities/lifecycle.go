package activities

import (
	"time"

	"github.com/dvc-project/dvc/internal/worktime"
)

// Officer roles inside an agency, and the other actors of the lifecycle.
const (
	RoleReception  = "reception"  // bộ phận một cửa
	RoleSpecialist = "specialist" // chuyên viên
	RoleLeader     = "leader"     // lãnh đạo
	RoleClerk      = "clerk"      // văn thư
	RoleSupervisor = "supervisor" // province-wide, read-only
	RoleAdmin      = "admin"
	RoleCitizen    = "citizen"
	RoleSystem     = "system" // timers
)

// roleLabels are the roles' Vietnamese names.
var roleLabels = map[string]string{
	RoleReception:  "Bộ phận một cửa",
	RoleSpecialist: "Chuyên viên",
	RoleLeader:     "Lãnh đạo",
	RoleClerk:      "Văn thư",
	RoleSupervisor: "Giám sát",
	RoleAdmin:      "Quản trị",
}

// RoleLabel is a role's Vietnamese name, as the log and the pages show it; an unknown role
// is returned as it is.
func RoleLabel(role string) string {
	if l, ok := roleLabels[role]; ok {
		return l
	}
	return role
}

// CompletionTiming compares a completion at now with its deadline: "early" when a full
// working day ahead, "on_time" up to the deadline, "late" after it, "" without a deadline.
func CompletionTiming(now, deadline time.Time, cal *worktime.Calendar) string {
	switch {
	case deadline.IsZero():
		return ""
	case now.After(deadline):
		return "late"
	case cal.Between(now, deadline) >= cal.Day():
		return "early"
	}
	return "on_time"
}

// Step is one step of a procedure's route.
type Step struct {
	Position    int    `db:"position"`
	Name        string `db:"name"`
	Role        string `db:"role"`
	BudgetHours int    `db:"budget_hours"`
	// InteragencyID is the agency an inter-agency step hands the dossier to (0: none).
	InteragencyID   int64  `db:"interagency_id"`
	InteragencyName string `db:"interagency_name"`
}

// Snapshot is what a dossier's workflow copies from the catalogue when it starts, so
// that later catalogue edits never change a dossier in flight.
type Snapshot struct {
	ProcedureName  string
	ProcessingDays int
	DayKind        worktime.Kind
	HomeAgencyID   int64
	HomeAgencyName string
	OwnerID        int64
	Route          []Step
}

// RuleSet is a version of the clock rules with the working calendar around a date.
type RuleSet struct {
	Version          int
	EffectiveFrom    time.Time
	Calendar         worktime.Spec
	SupplementPolicy string // "pause" or "restart"
	SupplementDays   int    // the citizen's deadline to supplement, in working days
	ReminderHours    int    // reminders this many working hours before a deadline
}

// Supplement policies.
const (
	PolicyPause   = "pause"
	PolicyRestart = "restart"
)

// Projection is the part of the workflow's state that lists and pages read.
type Projection struct {
	Status          Status
	StepPosition    int
	StepName        string
	HolderAgencyID  int64
	AssigneeRole    string
	AssigneeID      int64
	AssigneeName    string
	ReceivedAt      *time.Time
	DueAt           *time.Time
	StepDueAt       *time.Time
	SupplementDueAt *time.Time
	Overdue         bool
	Extensions      int
	FinishedAt      *time.Time
	ResultRef       string
	RuleVersion     int
}

// Notification kinds.
const (
	NotifyReceived            = "received"
	NotifyRefused             = "refused"
	NotifySupplementRequested = "supplement_requested"
	NotifyPaymentRequested    = "payment_requested"
	NotifyResultReady         = "result_ready"
	NotifyDelivered           = "delivered"
	NotifyStopped             = "stopped"
	NotifyExtended            = "extended"
	NotifyAssigned            = "assigned"
	NotifyReminder            = "reminder"
	NotifyOverdue             = "overdue"
)

// NotifyRequest asks for a notification, resolved to recipients by the store: the
// dossier's citizen, a named officer, or every officer with a role in an agency.
type NotifyRequest struct {
	Kind      string
	Citizen   bool
	AccountID int64
	AgencyID  int64
	Role      string
	Subject   string
	Body      string
}

// RecordInput is one accepted decision or timer event: the log row, the new projection
// and the notifications, written in one transaction.
type RecordInput struct {
	Event      Event
	Projection Projection
	Notify     []NotifyRequest
}
