package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
)

const eventColumns = `dossier_id, seq, at, action, actor_id, actor_name, actor_unit, receiver, note, status, step_name, step_due_at, timing, hash`

// AppendEvent writes e to the dossier's processing log and moves the dossier's projected
// status to e.Status, in one transaction. It is idempotent on (dossier, seq): writing the
// same event again returns the stored row and changes nothing. Rows must come in order:
// seq n needs seq n-1.
func (s *Store) AppendEvent(ctx context.Context, e domain.Event) (domain.Event, error) {
	return s.record(ctx, e, nil, nil)
}

// Record writes one accepted decision or timer event: the log row (see AppendEvent), the
// dossier's projection (only when seq is newer than the projected one), the
// notifications and the webhook deliveries, in one transaction. It is idempotent on
// (dossier, seq).
func (s *Store) Record(ctx context.Context, in domain.RecordInput) (domain.Event, error) {
	return s.record(ctx, in.Event, &in.Projection, in.Notify)
}

func (s *Store) record(ctx context.Context, e domain.Event, p *domain.Projection, notify []domain.NotifyRequest) (domain.Event, error) {
	e.At = e.At.Truncate(time.Microsecond) // what PostgreSQL keeps, so the hash can be checked later
	if e.StepDueAt != nil {
		t := e.StepDueAt.Truncate(time.Microsecond)
		e.StepDueAt = &t
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM dossiers WHERE id = $1 FOR UPDATE`, e.DossierID); err != nil {
			return fmt.Errorf("store: lock dossier: %w", err)
		}
		var stored domain.Event
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
		e.Hash = domain.EventHash(prev, e)
		_, err = tx.NamedExecContext(ctx, `INSERT INTO dossier_events (`+eventColumns+`)
			VALUES (:dossier_id, :seq, :at, :action, :actor_id, :actor_name, :actor_unit, :receiver, :note, :status,
				:step_name, :step_due_at, :timing, :hash)`, e)
		if err != nil {
			return fmt.Errorf("store: insert event: %w", err)
		}
		if err := project(ctx, tx, e, p); err != nil {
			return err
		}
		if err := fileDocuments(ctx, tx, e); err != nil {
			return err
		}
		if err := insertNotifications(ctx, tx, e, notify); err != nil {
			return err
		}
		if err := s.enqueueNational(ctx, tx, e); err != nil {
			return err
		}
		return enqueueWebhooks(ctx, tx, e)
	})
	return e, err
}

// project moves the dossier's projection to p (or only its status when p is nil), unless a
// newer row was already projected.
func project(ctx context.Context, tx *sqlx.Tx, e domain.Event, p *domain.Projection) error {
	var err error
	if p == nil {
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = $2, updated_at = $3, projected_seq = $4
			WHERE id = $1 AND projected_seq < $4`, e.DossierID, e.Status, e.At, e.Seq)
	} else {
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET status = $2, updated_at = $3, projected_seq = $4,
			step_position = $5, step_name = $6, holder_agency_id = NULLIF($7, 0), assignee_role = $8,
			assignee_id = NULLIF($9, 0), assignee_name = $10, received_at = $11, due_at = $12, step_due_at = $13,
			supplement_due_at = $14, overdue = $15, extensions = $16, finished_at = $17, result_ref = $18,
			rule_version = NULLIF($19, 0), calendar_version = NULLIF($20, 0), payment_due_vnd = $21
			WHERE id = $1 AND projected_seq < $4`, e.DossierID, p.Status, e.At, e.Seq,
			p.StepPosition, p.StepName, p.HolderAgencyID, p.AssigneeRole, p.AssigneeID, p.AssigneeName,
			p.ReceivedAt, p.DueAt, p.StepDueAt, p.SupplementDueAt, p.Overdue, p.Extensions, p.FinishedAt,
			p.ResultRef, p.RuleVersion, p.CalendarVersion, p.PaymentDueVND)
	}
	if err != nil {
		return fmt.Errorf("store: project dossier: %w", err)
	}
	return nil
}

// Events returns a dossier's processing log in order.
func (s *Store) Events(ctx context.Context, dossierID int64) ([]domain.Event, error) {
	es := []domain.Event{}
	if err := s.sel(ctx, &es, `SELECT `+eventColumns+` FROM dossier_events WHERE dossier_id = $1 ORDER BY seq`, dossierID); err != nil {
		return nil, fmt.Errorf("store: events: %w", err)
	}
	return es, nil
}
