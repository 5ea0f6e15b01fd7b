package postgres

import (
	"context"
	"fmt"
	"time"
)

// ClaimQuota claims want events of the limit scope ("lookup", "registration") for key
// (a client address) in key's current window, which lasts window and starts anew at the
// first claim after it has ended, on PostgreSQL's clock. limit is how many events the
// window allows in all. It returns how many of want were granted (0 when the window is
// used up) and how long the window still lasts. Every API replica claims from the same
// row (schema/0027_rate_limits.sql), so together they never grant more than limit.
// Errors: domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) ClaimQuota(ctx context.Context, scope, key string, want, limit int, window time.Duration) (int, time.Duration, error) {
	var row struct {
		Used int     `db:"used"`
		Left float64 `db:"remaining"`
	}
	err := s.get(ctx, &row, `INSERT INTO rate_limits AS r (scope, key, window_start, used) VALUES ($1, $2, now(), $3)
		ON CONFLICT (scope, key) DO UPDATE SET
			window_start = CASE WHEN r.window_start <= now() - make_interval(secs => $4) THEN now() ELSE r.window_start END,
			used = CASE WHEN r.window_start <= now() - make_interval(secs => $4) THEN $3
				ELSE LEAST(r.used + $3, 2000000000) END
		RETURNING used, EXTRACT(EPOCH FROM window_start + make_interval(secs => $4) - now())::float8 AS remaining`,
		scope, key, want, window.Seconds())
	if err != nil {
		return 0, 0, fmt.Errorf("store: claim quota: %w", err)
	}
	granted := min(max(limit-(row.Used-want), 0), want)
	return granted, time.Duration(row.Left * float64(time.Second)), nil
}

// PurgeQuotas deletes the rows of scope whose window ended more than a window ago.
// Errors: domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) PurgeQuotas(ctx context.Context, scope string, window time.Duration) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM rate_limits WHERE scope = $1 AND window_start < now() - make_interval(secs => $2)`,
		scope, 2*window.Seconds())
	if err != nil {
		return fmt.Errorf("store: purge quotas: %w", classify(err))
	}
	return nil
}
