package activities

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

const eventColumns = `dossier_id, seq, at, action, actor_id, actor_name, actor_unit, receiver, note, status, step_name, step_due_at, timing, hash`

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

// AppendEvent writes e to the dossier's processing log and moves the dossier's projected
// status to e.Status, in one transaction. It is idempotent on (dossier, seq): writing the
// same event again returns the stored row and changes nothing. Rows must come in order:
// seq n needs seq n-1.
func (s *Store) AppendEvent(ctx context.Context, e Event) (Event, error) {
	return s.record(ctx, e, nil, nil)
}

// Record writes one accepted decision or timer event: the log row (see AppendEvent), the
// dossier's projection (only when seq is newer than the projected one) and the
// notifications, in one transaction. It is idempotent on (dossier, seq).
func (s *Store) Record(ctx context.Context, in RecordInput) (Event, error) {
	return s.record(ctx, in.Event, &in.Projection, in.Notify)
}

func (s *Store) record(ctx context.Context, e Event, p *Projection, notify []NotifyRequest) (Event, error) {
	e.At = e.At.Truncate(time.Microsecond) // what PostgreSQL keeps, so the hash can be checked later
	if e.StepDueAt != nil {
		t := e.StepDueAt.Truncate(time.Microsecond)
		e.StepDueAt = &t
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE`, e.DossierID); err != nil {
			return fmt.Errorf("store: lock dossier: %w", err)
		}
		var stored Event
		err := tx.GetContext(ctx, &stored, `SELECT `+eventColumns+` FROM dossier_events WHERE dossier_id = $1 AND seq = $2`, e.DossierID, e.Seq)
		if err == nil {
			e = stored
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("store: read event: %w", err)
		}
		var prev []byte
		if e.Seq > 1 {
			err := tx.GetContext(ctx, &prev, `SELECT hash FROM dossier_events WHERE dossier_id = $1 AND seq = $2`, e.DossierID, e.Seq-1)
			if err != nil {
				return fmt.Errorf("store: previous event %d of dossier %d: %w", e.Seq-1, e.DossierID, err)
			}
		}
		e.Hash = EventHash(prev, e)
		_, err = tx.NamedExecContext(ctx, `INSERT INTO dossier_events (`+eventColumns+`)
			VALUES (:dossier_id, :seq, :at, :action, :actor_id, :actor_name, :actor_unit, :receiver, :note, :status,
				:step_name, :step_due_at, :timing, :hash)`, e)
		if err != nil {
			return fmt.Errorf("store: insert event: %w", err)
		}
		if err := project(ctx, tx, e, p); err != nil {
			return err
		}
		return insertNotifications(ctx, tx, e, notify)
	})
	return e, err
}

// project moves the dossier's projection to p (or only its status when p is nil), unless a
// newer row was already projected.
func project(ctx context.Context, tx *sqlx.Tx, e Event, p *Projection) error {
	var err error
	if p == nil {
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = $2, updated_at = $3, projected_seq = $4
			WHERE id = $1 AND projected_seq < $4`, e.DossierID, e.Status, e.At, e.Seq)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = $2, updated_at = $3, projected_seq = $4,
			step_position = $5, step_name = $6, holder_agency_id = NULLIF($7, 0), assignee_role = $8,
			assignee_id = NULLIF($9, 0), assignee_name = $10, received_at = $11, due_at = $12, step_due_at = $13,
			supplement_due_at = $14, overdue = $15, extensions = $16, finished_at = $17, result_ref = $18,
			rule_version = NULLIF($19, 0)
			WHERE id = $1 AND projected_seq < $4`, e.DossierID, p.Status, e.At, e.Seq,
			p.StepPosition, p.StepName, p.HolderAgencyID, p.AssigneeRole, p.AssigneeID, p.AssigneeName,
			p.ReceivedAt, p.DueAt, p.StepDueAt, p.SupplementDueAt, p.Overdue, p.Extensions, p.FinishedAt,
			p.ResultRef, p.RuleVersion)
	}
	if err != nil {
		return fmt.Errorf("store: project dossier: %w", err)
	}
	return nil
}

// Events returns a dossier's processing log in order.
func (s *Store) Events(ctx context.Context, dossierID int64) ([]Event, error) {
	es := []Event{}
	if err := s.sel(ctx, &es, `SELECT `+eventColumns+` FROM dossier_events WHERE dossier_id = $1 ORDER BY seq`, dossierID); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return es, nil
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
