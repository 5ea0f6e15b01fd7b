package domain

import "time"

// Webhook event types a client may subscribe to.
const (
	EventSubmitted           = "dossier.submitted"
	EventReceived            = "dossier.received"
	EventStatusChanged       = "dossier.status_changed"
	EventSupplementRequested = "dossier.supplement_requested"
	EventResultReady         = "dossier.result_ready"
	EventDelivered           = "dossier.delivered"
	EventOverdue             = "dossier.overdue"
)

// WebhookEventTypes lists every event type.
var WebhookEventTypes = []string{EventSubmitted, EventReceived, EventStatusChanged, EventSupplementRequested,
	EventResultReady, EventDelivered, EventOverdue}

// actionEvents maps the log actions that have an event of their own.
var actionEvents = map[string]string{
	ActionSubmitted:           EventSubmitted,
	ActionReceived:            EventReceived,
	ActionSupplementRequested: EventSupplementRequested,
	ActionFinished:            EventResultReady,
	ActionDelivered:           EventDelivered,
	ActionOverdue:             EventOverdue,
}

// WebhookEvents are the event types a log row e raises, in the order they are sent: its
// action's own event, then dossier.status_changed when e changes the status (prev is the
// status before it, 0 for the first row).
func WebhookEvents(e Event, prev Status) []string {
	var out []string
	if t, ok := actionEvents[e.Action]; ok {
		out = append(out, t)
	}
	if prev != 0 && e.Status != prev {
		out = append(out, EventStatusChanged)
	}
	return out
}

// WebhookSubscription is a client's subscription (the secret is only shown at creation).
type WebhookSubscription struct {
	ID        int64     `db:"id" json:"id"`
	ClientID  int64     `db:"client_id" json:"client_id"`
	URL       string    `db:"url" json:"url"`
	Events    Strings   `db:"events" json:"events"`
	CreatedAt time.Time `db:"created_at" json:"created_at"`
}

// WebhookDelivery is one event to one subscription, as the outbox and the admin see it.
type WebhookDelivery struct {
	ID             int64      `db:"id" json:"id"`
	SubscriptionID int64      `db:"subscription_id" json:"subscription_id"`
	ClientID       int64      `db:"client_id" json:"client_id"`
	URL            string     `db:"url" json:"url"`
	EventID        string     `db:"event_id" json:"event_id"`
	EventType      string     `db:"event_type" json:"event_type"`
	DossierCode    string     `db:"dossier_code" json:"dossier_code"`
	Seq            int        `db:"seq" json:"seq"`
	Payload        []byte     `db:"payload" json:"-"`
	CreatedAt      time.Time  `db:"created_at" json:"created_at"`
	Attempts       int        `db:"attempts" json:"attempts"`
	NextAttemptAt  time.Time  `db:"next_attempt_at" json:"next_attempt_at"`
	DeliveredAt    *time.Time `db:"delivered_at" json:"delivered_at"`
	FailedAt       *time.Time `db:"failed_at" json:"failed_at"`
	LastStatus     int        `db:"last_status" json:"last_status"`
	LastError      string     `db:"last_error" json:"last_error"`
	Secret         string     `db:"secret" json:"-"`
}
