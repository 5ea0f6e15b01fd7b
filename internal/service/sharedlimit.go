package service

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/dvc-project/dvc/internal/postgres"
)

// sharedLimiter allows n events per window for each key (a client address) across every
// API replica: the count lives in PostgreSQL (postgres.Store.ClaimQuota). To spare a
// round trip per event, a replica claims a tenth of the limit at a time (at least one)
// and spends it from memory; what it claimed and did not spend is lost when the window
// ends, so the replicas together allow at most n events a window, and fewer when a
// client's requests alternate between replicas. While PostgreSQL cannot be reached,
// each replica limits on its own (the in-memory limiter), so a busy client gets at most
// n per replica.
type sharedLimiter struct {
	scope  string
	n      int
	chunk  int
	window time.Duration
	store  *postgres.Store
	local  *limiter
	log    *slog.Logger
	now    func() time.Time

	mu       sync.Mutex
	leases   map[string]*lease
	purgedAt time.Time
}

// lease is the part of a key's window this replica holds.
type lease struct {
	left  int       // events claimed and not yet spent
	ends  time.Time // when the window ends
	spent bool      // the window is used up in all replicas
}

func newSharedLimiter(scope string, n int, window time.Duration, store *postgres.Store, log *slog.Logger, now func() time.Time) *sharedLimiter {
	return &sharedLimiter{scope: scope, n: n, chunk: max(1, n/10), window: window, store: store,
		local: newLimiter(n, window, now), log: log, now: now, leases: map[string]*lease{}}
}

// take counts an event for key; when it is over the limit it also answers how long until
// the key's window ends (at least one second), for a Retry-After header.
func (l *sharedLimiter) take(ctx context.Context, key string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	if b := l.leases[key]; b != nil && now.Before(b.ends) {
		switch {
		case b.left > 0:
			b.left--
			l.mu.Unlock()
			return true, 0
		case b.spent:
			l.mu.Unlock()
			return false, retryAfter(b.ends, now)
		}
	}
	l.mu.Unlock()
	granted, remaining, err := l.store.ClaimQuota(ctx, l.scope, key, l.chunk, l.n, l.window)
	if err != nil {
		l.log.Warn("shared rate limit unavailable, limiting in this process", "scope", l.scope, "err", err)
		return l.local.take(key)
	}
	ends := now.Add(remaining)
	l.mu.Lock()
	l.leases[key] = &lease{left: max(granted-1, 0), ends: ends, spent: granted == 0}
	purge := l.forget(now)
	l.mu.Unlock()
	if purge {
		if err := l.store.PurgeQuotas(ctx, l.scope, l.window); err != nil {
			l.log.Warn("purging old rate limit windows", "scope", l.scope, "err", err)
		}
	}
	if granted == 0 {
		return false, retryAfter(ends, now)
	}
	return true, 0
}

// forget drops the leases whose window has ended once there are many, and reports
// whether the table's rows of long-ended windows are due for deletion (once a window).
// Caller holds mu.
func (l *sharedLimiter) forget(now time.Time) bool {
	if len(l.leases) > 100000 {
		for k, b := range l.leases {
			if !now.Before(b.ends) {
				delete(l.leases, k)
			}
		}
	}
	if now.Sub(l.purgedAt) < l.window {
		return false
	}
	l.purgedAt = now
	return true
}

// retryAfter is the time from now until ends, rounded, at least a second.
func retryAfter(ends, now time.Time) time.Duration {
	return max(time.Second, ends.Sub(now).Round(time.Second))
}
