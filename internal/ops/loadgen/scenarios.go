package loadgen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	apiclient "github.com/dvc-project/dvc/internal/client"
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// Scenarios lists the scenario names Run accepts.
var Scenarios = []string{"submit", "lookup", "officer", "lifecycle", "mixed"}

// env is what a run's virtual users share: sessions, procedures, the dossiers made in setup.
type env struct {
	opts     Options
	runID    string
	rec      *recorder
	tr       *http.Transport
	anon     *client
	citizens []*client
	officers map[string]*client
	// specialistID is the account id of the route's specialist.
	specialistID int64
	procs        []procedure // the procedures submissions pick from
	routeProc    procedure
	next         atomic.Int64 // round-robin over citizens and procedures

	mu      sync.Mutex
	targets []submitted // dossiers to look up
	queue   []*inflight // dossiers waiting for their next decision
}

// citizen picks the next virtual citizen.
func (e *env) citizen() *client {
	return e.citizens[int(e.next.Add(1))%len(e.citizens)]
}

// setup signs the virtual users in and looks the procedures up.
func (e *env) setup(ctx context.Context) error {
	e.anon = newClient(e.opts.URL, e.tr, e.rec)
	procs, err := findProcedures(ctx, e.anon, append([]string{routeProcedure}, e.opts.Procedures...))
	if err != nil {
		return err
	}
	e.routeProc, e.procs = procs[0], procs[1:]
	if err := e.signInCitizens(ctx); err != nil {
		return err
	}
	e.officers = map[string]*client{}
	for _, name := range officers {
		c := newClient(e.opts.URL, e.tr, e.rec)
		id, err := c.login(ctx, name, demo.Password)
		if err != nil {
			return err
		}
		if name == "chuyenvien" {
			e.specialistID = id
		}
		e.officers[name] = c
	}
	return nil
}

// signInCitizens registers opts.Citizens accounts through the API when a captcha answer
// is given (the stack's auth.test_captcha), else signs the demo citizen in that many times.
func (e *env) signInCitizens(ctx context.Context) error {
	return parallel(ctx, e.opts.Citizens, min(e.opts.Citizens, 4), func(ctx context.Context, i int) error {
		c := newClient(e.opts.URL, e.tr, e.rec)
		if e.opts.Captcha == "" {
			if _, err := c.login(ctx, "congdan", demo.Password); err != nil {
				return err
			}
		} else {
			name := fmt.Sprintf("lg%s-%d", e.runID, i)
			var s session
			body, err := jsonBody(map[string]string{
				"username": name, "password": "Loadgen2026", "password_confirm": "Loadgen2026",
				"full_name": fmt.Sprintf("Người Thử Tải %d", i), "email": name + "@example.vn",
				"phone": fmt.Sprintf("09%08d", rand.IntN(1e8)), "id_number": randomIDNumber(),
				"captcha_id": "loadgen", "captcha_answer": e.opts.Captcha})
			if err != nil {
				return err
			}
			if err := c.call(ctx, op{}, http.StatusCreated, &s, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
				return c.api.RegisterWithBody(ctx, "application/json", body, ed...)
			}); err != nil {
				return fmt.Errorf("register %s (is --captcha the stack's auth.test_captcha?): %w", name, err)
			}
			c.csrf = s.CSRF
		}
		e.mu.Lock()
		e.citizens = append(e.citizens, c)
		e.mu.Unlock()
		return nil
	})
}

// prepare submits n dossiers of the route's procedure before measuring: lookup targets
// and the officers' queue.
func (e *env) prepare(ctx context.Context, n int) error {
	return parallel(ctx, n, e.opts.Concurrency, func(ctx context.Context, _ int) error {
		s, err := e.submit(ctx, e.citizen(), e.routeProc)
		if err != nil {
			return err
		}
		// wait for the workflow to take it in, so that the measured interval starts
		// with no backlog of workflow starts behind it
		d := &inflight{code: s.Code, owner: s.owner}
		if err := e.waitStarted(ctx, d); err != nil {
			return err
		}
		e.mu.Lock()
		e.targets = append(e.targets, s)
		e.queue = append(e.queue, d)
		e.mu.Unlock()
		return nil
	})
}

// parallel runs f(0..n-1) on workers goroutines and returns the first error.
func parallel(ctx context.Context, n, workers int, f func(context.Context, int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, workers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				if err := f(ctx, i); err != nil {
					cancel(err)
				}
			}
		}()
	}
	wg.Wait()
	if err := context.Cause(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return ctx.Err()
}

// submission is one citizen's submission, recorded whole as "submission"; a dossier of
// the route's procedure joins the officers' queue.
func (e *env) submission(ctx context.Context) error {
	procs := e.procs
	p := procs[int(e.next.Load())%len(procs)]
	var s submitted
	err := e.timed("submission", func() error {
		var err error
		s, err = e.submit(ctx, e.citizen(), p)
		return err
	})
	if err == nil && p.ID == e.routeProc.ID {
		e.mu.Lock()
		e.queue = append(e.queue, &inflight{code: s.Code, owner: s.owner})
		e.mu.Unlock()
	}
	return err
}

// sampleTargets adds Options.Sample submitted dossiers, in random order, from the
// stack's database to the lookup targets; it returns how many it added.
func (e *env) sampleTargets(ctx context.Context) (int, error) {
	if !e.opts.Samples() || e.opts.DatabaseURL == "" {
		return 0, nil
	}
	db, err := sql.Open("postgres", e.opts.DatabaseURL)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT code, id_number FROM dossiers
		WHERE code IS NOT NULL AND id_number <> '' ORDER BY random() LIMIT $1`, e.opts.Sample)
	if err != nil {
		return 0, fmt.Errorf("sample lookup targets: %w", err)
	}
	defer rows.Close()
	var sampled []submitted
	for rows.Next() {
		var s submitted
		if err := rows.Scan(&s.Code, &s.IDNumber); err != nil {
			return 0, err
		}
		sampled = append(sampled, s)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	e.mu.Lock()
	// ahead of the few dossiers just submitted, which stay in the mix
	e.targets = append(sampled, e.targets...)
	e.mu.Unlock()
	return len(sampled), nil
}

// lookup is one public lookup: by code, by ID number, or alternately (Options.LookupBy).
func (e *env) lookup(ctx context.Context, i int) error {
	e.mu.Lock()
	t := e.targets[i%len(e.targets)]
	e.mu.Unlock()
	if e.opts.LookupBy == "code" || e.opts.LookupBy == "" && i%2 == 0 {
		return e.anon.call(ctx, op{name: "lookup_code"}, http.StatusOK, nil, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
			return e.anon.api.Lookup(ctx, &apiclient.LookupParams{Code: &t.Code}, ed...)
		})
	}
	return e.anon.call(ctx, op{name: "lookup_id_number"}, http.StatusOK, nil, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return e.anon.api.Lookup(ctx, &apiclient.LookupParams{IdNumber: &t.IDNumber}, ed...)
	})
}

// errNoDossier is an officer step that found no dossier waiting for a decision.
var errNoDossier = errors.New("loadgen: no dossier waiting for a decision (raise --prepare or lower --max-inflight)")

// take removes a random dossier from the officers' queue, waiting up to wait for one.
func (e *env) take(ctx context.Context, wait time.Duration) *inflight {
	deadline := time.Now().Add(wait)
	for {
		e.mu.Lock()
		if n := len(e.queue); n > 0 {
			i := rand.IntN(n)
			d := e.queue[i]
			e.queue[i] = e.queue[n-1]
			e.queue = e.queue[:n-1]
			e.mu.Unlock()
			return d
		}
		e.mu.Unlock()
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// officerStep takes a dossier waiting for a decision (waiting a little when every one is
// in flight), reads the inbox of the officer concerned and makes the decision. It
// submits nothing, so that the officer scenario measures officers only.
func (e *env) officerStep(ctx context.Context) error {
	d := e.take(ctx, 2*time.Second)
	if d == nil {
		e.rec.record("officer_idle", 0, errNoDossier)
		return errNoDossier
	}
	if err := e.inbox(ctx, d); err != nil {
		return err
	}
	if err := e.decide(ctx, d); err != nil {
		return err
	}
	if d.next < len(route) {
		e.mu.Lock()
		e.queue = append(e.queue, d)
		e.mu.Unlock()
	}
	return nil
}

// lifecycle submits a dossier and drives it through the whole route to delivery,
// recorded whole as "lifecycle".
func (e *env) lifecycle(ctx context.Context) error {
	return e.timed("lifecycle", func() error {
		s, err := e.submit(ctx, e.citizen(), e.routeProc)
		if err != nil {
			return err
		}
		d := &inflight{code: s.Code, owner: s.owner}
		for d.next < len(route) {
			if err := e.decide(ctx, d); err != nil {
				return err
			}
		}
		return nil
	})
}

// mixed is a portal's day in miniature: half lookups, a fifth submissions, the rest
// officers reading their inbox and deciding.
func (e *env) mixed(ctx context.Context, i int) error {
	switch r := rand.IntN(100); {
	case r < 50:
		return e.lookup(ctx, i)
	case r < 70:
		return e.submission(ctx)
	default:
		if d := e.take(ctx, 0); d != nil { // put it back for officerStep
			e.mu.Lock()
			e.queue = append(e.queue, d)
			e.mu.Unlock()
			return e.officerStep(ctx)
		}
		return e.lookup(ctx, i) // every dossier is in flight: read instead
	}
}
