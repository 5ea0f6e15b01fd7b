// Package workflows holds DossierWorkflow, which carries one dossier from submission to
// its end, and the names and types its callers share. It is deterministic: every side
// effect is an activity from package activities.
package workflows

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// DefaultTaskQueue is the task queue the dossier worker polls unless configured otherwise.
const DefaultTaskQueue = "dossiers"

// QueryState is the query that returns a dossier's State.
const QueryState = "state"

// The decisions of the one-stop shop, the departments and the citizen are Updates, one
// per entry of the table of decisions (decisions.go, decisions_*.go), where their names
// (UpdateReceive...) are declared. Each takes a Decision and returns the new State; its
// validator rejects, before anything enters history, what the state, the actor's role,
// agency or assignment does not allow.

// Error types of rejected decisions (temporal.ApplicationError.Type()); the API maps
// them to 403, 409 and 422.
const (
	ErrForbidden = "forbidden" // the actor's role, agency or assignment does not allow it
	ErrConflict  = "conflict"  // the dossier's state does not allow it now
	ErrInvalid   = "invalid"   // the decision lacks something it needs (reasons, a date...)
	ErrNotReady  = "not_ready" // the workflow has not recorded the submission yet: retry shortly
)

// Actor is who makes a decision.
type Actor struct {
	ID         int64
	Name       string
	Roles      []string
	AgencyID   int64
	AgencyName string
}

// Has reports whether the actor holds one of roles.
func (a Actor) Has(roles ...string) bool {
	for _, mine := range a.Roles {
		for _, r := range roles {
			if mine == r {
				return true
			}
		}
	}
	return false
}

// Decision is the input of every update; each update reads the fields it needs (its
// DecisionSpec.Fields name them as the JSON API and the console's form do).
type Decision struct {
	Actor Actor
	Note  string
	// Reasons: refuse, stop (required).
	Reasons []string
	// Components: request_supplement, the missing or incorrect documents (required).
	Components []string
	// ToOfficerID/ToOfficerName: transfer and receive_interagency to a named officer
	// (optional; otherwise the step's role in the agency).
	ToOfficerID   int64
	ToOfficerName string
	// Back: transfer to the previous step of the route instead of the next.
	Back bool
	// AmountVND: request_payment (required, positive); confirm_payment by the payment
	// platform, the amount paid (must be the amount asked for).
	AmountVND int64
	// ResultRef: finish, the result document (required).
	ResultRef string
	// NewDueAt: extend, the new appointment date (required, after the current one).
	NewDueAt time.Time
	// Method: deliver, "desk", "post" or "online" (the signed result goes to the
	// citizen's document store); ReceivedBy: who took the result (desk);
	// TrackingNumber: the postal item's number (post).
	Method         string
	ReceivedBy     string
	TrackingNumber string
	// Documents: supplement, references of the new or corrected documents.
	Documents []string
	// ApprovalReason: request_supplement, a leader's reason for a further request in a
	// stage that had one (required then).
	ApprovalReason string `json:",omitempty"`
	// Calendar: calendar_changed, the new calendar version (the system's).
	Calendar *domain.CalendarChange `json:",omitempty"`

	// legacyDelivery: a deliver decision replayed from a history recorded before the
	// tracking number was required (set by the handler through workflow.GetVersion).
	legacyDelivery bool
}

// DossierInput starts a dossier's workflow. The workflow ID is the dossier code.
type DossierInput struct {
	DossierID     int64
	Code          string
	ProcedureID   int64
	AgencyID      int64
	ApplicantName string
	SubmittedAt   time.Time
	// Resume carries the state across continue-as-new; nil for a new dossier.
	Resume *State `json:",omitempty"`
	// LocalStore: the run calls the store through local activities (every run Start
	// begins, and every continue-as-new); false in runs begun before that change, whose
	// histories hold activity tasks.
	LocalStore bool `json:",omitempty"`
	// Intake, set for a dossier handed in at the one-stop desk or sent by post, makes the
	// run record its receipt by Intake.By right after the submission, at the same time:
	// the dossier starts received. Only runs started with it read it (histories begun
	// before it have none and replay unchanged); a continue-as-new does not carry it.
	Intake *Intake `json:",omitempty"`
}

// Intake is how a desk or postal dossier was handed in.
type Intake struct {
	// Channel is domain.ChannelDesk or domain.ChannelPost.
	Channel string
	// By is the reception officer who registered and received the dossier.
	By Actor
	// TrackingNumber is the postal tracking number (post).
	TrackingNumber string
}

// Interagency stages of a step handed to another agency.
const (
	InteragencySent     = "sent"
	InteragencyReceived = "received"
)

// State is what the workflow knows about its dossier, as QueryState returns it.
type State struct {
	DossierID int64
	Code      string
	Status    domain.Status
	// Seq is the sequence number of the last processing-log row written.
	Seq int
	// Version grows with every change; it wakes the timer loop.
	Version int

	Snapshot domain.Snapshot
	Rules    domain.RuleSet

	// Step is 0 at the one-stop shop, then the position of the route step in progress.
	Step             int
	StepName         string
	HolderAgencyID   int64
	HolderAgencyName string
	AssigneeRole     string
	AssigneeID       int64
	AssigneeName     string
	Interagency      string

	ReceivedAt      time.Time
	ClockStartAt    time.Time
	DueAt           time.Time
	OriginalDueAt   time.Time
	StepDueAt       time.Time
	SupplementDueAt time.Time
	FinishedAt      time.Time
	Overdue         bool
	StepOverdue     bool
	DueReminded     bool
	StepReminded    bool
	Extensions      int

	// Clock is ClockTimeline for a dossier received since due dates are computed from
	// its timeline (clock.go), 0 for one received before.
	Clock int `json:",omitempty"`
	// Stops are the interruptions of a ClockTimeline clock, in order: supplement and
	// payment pauses (the last one open while Paused).
	Stops []worktime.Interruption `json:",omitempty"`
	// StepStartedAt is when the current step's clock started (zero in states kept
	// before it was).
	StepStartedAt time.Time `json:",omitempty"`

	// Paused holds the clock while the citizen supplements or pays.
	Paused        bool
	PausedAt      time.Time
	RemainingDue  time.Duration
	RemainingStep time.Duration
	ResumeStatus  domain.Status

	ResultRef string
	Log       []domain.Event
	// Supplements are the supplement requests, in order (kept since the one-time rule).
	Supplements []SupplementRequest `json:",omitempty"`

	// PaymentDueVND is the fee asked for by request_payment until it is confirmed.
	PaymentDueVND int64
}
