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

// DigestItem is a dossier of an officer's daily digest: waiting at their step (assigned
// to them, or unassigned at a step of one of their roles in their agency), due before
// the digest's horizon or past its deadline.
type DigestItem struct {
	AccountID     int64     `db:"account_id"`
	FullName      string    `db:"full_name"`
	Email         string    `db:"email"`
	Code          string    `db:"code"`
	ProcedureName string    `db:"procedure_name"`
	DueAt         time.Time `db:"due_at"`
	Overdue       bool      `db:"overdue"`
}

// DigestItems returns the dossiers of every enabled officer with an e-mail address whose
// step (or, without one, the dossier) is due before horizon, overdue ones marked, by
// officer and deadline.
func (s *Store) DigestItems(ctx context.Context, now, horizon time.Time) ([]DigestItem, error) {
	out := []DigestItem{}
	err := s.db.SelectContext(ctx, &out, `
		SELECT o.id AS account_id, o.full_name, o.email, d.code, p.name AS procedure_name,
			COALESCE(d.step_due_at, d.due_at) AS due_at, COALESCE(d.step_due_at, d.due_at) < $1 AS overdue
		FROM accounts o
		JOIN dossiers d ON d.holder_agency_id = o.agency_id AND d.status IN (1, 2, 4, 6, 9)
			AND (d.assignee_id = o.id OR d.assignee_id IS NULL AND d.assignee_role = ANY (o.roles))
		JOIN procedures p ON p.id = d.procedure_id
		WHERE o.kind = 'staff' AND NOT o.disabled AND o.agency_id IS NOT NULL AND o.email <> ''
			AND COALESCE(d.step_due_at, d.due_at) <= $2
		ORDER BY o.id, COALESCE(d.step_due_at, d.due_at), d.code`, now, horizon)
	if err != nil {
		return nil, fmt.Errorf("store: digest items: %w", classify(err))
	}
	return out, nil
}

// AgencySummary is a leader's daily digest: their agency's open dossiers, those due
// before the horizon, overdue, and waiting for a supplement since before a threshold.
type AgencySummary struct {
	AccountID          int64  `db:"account_id"`
	FullName           string `db:"full_name"`
	Email              string `db:"email"`
	AgencyName         string `db:"agency_name"`
	Open               int    `db:"open"`
	DueSoon            int    `db:"due_soon"`
	Overdue            int    `db:"overdue"`
	SupplementTooLong  int    `db:"supplement_too_long"`
	ResolvedLastPeriod int    `db:"resolved"`
}

// LeaderSummaries returns, for each enabled leader with an e-mail address, their
// agency's summary at now (see AgencySummary; resolved: first finishes since since).
func (s *Store) LeaderSummaries(ctx context.Context, now, horizon, supplementBefore, since time.Time) ([]AgencySummary, error) {
	out := []AgencySummary{}
	err := s.db.SelectContext(ctx, &out, `
		WITH counts AS (
			SELECT d.holder_agency_id AS agency_id, count(*) AS open,
				count(*) FILTER (WHERE d.status IN (2, 4, 6) AND NOT d.overdue AND d.due_at >= $1 AND d.due_at <= $2) AS due_soon,
				count(*) FILTER (WHERE d.status IN (2, 4, 6) AND (d.overdue OR d.due_at < $1)) AS overdue,
				count(*) FILTER (WHERE d.status = 5 AND d.updated_at < $3) AS supplement_too_long
			FROM dossiers d WHERE d.status IN `+openStatuses+` AND d.holder_agency_id IN
				(SELECT agency_id FROM accounts WHERE kind = 'staff' AND 'leader' = ANY (roles) AND NOT disabled)
			GROUP BY 1
		)
		SELECT a.id AS account_id, a.full_name, a.email, g.name AS agency_name, COALESCE(c.open, 0) AS open,
			COALESCE(c.due_soon, 0) AS due_soon, COALESCE(c.overdue, 0) AS overdue,
			COALESCE(c.supplement_too_long, 0) AS supplement_too_long,
			(SELECT count(*) FROM dossiers d WHERE d.agency_id = a.agency_id AND d.log_finished_at >= $4 AND d.log_finished_at < $1
				AND COALESCE(d.finished_at, CASE WHEN d.status IN (3, 7, 8) THEN d.updated_at END, 'infinity'::timestamptz) >= $4) AS resolved
		FROM accounts a JOIN agencies g ON g.id = a.agency_id LEFT JOIN counts c ON c.agency_id = a.agency_id
		WHERE a.kind = 'staff' AND 'leader' = ANY (a.roles) AND NOT a.disabled AND a.email <> ''
		ORDER BY a.id`, now, horizon, supplementBefore, since)
	if err != nil {
		return nil, fmt.Errorf("store: leader summaries: %w", classify(err))
	}
	return out, nil
}

// WriteDigest puts a digest in the outbox for officer accountID, once per day and kind:
// it reports false, writing nothing, when that digest was already written.
func (s *Store) WriteDigest(ctx context.Context, accountID int64, day time.Time, kind, email, subject, body string) (bool, error) {
	written := false
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var got int64
		err := tx.GetContext(ctx, &got, `INSERT INTO digests (account_id, day, kind) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING RETURNING account_id`, accountID, day.Format(time.DateOnly), kind)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("store: digest: %w", err)
		}
		var id int64
		if err := tx.GetContext(ctx, &id, `INSERT INTO notifications (kind, recipient_kind, account_id, email, subject, body)
			VALUES ($1, 'officer', $2, $3, $4, $5) RETURNING id`, "digest_"+kind, accountID, email, subject, body); err != nil {
			return fmt.Errorf("store: digest notification: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE digests SET notification_id = $4 WHERE account_id = $1 AND day = $2 AND kind = $3`,
			accountID, day.Format(time.DateOnly), kind, id); err != nil {
			return fmt.Errorf("store: digest link: %w", err)
		}
		written = true
		return nil
	})
	return written, err
}

// Digests returns the outbox rows of digests (kind digest_…), newest first.
func (s *Store) Digests(ctx context.Context, limit int) ([]domain.Notification, error) {
	ns := []domain.Notification{}
	err := s.db.SelectContext(ctx, &ns, `SELECT `+notificationColumns+` FROM notifications
		WHERE kind LIKE 'digest\_%' ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: digests: %w", classify(err))
	}
	return ns, nil
}
