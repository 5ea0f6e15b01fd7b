package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// ErrSubscriptionNotFound answers a webhook subscription that is not the caller's.
var ErrSubscriptionNotFound = domain.NewError(domain.NotFound, "subscription_not_found", "Không tìm thấy đăng ký webhook.")

// ErrDeliveryNotFound answers an unknown webhook delivery.
var ErrDeliveryNotFound = domain.NewError(domain.NotFound, "delivery_not_found", "Không tìm thấy lần gửi webhook.")

// enqueueWebhooks adds, in the log row's transaction, one delivery of each event e raises
// to every live subscription of a live client whose agency scope holds the dossier.
func enqueueWebhooks(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	var prev domain.Status
	if e.Seq > 1 {
		if err := tx.GetContext(ctx, &prev, `SELECT status FROM dossier_events WHERE dossier_id = $1 AND seq = $2`, e.DossierID, e.Seq-1); err != nil {
			return fmt.Errorf("store: previous status: %w", err)
		}
	}
	types := domain.WebhookEvents(e, prev)
	if len(types) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO webhook_deliveries (subscription_id, event_id, event_type, dossier_id, seq, payload)
		SELECT s.id, d.code || '/' || $2::int || '/' || t.type, t.type, d.id, $2,
			jsonb_build_object('id', d.code || '/' || $2::int || '/' || t.type, 'type', t.type, 'occurred_at', $3::timestamptz,
				'dossier', jsonb_build_object('code', d.code, 'agency_code', g.code, 'status', $4::int),
				'log', jsonb_build_object('seq', $2::int, 'action', $5::text, 'actor_name', $6::text, 'at', $3::timestamptz))
		FROM unnest($7::text[]) WITH ORDINALITY AS t(type, n)
		JOIN webhook_subscriptions s ON t.type = ANY (s.events) AND s.deleted_at IS NULL
		JOIN api_clients c ON c.id = s.client_id AND c.revoked_at IS NULL
		JOIN dossiers d ON d.id = $1 AND d.code IS NOT NULL
		JOIN agencies g ON g.id = d.agency_id
		WHERE c.agency_id IS NULL OR c.agency_id = d.agency_id OR c.agency_id = d.holder_agency_id
		ORDER BY t.n, s.id
		ON CONFLICT (subscription_id, event_id) DO NOTHING`,
		e.DossierID, e.Seq, e.At, int(e.Status), e.Action, e.ActorName, pq.Array(types))
	if err != nil {
		return fmt.Errorf("store: enqueue webhooks: %w", err)
	}
	return nil
}

// CreateSubscription stores client id's subscription to events at url, signed with secret.
func (s *Store) CreateSubscription(ctx context.Context, clientID int64, url string, events []string, secret string) (domain.WebhookSubscription, error) {
	var sub domain.WebhookSubscription
	err := s.db.GetContext(ctx, &sub, `INSERT INTO webhook_subscriptions (client_id, url, events, secret) VALUES ($1, $2, $3, $4)
		RETURNING id, client_id, url, events, created_at`, clientID, url, pq.Array(events), secret)
	if err != nil {
		return sub, fmt.Errorf("store: create subscription: %w", err)
	}
	return sub, nil
}

// Subscriptions lists client id's live subscriptions.
func (s *Store) Subscriptions(ctx context.Context, clientID int64) ([]domain.WebhookSubscription, error) {
	subs := []domain.WebhookSubscription{}
	if err := s.db.SelectContext(ctx, &subs, `SELECT id, client_id, url, events, created_at FROM webhook_subscriptions
		WHERE client_id = $1 AND deleted_at IS NULL ORDER BY id`, clientID); err != nil {
		return nil, fmt.Errorf("store: subscriptions: %w", err)
	}
	return subs, nil
}

// DeleteSubscription ends client id's subscription sub (its pending deliveries are still
// sent). Errors: subscription_not_found.
func (s *Store) DeleteSubscription(ctx context.Context, clientID, sub int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_subscriptions SET deleted_at = now()
		WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL`, sub, clientID)
	if err != nil {
		return fmt.Errorf("store: delete subscription: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrSubscriptionNotFound
	}
	return nil
}

const deliveryColumns = `w.id, w.subscription_id, s.client_id, s.url, w.event_id, w.event_type, d.code AS dossier_code, w.seq,
	w.payload, w.created_at, w.attempts, w.next_attempt_at, w.delivered_at, w.failed_at, w.last_status, w.last_error`

// WebhookFilter selects deliveries for the admin: of a client (0: all), in a state
// ("pending", "delivered", "failed"; "": all), the newest first.
type WebhookFilter struct {
	ClientID int64
	State    string
	Limit    int
	Offset   int
}

// Deliveries lists deliveries as f selects them.
func (s *Store) Deliveries(ctx context.Context, f WebhookFilter) ([]domain.WebhookDelivery, error) {
	ds := []domain.WebhookDelivery{}
	err := s.db.SelectContext(ctx, &ds, `SELECT `+deliveryColumns+` FROM webhook_deliveries w
		JOIN webhook_subscriptions s ON s.id = w.subscription_id JOIN dossiers d ON d.id = w.dossier_id
		WHERE ($1 = 0 OR s.client_id = $1) AND CASE $2
			WHEN 'pending' THEN w.delivered_at IS NULL AND w.failed_at IS NULL
			WHEN 'delivered' THEN w.delivered_at IS NOT NULL
			WHEN 'failed' THEN w.failed_at IS NOT NULL ELSE true END
		ORDER BY w.id DESC LIMIT $3 OFFSET $4`, f.ClientID, f.State, f.Limit, f.Offset)
	if err != nil {
		return nil, fmt.Errorf("store: deliveries: %w", err)
	}
	return ds, nil
}

// ReplayDelivery sends delivery id again (with the same event id) from the next pass.
// Errors: delivery_not_found.
func (s *Store) ReplayDelivery(ctx context.Context, id int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET delivered_at = NULL, failed_at = NULL, attempts = 0,
		next_attempt_at = now(), last_error = '' WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("store: replay delivery: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrDeliveryNotFound
	}
	return nil
}

// ClaimDeliveries claims up to limit due deliveries of live clients, each the oldest
// undelivered one of its subscription and dossier (so a dossier's events go out in
// order), for lease: they are not claimed again before it ends. It counts the attempt.
// A revoked client's deliveries wait (an administrator can replay them).
func (s *Store) ClaimDeliveries(ctx context.Context, limit int, lease time.Duration) ([]domain.WebhookDelivery, error) {
	ds := []domain.WebhookDelivery{}
	err := s.db.SelectContext(ctx, &ds, `WITH due AS (
			SELECT h.id FROM webhook_deliveries h JOIN webhook_subscriptions hs ON hs.id = h.subscription_id
			JOIN api_clients hc ON hc.id = hs.client_id AND hc.revoked_at IS NULL
			WHERE h.delivered_at IS NULL AND h.failed_at IS NULL AND h.next_attempt_at <= now()
			AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p WHERE p.subscription_id = h.subscription_id
				AND p.dossier_id = h.dossier_id AND p.delivered_at IS NULL AND p.failed_at IS NULL AND (p.seq, p.id) < (h.seq, h.id))
			ORDER BY h.next_attempt_at, h.id LIMIT $1 FOR UPDATE OF h SKIP LOCKED),
		claimed AS (
			UPDATE webhook_deliveries w SET attempts = w.attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond'
			FROM due WHERE w.id = due.id RETURNING w.*)
		SELECT `+deliveryColumns+`, s.secret FROM claimed w JOIN webhook_subscriptions s ON s.id = w.subscription_id
		JOIN dossiers d ON d.id = w.dossier_id ORDER BY w.id`, limit, lease.Milliseconds())
	if err != nil {
		return nil, fmt.Errorf("store: claim deliveries: %w", err)
	}
	return ds, nil
}

// DeliveryDone records delivery id's outcome: delivered (err nil), or retried after
// retryIn, or failed for good when it is older than giveUp.
func (s *Store) DeliveryDone(ctx context.Context, id int64, status int, deliverErr error, retryIn, giveUp time.Duration) error {
	var err error
	if deliverErr == nil {
		_, err = s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET delivered_at = now(), last_status = $2, last_error = ''
			WHERE id = $1`, id, status)
	} else {
		_, err = s.db.ExecContext(ctx, `UPDATE webhook_deliveries SET last_status = $2, last_error = left($3, 500),
			next_attempt_at = now() + $4 * interval '1 millisecond',
			failed_at = CASE WHEN created_at < now() - $5 * interval '1 millisecond' THEN now() END
			WHERE id = $1`, id, status, deliverErr.Error(), retryIn.Milliseconds(), giveUp.Milliseconds())
	}
	if err != nil {
		return fmt.Errorf("store: delivery outcome: %w", err)
	}
	return nil
}

// Subscription returns subscription id of client clientID. Errors: subscription_not_found.
func (s *Store) Subscription(ctx context.Context, clientID, id int64) (domain.WebhookSubscription, error) {
	var sub domain.WebhookSubscription
	err := s.db.GetContext(ctx, &sub, `SELECT id, client_id, url, events, created_at FROM webhook_subscriptions
		WHERE id = $1 AND client_id = $2 AND deleted_at IS NULL`, id, clientID)
	if errors.Is(err, sql.ErrNoRows) {
		return sub, ErrSubscriptionNotFound
	}
	if err != nil {
		return sub, fmt.Errorf("store: subscription: %w", err)
	}
	return sub, nil
}
