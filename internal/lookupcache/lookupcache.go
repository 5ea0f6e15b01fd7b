// Package lookupcache keeps the public lookup's recent answers by dossier code in the API
// process, so that a citizen refreshing the lookup, or a crowd of them on a busy day, costs
// no database round trip while nothing changed.
//
// Freshness rests on PostgreSQL: triggers (schema/0013_lookup_notify.sql) send the ids of
// the dossiers an UPDATE or DELETE touched on the channel "dvc_lookup" when the transaction
// commits ("*" for a rename of a procedure or an agency, or a statement touching more than
// 500 dossiers), and Listen drops those entries. Three rules keep a reader from seeing an
// answer older than the last change the database has told it about:
//
//   - a read from the database is kept only when no drop happened while it ran (a
//     generation number taken before the read), so an answer read just before a commit
//     cannot be stored after the commit's notification was handled;
//   - nothing is kept while the listening connection is down, and everything is dropped
//     when it comes back (notifications sent meanwhile are lost);
//   - every entry expires after the TTL, which bounds staleness should notifications stop
//     without the connection being seen to fail.
//
// Between a commit and the arrival of its notification (well under a millisecond on one
// machine) a lookup may still show the previous state.
package lookupcache

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Channel is the PostgreSQL notification channel the triggers send on.
const Channel = "dvc_lookup"

// Cache holds up to Max answers by code. A nil *Cache caches nothing. Entries are shared
// between readers: a caller must not modify what Lookup returns.
type Cache struct {
	max int
	ttl time.Duration

	mu        sync.Mutex
	connected bool   // the notification connection is up (the listener's events)
	listening bool   // LISTEN has been issued on it (or will be, on reconnection)
	live      bool   // both: entries may be kept
	gen       uint64 // bumped by every drop
	safeGen   uint64 // the replica holds every change notified up to this generation (see SetFence)
	fence     func(context.Context) error
	kick      chan struct{} // a generation to fence
	byCode    map[string]entry
	codeOf    map[int64]string
	syncs     map[string]chan struct{} // Sync's tokens awaiting their notification

	hits, misses, drops prometheus.Counter

	// ListenLazily's arguments, its start and its end.
	lazy     func()
	lazyOnce sync.Once
	lazyDone chan struct{}
}

type entry struct {
	d  domain.DossierLog
	at time.Time
}

// New returns a cache of at most max entries, each kept at most ttl. It keeps nothing
// until Listen has connected.
func New(max int, ttl time.Duration) *Cache {
	counter := func(name, help string) prometheus.Counter {
		return prometheus.NewCounter(prometheus.CounterOpts{Namespace: "dvc", Subsystem: "lookup_cache", Name: name, Help: help})
	}
	return &Cache{max: max, ttl: ttl,
		byCode: map[string]entry{}, codeOf: map[int64]string{}, syncs: map[string]chan struct{}{},
		kick:   make(chan struct{}, 1),
		hits:   counter("hits_total", "Public lookups by code answered from the cache."),
		misses: counter("misses_total", "Public lookups by code read from the database."),
		drops:  counter("drops_total", "Cache entries dropped on a change notification."),
	}
}

// Register adds the cache's counters to reg.
func (c *Cache) Register(reg prometheus.Registerer) {
	reg.MustRegister(c.hits, c.misses, c.drops)
}

// Lookup returns the answer for code, from the cache when it holds a fresh one, else from
// load (kept when load succeeds and nothing changed meanwhile). Errors are not kept.
func (c *Cache) Lookup(code string, load func() (domain.DossierLog, error)) (domain.DossierLog, error) {
	return c.LookupRead(code, func() (domain.DossierLog, bool, error) {
		d, err := load()
		return d, false, err
	})
}

// LookupRead is Lookup for a load that may read a replica, and says so (replica true):
// such an answer is kept only when the replica was known, before the read began, to hold
// every change notified so far (SetFence); otherwise it is returned and not kept.
func (c *Cache) LookupRead(code string, load func() (d domain.DossierLog, replica bool, err error)) (domain.DossierLog, error) {
	if c == nil {
		d, _, err := load()
		return d, err
	}
	if c.lazy != nil {
		c.lazyOnce.Do(c.lazy)
	}
	c.mu.Lock()
	e, ok := c.byCode[code]
	if ok && time.Since(e.at) < c.ttl {
		c.mu.Unlock()
		c.hits.Inc()
		return e.d, nil
	}
	gen, live, fenced := c.gen, c.live, c.fence != nil && c.safeGen >= c.gen
	c.mu.Unlock()
	c.misses.Inc()
	d, replica, err := load()
	if err != nil || !live || d.Code == nil || *d.Code != code || (replica && !fenced) {
		return d, err // (a dossier is kept under its own code only, so that a drop finds it)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.gen != gen || !c.live {
		return d, nil
	}
	if old, ok := c.byCode[code]; ok {
		delete(c.codeOf, old.d.ID)
	} else if len(c.byCode) >= c.max {
		c.evictOne()
	}
	c.byCode[code] = entry{d: d, at: time.Now()}
	c.codeOf[d.ID] = code
	return d, nil
}

// evictOne removes an entry, the first one map iteration gives (random enough to
// protect the hot codes on average). Caller holds mu.
func (c *Cache) evictOne() {
	for code, e := range c.byCode {
		delete(c.byCode, code)
		delete(c.codeOf, e.d.ID)
		return
	}
}

// Len is the number of entries held.
func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.byCode)
}

// Holds reports whether an answer for code is held (fresh or not).
func (c *Cache) Holds(code string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.byCode[code]
	return ok
}

// Live reports whether answers may be kept now: the listener is connected and listening.
func (c *Cache) Live() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// Drop forgets the answers for the dossiers with ids.
func (c *Cache) Drop(ids ...int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.bumpLocked()
	for _, id := range ids {
		if code, ok := c.codeOf[id]; ok {
			delete(c.codeOf, id)
			delete(c.byCode, code)
			c.drops.Inc()
		}
	}
}

// DropAll forgets every answer.
func (c *Cache) DropAll() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropAllLocked()
}

func (c *Cache) dropAllLocked() {
	c.bumpLocked()
	c.drops.Add(float64(len(c.byCode)))
	clear(c.byCode)
	clear(c.codeOf)
}

// setState changes the connection's state under mu; at every change what is held is
// dropped (on the way down nothing will tell of changes; on the way up some may have been
// missed).
func (c *Cache) setState(change func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	change()
	c.live = c.connected && c.listening
	c.dropAllLocked()
}

// Notifier sends a notification: a *postgres.Store.
type Notifier interface {
	Notify(ctx context.Context, channel, payload string) error
}

// Sync returns once every change committed before the call has reached the cache: it
// sends a token through n on Channel and waits for it (PostgreSQL delivers notifications
// in commit order). For a caller that saw a change in the database and must not see the
// previous answer in the next lookup, as tests do. Without a listening connection there
// is nothing to wait for.
func (c *Cache) Sync(ctx context.Context, n Notifier) error {
	if c == nil {
		return nil
	}
	token := "sync:" + strconv.FormatUint(rand.Uint64(), 36)
	done := make(chan struct{})
	c.mu.Lock()
	if !c.live {
		c.mu.Unlock()
		return nil
	}
	c.syncs[token] = done
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.syncs, token)
		c.mu.Unlock()
	}()
	if err := n.Notify(ctx, Channel, token); err != nil {
		return fmt.Errorf("lookupcache: sync: %w", err)
	}
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("lookupcache: sync: %w", ctx.Err())
	}
}

// handle applies one notification payload: "*", comma-separated dossier ids, or a Sync
// token.
func (c *Cache) handle(payload string) {
	if payload == "*" {
		c.DropAll()
		return
	}
	if strings.HasPrefix(payload, "sync:") {
		c.mu.Lock()
		if done, ok := c.syncs[payload]; ok {
			close(done)
			delete(c.syncs, payload)
		}
		c.mu.Unlock()
		return
	}
	parts := strings.Split(payload, ",")
	ids := make([]int64, 0, len(parts))
	for _, p := range parts {
		id, err := strconv.ParseInt(p, 10, 64)
		if err != nil {
			c.DropAll() // not ours to understand: be safe
			return
		}
		ids = append(ids, id)
	}
	c.Drop(ids...)
}

// ListenLazily makes the first Lookup start Listen(ctx, url, log) in its own goroutine,
// so that a process nobody looks anything up in holds no notification connection (an idle
// `dvc dev` keeps one PostgreSQL backend fewer). Call it before the first Lookup; Wait
// returns when that goroutine has ended.
func (c *Cache) ListenLazily(ctx context.Context, url string, log *slog.Logger) {
	c.lazy = func() {
		c.lazyDone = make(chan struct{})
		go func() {
			defer close(c.lazyDone)
			c.Listen(ctx, url, log)
		}()
	}
}

// Wait returns once the listener ListenLazily started has ended (after its context
// did); from then on no Lookup starts one.
func (c *Cache) Wait() {
	c.lazyOnce.Do(func() {})
	if c.lazyDone != nil {
		<-c.lazyDone
	}
}

// PingEvery is how often Listen checks its connection when no notification arrives.
var PingEvery = 10 * time.Second

// Listen listens on Channel over its own connection to the database at url until ctx
// ends, dropping entries as notifications arrive; the listener (postgres.Listen)
// reconnects after a failure (the cache keeps nothing meanwhile). log receives the
// connection's ups and downs.
func (c *Cache) Listen(ctx context.Context, url string, log *slog.Logger) {
	if c.fence != nil {
		fenced := make(chan struct{})
		defer func() { <-fenced }()
		go func() {
			defer close(fenced)
			c.fenceLoop(ctx, log)
		}()
	}
	err := postgres.Listen(ctx, url, Channel, PingEvery, postgres.ListenHandler{
		Connected: func() { c.setState(func() { c.connected = true }) },
		Reconnected: func() {
			log.Info("lookup cache: listening again")
			c.setState(func() { c.connected = true })
		},
		Disconnected: func(err error) {
			log.Warn("lookup cache: notification connection lost, caching paused", "err", err)
			c.setState(func() { c.connected = false })
		},
		ConnectFailed: func(err error) { log.Warn("lookup cache: cannot reach the database", "err", err) },
		// Only once LISTEN ran may answers be kept; the connection's own events say
		// whether it is up.
		Listening: func() { c.setState(func() { c.listening = true }) },
		Notify:    c.handle,
		Missed: func(err error) {
			if err != nil {
				log.Warn("lookup cache: notification connection does not answer", "err", err)
			}
			c.DropAll()
		},
	})
	if err != nil && ctx.Err() == nil {
		log.Error("lookup cache: listen failed, caching off", "err", err)
	}
	c.setState(func() { c.connected, c.listening = false, false })
}
