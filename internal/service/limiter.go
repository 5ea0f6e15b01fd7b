package service

import (
	"sync"
	"time"
)

// limiter allows n events per window for each key (a fixed window per key), in memory:
// each API replica limits on its own.
type limiter struct {
	n      int
	window time.Duration
	mu     sync.Mutex
	seen   map[string]*bucket
	now    func() time.Time
}

type bucket struct {
	start time.Time
	count int
}

func newLimiter(n int, window time.Duration, now func() time.Time) *limiter {
	if now == nil {
		now = time.Now
	}
	return &limiter{n: n, window: window, seen: map[string]*bucket{}, now: now}
}

// allow counts an event for key and reports whether it is within the limit.
func (l *limiter) allow(key string) bool {
	ok, _ := l.take(key)
	return ok
}

// take counts an event for key; when it is over the limit it also answers how long until
// the key's window ends (at least one second), for a Retry-After header.
func (l *limiter) take(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if len(l.seen) > 100000 { // forget old windows rather than grow without bound
		for k, b := range l.seen {
			if now.Sub(b.start) > l.window {
				delete(l.seen, k)
			}
		}
	}
	b, ok := l.seen[key]
	if !ok || now.Sub(b.start) > l.window {
		b = &bucket{start: now}
		l.seen[key] = b
	}
	b.count++
	if b.count <= l.n {
		return true, 0
	}
	return false, max(time.Second, b.start.Add(l.window).Sub(now).Round(time.Second))
}
