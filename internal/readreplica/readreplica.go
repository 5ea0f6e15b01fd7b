// Package readreplica sends the reads that decide nothing (the public lookup, the
// statistics, the catalogue's index, the exports) to a streaming replica of the primary
// (database.read_url) while it is known to be close enough behind, and says how far
// behind it may be.
//
// The bound is measured, not assumed. Every Every, the router notes the primary's WAL
// insert position P at time t (every transaction committed before t has its commit
// record at or before P), then asks the replica how far it has replayed (R). The latest
// noted (t, P) with P <= R proves that the replica holds everything committed before t:
// a read on it now misses at most what was committed since t, so now - t bounds its
// staleness. Reads go to the replica while that bound is within MaxStaleness and the
// replica answers; otherwise to the primary. The bound is exported as the gauge
// dvc_read_replica_staleness_seconds.
package readreplica

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Options configure a Router.
type Options struct {
	Primary, Replica *postgres.Store
	// MaxStaleness is the largest staleness bound at which reads still go to the replica.
	MaxStaleness time.Duration
	// Every is the pause between two measurements; 100 ms when 0.
	Every time.Duration
	Log   *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
}

// mark is the primary's WAL position noted at a time.
type mark struct {
	at  time.Time
	pos int64
}

// Router chooses the database of each read. Its methods are safe for concurrent use; a
// nil *Router sends every read to the primary it does not know, so callers use Store.
type Router struct {
	o Options

	mu      sync.Mutex
	marks   []mark    // recent notes of the primary's position, oldest first
	safeAt  time.Time // the replica holds every commit before it (zero: unknown)
	up      bool      // the replica answered the last measurement
	standby bool      // it said it is a standby

	staleness prometheus.Gauge
	reads     *prometheus.CounterVec
}

// New returns a router; Run measures.
func New(o Options) *Router {
	if o.Every <= 0 {
		o.Every = 100 * time.Millisecond
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	return &Router{o: o,
		staleness: prometheus.NewGauge(prometheus.GaugeOpts{Name: "dvc_read_replica_staleness_seconds",
			Help: "Upper bound of how far the read replica is behind the primary (-1: unknown, reads on the primary)."}),
		reads: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "dvc_read_replica_reads_total",
			Help: "Reads that could go to the replica, by the database that served them."}, []string{"database"}),
	}
}

// Register adds the router's metrics to reg.
func (r *Router) Register(reg prometheus.Registerer) { reg.MustRegister(r.staleness, r.reads) }

// Run measures the replica every Every until ctx ends.
func (r *Router) Run(ctx context.Context) {
	t := time.NewTicker(r.o.Every)
	defer t.Stop()
	for {
		r.measure(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// measure notes the primary's position, then reads the replica's and moves safeAt.
func (r *Router) measure(ctx context.Context) {
	ctx, cancel := context.WithTimeout(ctx, max(r.o.Every, time.Second))
	defer cancel()
	at := r.o.Now()
	pos, err := r.o.Primary.WALPosition(ctx)
	if err == nil {
		r.mu.Lock()
		r.marks = append(r.marks, mark{at: at, pos: pos})
		if len(r.marks) > 1024 {
			r.marks = r.marks[len(r.marks)-1024:]
		}
		r.mu.Unlock()
	}
	replayed, standby, rerr := r.o.Replica.ReplayPosition(ctx)
	r.mu.Lock()
	defer r.mu.Unlock()
	wasUp := r.up
	r.up, r.standby = rerr == nil, standby
	switch {
	case rerr != nil:
		if wasUp {
			r.o.Log.Warn("read replica unreachable: reads go to the primary", "err", rerr)
		}
	case !standby:
		r.safeAt = at // not a standby: it is the primary, or was promoted
	default:
		for i := len(r.marks) - 1; i >= 0; i-- {
			if r.marks[i].pos <= replayed {
				if r.marks[i].at.After(r.safeAt) {
					r.safeAt = r.marks[i].at
				}
				r.marks = r.marks[i:]
				break
			}
		}
	}
	if rerr == nil && !wasUp {
		r.o.Log.Info("read replica answering", "standby", standby)
	}
	if b, ok := r.boundLocked(); ok {
		r.staleness.Set(b.Seconds())
	} else {
		r.staleness.Set(-1)
	}
}

// boundLocked is the staleness bound now, and false when the replica is down or was
// never measured. Caller holds mu.
func (r *Router) boundLocked() (time.Duration, bool) {
	if !r.up || r.safeAt.IsZero() {
		return 0, false
	}
	return r.o.Now().Sub(r.safeAt), true
}

// Staleness is the bound of how far a read on the replica may be behind the primary
// now, and false when it is unknown (the replica is down or not measured yet).
func (r *Router) Staleness() (time.Duration, bool) {
	if r == nil {
		return 0, false
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.boundLocked()
}

// Store returns the store a read that decides nothing should use now, and whether it
// is the replica.
func (r *Router) Store(primary *postgres.Store) (*postgres.Store, bool) {
	if r == nil {
		return primary, false
	}
	r.mu.Lock()
	b, ok := r.boundLocked()
	r.mu.Unlock()
	if ok && b <= r.o.MaxStaleness {
		return r.o.Replica, true
	}
	return r.o.Primary, false
}

// Failed records that a read on the replica failed with err: when err says the replica
// cannot be reached, reads go to the primary until the next measurement finds it again.
func (r *Router) Failed(err error) {
	if r == nil || !domain.IsKind(err, domain.Unavailable) {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.up {
		r.o.Log.Warn("read replica failed a read: reads go to the primary", "err", err)
	}
	r.up = false
}

// Served counts a read served by the replica (true) or the primary.
func (r *Router) Served(replica bool) {
	if r == nil {
		return
	}
	if replica {
		r.reads.WithLabelValues("replica").Inc()
	} else {
		r.reads.WithLabelValues("primary").Inc()
	}
}

// Fence returns once the replica holds every transaction committed before the call
// (it notes the primary's position, then waits for the replica to replay it), or
// fails when that takes longer than MaxStaleness or a database does not answer. The
// lookup cache calls it before it keeps answers read on the replica.
func (r *Router) Fence(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, r.o.MaxStaleness)
	defer cancel()
	want, err := r.o.Primary.WALPosition(ctx)
	if err != nil {
		return err
	}
	wait := 500 * time.Microsecond
	for {
		got, standby, err := r.o.Replica.ReplayPosition(ctx)
		if err != nil {
			return err
		}
		if !standby || got >= want {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 20*time.Millisecond)
	}
}
