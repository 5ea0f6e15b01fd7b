// Package loadgen is dvc's load generator: bounded load against a running stack on
// loopback (the JSON API, as citizens, officers and the public use it), with a progress
// bar, per-operation throughput and latency percentiles, and baselines measured in the
// same run (PostgreSQL insert-and-commit, Temporal workflow start, a bare Gin handler) so
// that figures are ratios that hold on a noisy machine.
package loadgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Options configure a run.
type Options struct {
	// URL is the stack's base URL (http://127.0.0.1:8080), or several API replicas'
	// comma-separated, over which the virtual users are spread in turn.
	URL string
	// Scenario is one of Scenarios.
	Scenario string
	// Duration bounds the measured interval; Count bounds the iterations (one of them).
	Duration time.Duration
	Count    int
	// Rate, when positive, starts that many iterations a second (open loop, at most
	// MaxInFlight at once); otherwise Concurrency virtual users loop (closed loop).
	Rate        float64
	Concurrency int
	MaxInFlight int
	// Captcha is the stack's auth.test_captcha: citizens are then registered through the
	// API; empty means the demo citizen signs in Citizens times.
	Captcha  string
	Citizens int
	// Procedures are the national codes submissions pick from (round-robin).
	Procedures []string
	// Prepare is how many dossiers to submit before measuring (lookup targets, officers'
	// queue); 0 = chosen from the scenario and bounds.
	Prepare int
	// Sample, with DatabaseURL, adds that many submitted dossiers picked at random from
	// the stack's PostgreSQL to the lookup targets (lookup and mixed scenarios), so that
	// lookups spread over the whole table rather than the few dossiers just submitted.
	Sample      int
	DatabaseURL string
	// LookupBy is what the lookup scenario looks dossiers up by: "code", "id_number", or
	// "" for both in turn.
	LookupBy string
	// Progress receives the progress bar (nil: none).
	Progress io.Writer
	// Baselines, when set, measures them before the scenario (see Baselines).
	Baselines *BaselineOptions
}

// Samples reports whether the run samples lookup targets from the database (it then
// needs DatabaseURL).
func (o *Options) Samples() bool {
	return o.Sample > 0 && (o.Scenario == "lookup" || o.Scenario == "mixed")
}

func (o *Options) defaults() error {
	if !slices.Contains(Scenarios, o.Scenario) {
		return fmt.Errorf("loadgen: unknown scenario %q (one of %v)", o.Scenario, Scenarios)
	}
	if !slices.Contains([]string{"", "code", "id_number"}, o.LookupBy) {
		return fmt.Errorf("loadgen: lookup by %q: code, id_number or both (empty)", o.LookupBy)
	}
	if (o.Duration > 0) == (o.Count > 0) {
		return errors.New("loadgen: give either a duration or a count")
	}
	if o.Concurrency <= 0 {
		o.Concurrency = 8
	}
	if o.MaxInFlight <= 0 {
		o.MaxInFlight = 256
	}
	if o.Citizens <= 0 {
		o.Citizens = min(o.Concurrency, 20)
	}
	if len(o.Procedures) == 0 {
		o.Procedures = []string{routeProcedure, "2.000488"}
	}
	if o.Prepare <= 0 {
		o.Prepare = o.preparation()
	}
	return nil
}

// preparation is how many dossiers the scenario needs before measuring.
func (o *Options) preparation() int {
	switch o.Scenario {
	case "lookup":
		return 20
	case "officer", "mixed":
		// enough for every decision at the rate (or count) asked, each dossier giving
		// len(route) decisions; more are submitted on the way if they run out
		n := o.Count
		if o.Rate > 0 && o.Duration > 0 {
			n = int(o.Rate * o.Duration.Seconds())
		}
		if n == 0 {
			n = 40 * o.Concurrency
		}
		if o.Scenario == "mixed" {
			n = n * 3 / 10
		}
		// and at least one per iteration that can be in flight at once
		inflight := o.Concurrency
		if o.Rate > 0 {
			inflight = o.MaxInFlight
		}
		return min(max(20, n/len(route)+1, inflight), 2000)
	}
	return 0
}

// Report is a run's result.
type Report struct {
	Scenario    string  `json:"scenario"`
	Mode        string  `json:"mode"` // "concurrency N" or "rate R/s"
	Concurrency int     `json:"concurrency,omitempty"`
	Rate        float64 `json:"target_rate_per_s,omitempty"`
	// Elapsed is the measured interval in seconds.
	Elapsed    float64 `json:"elapsed_s"`
	Iterations int64   `json:"iterations"`
	// Missed counts iterations the rate asked for but MaxInFlight did not allow.
	Missed     int64      `json:"missed,omitempty"`
	Errors     int64      `json:"errors"`
	Operations []OpStats  `json:"operations"`
	Baselines  []Baseline `json:"baselines,omitempty"`
	Started    time.Time  `json:"started"`
	Prepared   int        `json:"prepared_dossiers,omitempty"`
	// Sampled counts the lookup targets read from the database (Options.Sample).
	Sampled int     `json:"sampled_dossiers,omitempty"`
	Setup   float64 `json:"setup_s"`
}

// Run sets the virtual users up, measures the baselines when asked, then drives the
// scenario and reports.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	rep := &Report{Scenario: opts.Scenario, Started: time.Now()}
	if opts.Baselines != nil {
		b := *opts.Baselines
		if b.Concurrency <= 0 {
			b.Concurrency = opts.Concurrency
		}
		bs, err := measureBaselines(ctx, b, opts.Progress)
		if err != nil {
			return nil, err
		}
		rep.Baselines = bs
	}
	e := &env{opts: opts, runID: strconv.FormatInt(time.Now().UnixNano()%1e9, 36), rec: newRecorder(),
		tr: newTransport(max(opts.Concurrency, opts.MaxInFlight))}
	defer e.tr.CloseIdleConnections()
	setupStart := time.Now()
	progressf(opts.Progress, "loadgen: signing in %d citizens and 3 officers, submitting %d dossiers to start from…\n", opts.Citizens, opts.Prepare)
	if err := e.setup(ctx); err != nil {
		return nil, fmt.Errorf("loadgen: setup: %w", err)
	}
	if err := e.prepare(ctx, opts.Prepare); err != nil {
		return nil, fmt.Errorf("loadgen: setup: %w", err)
	}
	sampled, err := e.sampleTargets(ctx)
	if err != nil {
		return nil, fmt.Errorf("loadgen: setup: %w", err)
	}
	rep.Prepared, rep.Sampled, rep.Setup = opts.Prepare, sampled, time.Since(setupStart).Seconds()
	iterate := e.iteration()
	e.rec.active.Store(true)
	elapsed, iterations, missed := drive(ctx, opts, iterate, e.rec)
	e.rec.active.Store(false)
	rep.Elapsed, rep.Iterations, rep.Missed, rep.Errors = elapsed.Seconds(), iterations, missed, e.rec.errs.Load()
	if opts.Rate > 0 {
		rep.Mode, rep.Rate = fmt.Sprintf("rate %g/s", opts.Rate), opts.Rate
	} else {
		rep.Mode, rep.Concurrency = fmt.Sprintf("concurrency %d", opts.Concurrency), opts.Concurrency
	}
	rep.Operations = e.rec.stats(elapsed)
	compare(rep)
	return rep, ctx.Err()
}

// iteration is the scenario's unit of work.
func (e *env) iteration() func(context.Context, int) error {
	switch e.opts.Scenario {
	case "submit":
		return func(ctx context.Context, _ int) error { return e.submission(ctx) }
	case "lookup":
		return e.lookup
	case "officer":
		return func(ctx context.Context, _ int) error { return e.officerStep(ctx) }
	case "lifecycle":
		return func(ctx context.Context, _ int) error { return e.lifecycle(ctx) }
	default:
		return e.mixed
	}
}

// timed runs f and records it whole under op.
func (e *env) timed(op string, f func() error) error {
	start := time.Now()
	err := f()
	e.rec.record(op, time.Since(start), err)
	return err
}

// drive runs iterations until the duration or count is reached, closed loop (Concurrency
// users) or open loop (Rate a second); requests in flight at the end finish normally.
// It returns the measured interval (until the last iteration ended), the iterations run
// and those the rate asked for but MaxInFlight refused.
func drive(ctx context.Context, o Options, iterate func(context.Context, int) error, rec *recorder) (time.Duration, int64, int64) {
	start := time.Now()
	stopAt := time.Time{}
	if o.Duration > 0 {
		stopAt = start.Add(o.Duration)
	}
	var started, done, missed atomic.Int64
	more := func() (int, bool) {
		if ctx.Err() != nil || !stopAt.IsZero() && time.Now().After(stopAt) {
			return 0, false
		}
		i := started.Add(1)
		if o.Count > 0 && i > int64(o.Count) {
			started.Add(-1)
			return 0, false
		}
		return int(i - 1), true
	}
	reqCtx := context.WithoutCancel(ctx) // let the last requests finish
	one := func(i int) {
		_ = iterate(reqCtx, i)
		done.Add(1)
	}
	stopBar := startProgress(o, start, &done, rec)
	var wg sync.WaitGroup
	if o.Rate > 0 {
		interval := time.Duration(float64(time.Second) / o.Rate)
		inflight := make(chan struct{}, o.MaxInFlight)
		for n := 0; ; n++ {
			if wait := time.Until(start.Add(time.Duration(n) * interval)); wait > 0 {
				time.Sleep(wait)
			}
			i, ok := more()
			if !ok {
				break
			}
			select {
			case inflight <- struct{}{}:
			default:
				missed.Add(1)
				continue
			}
			wg.Add(1)
			go func() {
				defer func() { <-inflight; wg.Done() }()
				one(i)
			}()
		}
	} else {
		for range o.Concurrency {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i, ok := more(); ok; i, ok = more() {
					one(i)
				}
			}()
		}
	}
	wg.Wait()
	elapsed := time.Since(start)
	stopBar()
	return elapsed, done.Load(), missed.Load()
}
