package api

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

func newLimiter(n int, window time.Duration) *limiter {
	return &limiter{n: n, window: window, seen: map[string]*bucket{}, now: time.Now}
}

// allow counts an event for key and reports whether it is within the limit.
func (l *limiter) allow(key string) bool {
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
	return b.count <= l.n
}
