package nationalportal

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Message is one outbox row: a message to send to the portal.
type Message struct {
	ID        int64
	DossierID int64
	// Seq orders the messages of one dossier (the outbox's own sequence; the service
	// enqueues, for each log row, the DongBoHoSoMC snapshot then the progress entry).
	Seq int
	// Service is ServiceSyncDossier (Payload: a DossierSync) or ServiceUpdateProgress
	// (Payload: a ProgressEntry).
	Service  string
	Payload  json.RawMessage
	Attempts int // failed attempts so far
}

// NewSyncMessage returns the outbox message of a DongBoHoSoMC snapshot.
func NewSyncMessage(dossierID int64, d DossierSync) Message {
	b, _ := json.Marshal(d) // only strings and slices: cannot fail
	return Message{DossierID: dossierID, Service: ServiceSyncDossier, Payload: b}
}

// NewProgressMessage returns the outbox message of one progress entry.
func NewProgressMessage(dossierID int64, p ProgressEntry) Message {
	b, _ := json.Marshal(p)
	return Message{DossierID: dossierID, Service: ServiceUpdateProgress, Payload: b}
}

// Queue is a dossier's pending messages, in Seq order.
type Queue struct {
	DossierID int64
	// Synced is true once a DongBoHoSoMC of this dossier was accepted by the portal: the
	// next one is sent with isUpdating "True".
	Synced   bool
	Messages []Message
}

// Outbox is the store side of the Sender (the lead implements it over PostgreSQL).
type Outbox interface {
	// Due returns at most limit dossiers whose oldest unsent message is due (its next
	// attempt is at or before now) and not parked, each with its unsent messages in Seq
	// order. Two Senders must never hold the same dossier at once: Due takes a lease on
	// the dossiers it returns (or a single Sender runs at a time).
	Due(ctx context.Context, now time.Time, limit int) ([]Queue, error)
	// Sent marks message id accepted by the portal.
	Sent(ctx context.Context, id int64, at time.Time) error
	// Retry records a failed attempt of message id: attempts so far, when to try again,
	// and why it failed (for the admin page).
	Retry(ctx context.Context, id int64, attempts int, next time.Time, reason string) error
	// Park sets message id aside with the portal's reason: it and its dossier's later
	// messages wait for an administrator (requeue after a fix, or discard).
	Park(ctx context.Context, id int64, at time.Time, reason string) error
}

// Portal is what the Sender sends through; *Client implements it.
type Portal interface {
	SyncDossier(ctx context.Context, updating bool, d DossierSync) error
	UpdateProgress(ctx context.Context, entries ...ProgressEntry) error
}

// Sender delivers the outbox: pure logic the lead runs from a worker loop (or a Temporal
// activity) every few seconds. See the package documentation for its contract.
type Sender struct {
	Portal Portal
	Outbox Outbox
	// BaseDelay is the first retry's delay (default 5 s); each failure doubles it up to
	// MaxDelay (default 10 minutes).
	BaseDelay, MaxDelay time.Duration
	// Batch is how many dossiers a pass takes (default 100).
	Batch int
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// SendReport counts what a pass did.
type SendReport struct {
	Sent, Retried, Parked int
	// PortalDown is true when the pass stopped early because several dossiers in a row
	// failed transiently: the portal is most likely down, the rest waits.
	PortalDown bool
}

// downAfter is how many dossiers in a row may fail transiently before a pass stops.
const downAfter = 3

// Backoff is the delay before the next attempt after attempts failures (≥ 1).
func (s *Sender) Backoff(attempts int) time.Duration {
	base, maxDelay := s.BaseDelay, s.MaxDelay
	if base <= 0 {
		base = 5 * time.Second
	}
	if maxDelay <= 0 {
		maxDelay = 10 * time.Minute
	}
	d := base
	for i := 1; i < attempts && d < maxDelay; i++ {
		d *= 2
	}
	return min(d, maxDelay)
}

// Pass sends what is due, dossier by dossier, each dossier's messages in order: the first
// transient failure stops that dossier's queue and schedules the message again with
// backoff; a refusal parks the message and stops the queue. Errors: only the Outbox's
// (the pass stops at the first one; what it reported as sent stays sent).
func (s *Sender) Pass(ctx context.Context) (SendReport, error) {
	now := s.now()
	batch := s.Batch
	if batch <= 0 {
		batch = 100
	}
	var rep SendReport
	queues, err := s.Outbox.Due(ctx, now, batch)
	if err != nil {
		return rep, fmt.Errorf("nationalportal: outbox: %w", err)
	}
	failedInRow := 0
	for _, q := range queues {
		if ctx.Err() != nil {
			return rep, ctx.Err()
		}
		transient, err := s.sendQueue(ctx, q, &rep)
		if err != nil {
			return rep, err
		}
		if !transient {
			failedInRow = 0
			continue
		}
		if failedInRow++; failedInRow >= downAfter {
			rep.PortalDown = true
			break
		}
	}
	return rep, nil
}

// sendQueue sends q's messages in order until one fails; transient tells whether the
// last one failed transiently.
func (s *Sender) sendQueue(ctx context.Context, q Queue, rep *SendReport) (transient bool, err error) {
	synced := q.Synced
	for _, m := range q.Messages {
		sendErr := s.send(ctx, m, synced)
		if sendErr == nil {
			if err := s.Outbox.Sent(ctx, m.ID, s.now()); err != nil {
				return false, fmt.Errorf("nationalportal: outbox: %w", err)
			}
			rep.Sent++
			synced = synced || m.Service == ServiceSyncDossier
			continue
		}
		if IsTransient(sendErr) {
			attempts := m.Attempts + 1
			if err := s.Outbox.Retry(ctx, m.ID, attempts, s.now().Add(s.Backoff(attempts)), sendErr.Error()); err != nil {
				return false, fmt.Errorf("nationalportal: outbox: %w", err)
			}
			rep.Retried++
			return true, nil
		}
		reason, ok := Refusal(sendErr)
		if !ok {
			reason = sendErr.Error()
		}
		if err := s.Outbox.Park(ctx, m.ID, s.now(), reason); err != nil {
			return false, fmt.Errorf("nationalportal: outbox: %w", err)
		}
		rep.Parked++
		return false, nil
	}
	return false, nil
}

func (s *Sender) send(ctx context.Context, m Message, synced bool) error {
	switch m.Service {
	case ServiceSyncDossier:
		var d DossierSync
		if err := json.Unmarshal(m.Payload, &d); err != nil {
			return refused("payload", "bản tin DongBoHoSoMC trong hàng đợi không đọc được: "+err.Error())
		}
		return s.Portal.SyncDossier(ctx, synced, d)
	case ServiceUpdateProgress:
		var p ProgressEntry
		if err := json.Unmarshal(m.Payload, &p); err != nil {
			return refused("payload", "bản tin CapNhatTienDoHoSoMC trong hàng đợi không đọc được: "+err.Error())
		}
		return s.Portal.UpdateProgress(ctx, p)
	default:
		return refused("service", "loại bản tin không được hỗ trợ: "+m.Service)
	}
}

func (s *Sender) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}
