package faults

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" driver
)

// plan is one run's size.
type plan struct {
	Kills     int // of the scenario's process
	Citizens  int // concurrent citizen clients
	Officers  int // concurrent officer clients
	MinUp     time.Duration
	MaxUp     time.Duration // time between a restart and the next kill
	MaxDown   time.Duration // time a killed process stays down
	Scenarios []string
}

var plans = map[string]plan{
	"short": {Kills: 2, Citizens: 3, Officers: 2, MinUp: 2 * time.Second, MaxUp: 5 * time.Second, MaxDown: 2 * time.Second,
		Scenarios: []string{Worker, API, Temporal, Postgres}},
	"full": {Kills: 8, Citizens: 4, Officers: 2, MinUp: 3 * time.Second, MaxUp: 10 * time.Second, MaxDown: 4 * time.Second,
		Scenarios: []string{Worker, API, Temporal, Postgres}},
}

// TestFaults runs, for each scenario, a bounded load of submissions and officer
// decisions against the parts as separate processes while killing the scenario's process
// at random moments, then checks that every acknowledged submission and decision is
// there exactly once, every dossier reaches its expected state, `dvc verify` finds
// nothing and the clients saw only retryable errors. DVC_FAULTS=short or full runs it;
// DVC_FAULTS_SCENARIOS=worker,api narrows it; DVC_FAULTS_KILLS overrides the kills.
func TestFaults(t *testing.T) {
	mode := os.Getenv("DVC_FAULTS")
	if mode == "" {
		t.Skip("fault runs are slow: run them with make faults or make faults-short (DVC_FAULTS=short|full)")
	}
	p, ok := plans[mode]
	if !ok {
		t.Fatalf("DVC_FAULTS=%q: want short or full", mode)
	}
	if s := os.Getenv("DVC_FAULTS_SCENARIOS"); s != "" {
		p.Scenarios = strings.Split(s, ",")
	}
	if k := os.Getenv("DVC_FAULTS_KILLS"); k != "" {
		if _, err := fmt.Sscan(k, &p.Kills); err != nil {
			t.Fatalf("DVC_FAULTS_KILLS=%q: %v", k, err)
		}
	}
	binDir := t.TempDir()
	bin, err := BuildBinary(context.Background(), binDir)
	if err != nil {
		t.Fatal(err)
	}
	s, db := newStack(t, bin)
	var rows []string
	for _, sc := range p.Scenarios {
		t.Run(sc, func(t *testing.T) {
			r := runScenario(t, s, db, sc, p)
			rows = append(rows, r.row())
		})
	}
	t.Logf("\n| process killed | kills | dossiers acknowledged | decisions acknowledged | lost | duplicated | stuck | wrong answers | 503 seen | connection errors seen | took |\n|---|---|---|---|---|---|---|---|---|---|---|\n%s",
		strings.Join(rows, "\n"))
	if out := os.Getenv("DVC_FAULTS_REPORT"); out != "" {
		_ = os.WriteFile(out, []byte(strings.Join(rows, "\n")+"\n"), 0o644)
	}
}

// result is one scenario's figures.
type result struct {
	Scenario                       string
	Kills                          int
	Dossiers, Decisions            int
	Lost, Duplicated, Stuck, Wrong int
	Unavailable, ConnErrors        int64
	Took                           time.Duration
}

func (r result) row() string {
	return fmt.Sprintf("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |", r.Scenario, r.Kills, r.Dossiers, r.Decisions,
		r.Lost, r.Duplicated, r.Stuck, r.Wrong, r.Unavailable, r.ConnErrors, r.Took.Round(time.Second))
}

// newStack starts the whole stack in a fresh directory, kept when the test fails.
func newStack(t *testing.T, bin string) (*Stack, *sqlx.DB) {
	dir, err := os.MkdirTemp("", "dvc-faults-")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewStack(dir, bin)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	t.Cleanup(func() {
		s.Stop()
		if t.Failed() {
			t.Logf("process logs kept in %s", dir)
			return
		}
		_ = os.RemoveAll(dir)
	})
	if err := s.StartNationalPortal(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Portal.Close() })
	if err := s.Start(ctx); err != nil {
		t.Fatalf("start: %v (logs in %s)", err, dir)
	}
	t.Logf("stack up after %s", time.Since(started).Round(time.Second))
	db, err := sqlx.Open("postgres", s.DatabaseURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return s, db
}

func runScenario(t *testing.T, s *Stack, db *sqlx.DB, scenario string, p plan) result {
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	var before int
	if err := db.Get(&before, `SELECT count(*) FROM dossiers WHERE code IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	var procID int64
	if err := db.Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}

	tally := &Tally{}
	done := NewAcked()
	var stopLoad atomic.Bool

	// The killer: Kills times, wait, kill, stay down, restart.
	killErr := make(chan error, 1)
	go func() {
		defer stopLoad.Store(true)
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
		between := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(rng.Int64N(int64(hi-lo)+1)) }
		for i := 0; i < p.Kills; i++ {
			time.Sleep(between(p.MinUp, p.MaxUp))
			if err := s.Kill(scenario); err != nil {
				killErr <- fmt.Errorf("kill %d: %w", i+1, err)
				return
			}
			time.Sleep(between(200*time.Millisecond, p.MaxDown))
			if err := s.Restart(ctx, scenario); err != nil {
				killErr <- fmt.Errorf("restart %d: %w", i+1, err)
				return
			}
			t.Logf("%s: kill %d of %d done at %s", scenario, i+1, p.Kills, time.Since(started).Round(100*time.Millisecond))
		}
		time.Sleep(p.MinUp) // a little load after the last restart
		killErr <- nil
	}()
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		Load{Bases: []string{s.BaseURL()}, Citizens: p.Citizens, Officers: p.Officers, ProcedureID: procID,
			Tally: tally, Acked: done, Stop: &stopLoad}.Run()
	}()
	if err := <-killErr; err != nil {
		stopLoad.Store(true)
		t.Errorf("%s: %v", scenario, err)
	}
	<-loaded

	t.Logf("%s: load over after %s", scenario, time.Since(started).Round(time.Second))
	// Recovery: every acknowledged dossier reaches its state, then verify.
	r := result{Scenario: scenario, Kills: p.Kills, Wrong: len(tally.Wrong),
		Unavailable: tally.Unavailable.Load(), ConnErrors: tally.ConnErrors.Load()}
	r.Dossiers, r.Decisions = done.Counts()
	o := Check(db, done, before, 3*time.Minute)
	for _, problem := range o.Problems {
		t.Errorf("after recovery: %s", problem)
	}
	r.Lost, r.Duplicated, r.Stuck = o.Lost, o.Duplicated, o.Stuck
	t.Logf("%s: recovered after %s", scenario, time.Since(started).Round(time.Second))
	out, err := s.Verify(ctx)
	if err != nil {
		t.Errorf("%s: dvc verify: %v\n%s", scenario, err, out)
	} else {
		t.Logf("%s: dvc verify: %s", scenario, strings.TrimSpace(out))
	}
	checkNational(t, s, db, done, 3*time.Minute)
	for _, w := range tally.Wrong {
		t.Errorf("%s: wrong answer: %s", scenario, w)
	}
	if r.Dossiers == 0 || r.Decisions == 0 {
		t.Errorf("%s: no load went through (%d dossiers, %d decisions)", scenario, r.Dossiers, r.Decisions)
	}
	r.Took = time.Since(started)
	t.Logf("%s", r.row())
	return r
}
