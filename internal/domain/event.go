package domain

import (
	"crypto/sha256"
	"encoding/json"
	"time"
)

// EventHash is the hash of e chained to the previous row's hash (nil for the first row):
// SHA-256 over prev and a canonical JSON encoding of e's logged fields.
func EventHash(prev []byte, e Event) []byte {
	canonical, _ := json.Marshal(struct {
		DossierID int64  `json:"d"`
		Seq       int    `json:"s"`
		At        string `json:"t"`
		Action    string `json:"a"`
		ActorID   *int64 `json:"ai"`
		ActorName string `json:"an"`
		ActorUnit string `json:"au"`
		Receiver  string `json:"r"`
		Note      string `json:"n"`
		Status    Status `json:"st"`
		StepName  string `json:"sn"`
		StepDueAt string `json:"sd"`
		Timing    string `json:"tm"`
	}{e.DossierID, e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.Action, e.ActorID, e.ActorName,
		e.ActorUnit, e.Receiver, e.Note, e.Status, e.StepName, stamp(e.StepDueAt), e.Timing})
	h := sha256.New()
	h.Write(prev)
	h.Write(canonical)
	return h.Sum(nil)
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// VerifyChain recomputes the hash chain of events (in seq order, starting at 1) and
// returns the seq of the first row that does not match, or 0 when all do.
func VerifyChain(events []Event) int {
	var prev []byte
	for i, e := range events {
		if e.Seq != i+1 || string(EventHash(prev, e)) != string(e.Hash) {
			return e.Seq
		}
		prev = e.Hash
	}
	return 0
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
	NotifyDeadlineChanged     = "deadline_changed"
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

// Notification is one row of the outbox.
type Notification struct {
	ID            int64      `db:"id" json:"id"`
	DossierID     *int64     `db:"dossier_id" json:"dossier_id"`
	Seq           *int       `db:"seq" json:"seq"`
	Kind          string     `db:"kind" json:"kind"`
	RecipientKind string     `db:"recipient_kind" json:"recipient_kind"`
	AccountID     *int64     `db:"account_id" json:"account_id"`
	Email         string     `db:"email" json:"email"`
	Subject       string     `db:"subject" json:"subject"`
	Body          string     `db:"body" json:"body"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
	SentAt        *time.Time `db:"sent_at" json:"sent_at"`
	Transport     string     `db:"transport" json:"transport"`
	Attempts      int        `db:"attempts" json:"attempts"`
	LastError     string     `db:"last_error" json:"last_error"`
}

// AccessEntry is one read of personal data.
type AccessEntry struct {
	AccountID int64     `db:"account_id" json:"account_id"`
	Username  string    `db:"username" json:"username"`
	FullName  string    `db:"full_name" json:"full_name"`
	What      string    `db:"what" json:"what"`
	At        time.Time `db:"at" json:"at"`
}

// EventQuery filters the audit search.
type EventQuery struct {
	AgencyID int64
	Actor    string // actor name, case-insensitive substring
	Action   string
	From, To *time.Time
	Page     int
	PerPage  int // 0: all (CSV export), capped at 100000
}

// AuditEvent is a log row with its dossier's code and agency.
type AuditEvent struct {
	Event
	Code       string `db:"code" json:"code"`
	AgencyCode string `db:"agency_code" json:"agency_code"`
}

// ChainBreak is a dossier whose processing log does not verify.
type ChainBreak struct {
	Code string `json:"code"`
	Seq  int    `json:"seq"`
}

// Event is one row of a dossier's processing log.
type Event struct {
	DossierID int64      `db:"dossier_id" json:"dossier_id"`
	Seq       int        `db:"seq" json:"seq"`
	At        time.Time  `db:"at" json:"at"`
	Action    string     `db:"action" json:"action"`
	ActorID   *int64     `db:"actor_id" json:"actor_id"`
	ActorName string     `db:"actor_name" json:"actor_name"`
	ActorUnit string     `db:"actor_unit" json:"actor_unit"`
	Receiver  string     `db:"receiver" json:"receiver"`
	Note      string     `db:"note" json:"note"`
	Status    Status     `db:"status" json:"status"`
	StepName  string     `db:"step_name" json:"step_name"`
	StepDueAt *time.Time `db:"step_due_at" json:"step_due_at"`
	// Timing is "early", "on_time" or "late" for a row that completes a step or the
	// dossier, compared with its deadline; empty otherwise.
	Timing string `db:"timing" json:"timing"`
	Hash   []byte `db:"hash" json:"hash"`
}

// TimerActions are the processing-log actions written by the workflow itself (the
// submission and its timers); every other action is a decision, written by one Update.
// A desk or postal dossier's receipt, written by the workflow as it starts, is not one of
// them: it is the officer's decision (see workflows.DossierInput.Intake).
var TimerActions = map[string]bool{ActionSubmitted: true, ActionSubmittedDesk: true, ActionSubmittedPost: true,
	ActionSupplementExpired: true, ActionReminder: true,
	ActionStepOverdue: true, ActionOverdue: true}
