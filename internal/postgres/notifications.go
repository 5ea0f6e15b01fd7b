package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
)

const notificationColumns = `id, dossier_id, seq, kind, recipient_kind, account_id, email, subject, body,
	created_at, sent_at, transport, attempts, last_error`

// insertNotifications resolves each request to its recipients and writes them to the
// outbox: the citizen (the dossier's e-mail, else its owner's), a named officer, or every
// enabled officer of an agency holding a role.
func insertNotifications(ctx context.Context, tx *sqlx.Tx, e domain.Event, reqs []domain.NotifyRequest) error {
	for _, r := range reqs {
		var err error
		switch {
		case r.Citizen:
			_, err = tx.ExecContext(ctx, `INSERT INTO notifications
				(dossier_id, seq, kind, recipient_kind, account_id, email, subject, body)
				SELECT d.id, $2, $3, 'citizen', d.owner_id, COALESCE(NULLIF(d.email, ''), a.email, ''), $4, $5
				FROM dossiers d LEFT JOIN accounts a ON a.id = d.owner_id
				WHERE d.id = $1 AND COALESCE(NULLIF(d.email, ''), a.email, '') <> ''`,
				e.DossierID, e.Seq, r.Kind, r.Subject, r.Body)
		case r.AccountID != 0:
			_, err = tx.ExecContext(ctx, `INSERT INTO notifications
				(dossier_id, seq, kind, recipient_kind, account_id, email, subject, body)
				SELECT $1, $2, $3, 'officer', a.id, a.email, $5, $6 FROM accounts a WHERE a.id = $4 AND NOT a.disabled`,
				e.DossierID, e.Seq, r.Kind, r.AccountID, r.Subject, r.Body)
		case r.AgencyID != 0 && r.Role != "":
			_, err = tx.ExecContext(ctx, `INSERT INTO notifications
				(dossier_id, seq, kind, recipient_kind, account_id, email, subject, body)
				SELECT $1, $2, $3, 'officer', a.id, a.email, $6, $7 FROM accounts a
				WHERE a.agency_id = $4 AND $5 = ANY (a.roles) AND NOT a.disabled ORDER BY a.id`,
				e.DossierID, e.Seq, r.Kind, r.AgencyID, r.Role, r.Subject, r.Body)
		}
		if err != nil {
			return fmt.Errorf("store: notification %s: %w", r.Kind, err)
		}
	}
	return nil
}

// Notifications returns a dossier's outbox rows in order.
func (s *Store) Notifications(ctx context.Context, dossierID int64) ([]domain.Notification, error) {
	ns := []domain.Notification{}
	err := s.db.SelectContext(ctx, &ns, `SELECT `+notificationColumns+` FROM notifications
		WHERE dossier_id = $1 ORDER BY id`, dossierID)
	if err != nil {
		return nil, fmt.Errorf("store: notifications: %w", err)
	}
	return ns, nil
}

// RecentNotifications returns the newest outbox rows, for the development mailbox.
func (s *Store) RecentNotifications(ctx context.Context, limit int) ([]domain.Notification, error) {
	ns := []domain.Notification{}
	err := s.db.SelectContext(ctx, &ns, `SELECT `+notificationColumns+` FROM notifications ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: recent notifications: %w", err)
	}
	return ns, nil
}

// ClaimUnsent locks up to limit unsent notifications for one dispatcher (others skip them)
// and hands them to send inside the transaction; send's result marks each row.
func (s *Store) ClaimUnsent(ctx context.Context, limit int, send func(domain.Notification) (transport string, err error)) (int, error) {
	sent := 0
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var ns []domain.Notification
		if err := tx.SelectContext(ctx, &ns, `SELECT `+notificationColumns+` FROM notifications
			WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit); err != nil {
			return fmt.Errorf("store: claim notifications: %w", err)
		}
		for _, n := range ns {
			transport, err := send(n)
			if err != nil {
				if _, err := tx.ExecContext(ctx, `UPDATE notifications SET attempts = attempts + 1, last_error = $2 WHERE id = $1`,
					n.ID, err.Error()); err != nil {
					return fmt.Errorf("store: mark notification failed: %w", err)
				}
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE notifications SET attempts = attempts + 1, sent_at = now(), transport = $2,
				last_error = '' WHERE id = $1`, n.ID, transport); err != nil {
				return fmt.Errorf("store: mark notification sent: %w", err)
			}
			sent++
		}
		return nil
	})
	return sent, err
}
