package cluster

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/dvc-project/dvc/internal/testing/faults"
)

// plan is one run's size.
type plan struct {
	Rounds             int // each round kills one process of every kind, in a random order
	Citizens, Officers int
	Lookups            int // public clients looking up acknowledged dossiers on both APIs
	MinUp, MaxUp       time.Duration
	MaxDown            time.Duration
}

var plans = map[string]plan{
	"short": {Rounds: 1, Citizens: 3, Officers: 2, Lookups: 2, MinUp: 2 * time.Second, MaxUp: 6 * time.Second, MaxDown: 2 * time.Second},
	"full":  {Rounds: 3, Citizens: 4, Officers: 2, Lookups: 2, MinUp: 3 * time.Second, MaxUp: 10 * time.Second, MaxDown: 4 * time.Second},
}

// TestCluster starts the shape (see the package comment), checks it is what it claims
// (a standby replica, two Temporal nodes in one membership ring, the shards, PostgreSQL
// visibility), runs the fault run, stops everything and checks that no process is left.
// DVC_CLUSTER=short|full runs it; DVC_CLUSTER=serve keeps the shape up until
// interrupted (or DVC_CLUSTER_SERVE_FOR), for loadgen.
func TestCluster(t *testing.T) {
	mode := os.Getenv("DVC_CLUSTER")
	if mode == "" {
		t.Skip("the cluster run is slow: make cluster or make cluster-short (DVC_CLUSTER=short|full|serve)")
	}
	p, ok := plans[mode]
	if !ok && mode != "serve" {
		t.Fatalf("DVC_CLUSTER=%q: want short, full or serve", mode)
	}
	started := time.Now()
	bin, err := faults.BuildBinary(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("binary built in %s", time.Since(started).Round(time.Second))
	dir, err := os.MkdirTemp("", "dvc-cluster-")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(dir, bin)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		stopping := time.Now()
		c.Stop()
		t.Logf("stopped in %s", time.Since(stopping).Round(100*time.Millisecond))
		if left := Leftovers(dir); len(left) > 0 {
			t.Errorf("processes left after stop:\n%s", strings.Join(left, "\n"))
		}
		if t.Failed() {
			t.Logf("logs kept in %s", dir)
			return
		}
		_ = os.RemoveAll(dir)
	}()
	up := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := c.Start(ctx); err != nil {
		t.Fatalf("start: %v (logs in %s)", err, dir)
	}
	t.Logf("shape up in %s: %s", time.Since(up).Round(100*time.Millisecond), c.describe())
	if mode == "serve" {
		serve(t, c)
		return
	}
	db, err := sqlx.Open("postgres", c.DatabaseURL())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	checkShape(t, c)
	faultRun(t, c, db, p)
	checkVisibility(t, c)
}

// describe is the shape's addresses, for the log.
func (c *Cluster) describe() string {
	return fmt.Sprintf("primary :%d, replica :%d, Temporal's PostgreSQL :%d, Temporal %s, APIs %s, worker metrics %v",
		c.PrimaryPort, c.ReplicaPort, c.TemporalDBPort, c.TemporalAddress(), strings.Join(c.APIURLs(), " "), c.MetricsPorts)
}

// serve keeps the shape up until SIGINT/SIGTERM, DVC_CLUSTER_SERVE_FOR has passed or the
// file DVC_CLUSTER_STOP_FILE exists, and prints what loadgen needs.
func serve(t *testing.T, c *Cluster) {
	var pids []string
	for _, n := range c.Names() {
		pids = append(pids, fmt.Sprintf("%s=%d", n, c.Procs[n].PID()))
	}
	fmt.Printf("\ncluster up (%s)\n  dir: %s\n  processes: %s\n  loadgen: bin/dvc loadgen --url %s --database-url '%s' --temporal 127.0.0.1:%d\n\n",
		c.describe(), c.Dir, strings.Join(pids, " "), strings.Join(c.APIURLs(), ","), c.DatabaseURL(), c.TemporalPorts[0])
	wait := 24 * time.Hour
	if d, err := time.ParseDuration(os.Getenv("DVC_CLUSTER_SERVE_FOR")); err == nil {
		wait = d
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	deadline := time.After(wait)
	for stopFile := os.Getenv("DVC_CLUSTER_STOP_FILE"); ; {
		select {
		case <-ctx.Done():
			return
		case <-deadline:
			return
		case <-time.After(500 * time.Millisecond):
		}
		if _, err := os.Stat(stopFile); stopFile != "" && err == nil {
			return
		}
	}
}

// checkShape checks that the replica is a standby of the primary, and that both Temporal
// nodes are members of one cluster with the shards in PostgreSQL.
func checkShape(t *testing.T, c *Cluster) {
	t.Helper()
	replica := sqlx.MustOpen("postgres", c.ReplicaURL())
	defer replica.Close()
	var standby bool
	if err := replica.Get(&standby, `SELECT pg_is_in_recovery()`); err != nil || !standby {
		t.Fatalf("the read replica is not a standby (%v)", err)
	}
	temporal := sqlx.MustOpen("postgres", c.TemporalDatabaseURL())
	defer temporal.Close()
	var hosts, shards int
	// role 1 is history: both nodes must have joined the history ring.
	if err := temporal.Get(&hosts, `SELECT count(DISTINCT rpc_port) FROM cluster_membership
		WHERE role = 1 AND last_heartbeat > now() AT TIME ZONE 'UTC' - interval '20 seconds'`); err != nil || hosts != 2 {
		t.Fatalf("%d history hosts in Temporal's membership, want 2 (%v)", hosts, err)
	}
	if err := temporal.Get(&shards, `SELECT count(*) FROM shards`); err != nil || shards != HistoryShards {
		t.Fatalf("%d history shards, want %d (%v)", shards, HistoryShards, err)
	}
	hc := &http.Client{Timeout: 5 * time.Second}
	resp, err := hc.Get(c.APIURLs()[0] + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body := readAll(resp)
	if !strings.Contains(body, "behind") {
		t.Errorf("/readyz does not report the replica's staleness: %s", body)
	}
	t.Logf("shape: replica in recovery, %d history hosts, %d shards; /readyz %s", hosts, shards, strings.TrimSpace(body))
}

// checkVisibility checks that Temporal's visibility records are in PostgreSQL.
func checkVisibility(t *testing.T, c *Cluster) {
	t.Helper()
	u, _ := url.Parse(c.TemporalDatabaseURL())
	u.Path = "/temporal_visibility"
	vis := sqlx.MustOpen("postgres", u.String())
	defer vis.Close()
	var n int
	if err := vis.Get(&n, `SELECT count(*) FROM executions_visibility WHERE workflow_type_name = 'DossierWorkflow'`); err != nil || n == 0 {
		t.Errorf("%d dossier workflows in the PostgreSQL visibility store (%v)", n, err)
	}
}

// faultRun puts load on both APIs while killing one process of each kind per round at
// random moments (restarting it after a short while), then checks the outcome.
func faultRun(t *testing.T, c *Cluster, db *sqlx.DB, p plan) {
	started := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
	defer cancel()
	var procID int64
	if err := db.Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	tally, acked := &faults.Tally{}, faults.NewAcked()
	var stop atomic.Bool
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		faults.Load{Bases: c.APIURLs(), Citizens: p.Citizens, Officers: p.Officers, ProcedureID: procID,
			Tally: tally, Acked: acked, Stop: &stop}.Run()
	}()
	looked := make(chan int64)
	for i := range p.Lookups {
		go func() { looked <- lookups(c.APIURLs(), i, tally, acked, &stop) }()
	}
	kills := killer(ctx, t, c, p, started)
	stop.Store(true)
	<-loaded
	var nLookups int64
	for range p.Lookups {
		nLookups += <-looked
	}
	t.Logf("load over after %s", time.Since(started).Round(time.Second))
	o := faults.Check(db, acked, 0, 3*time.Minute)
	for _, problem := range o.Problems {
		t.Errorf("after recovery: %s", problem)
	}
	out, err := c.Verify(ctx)
	if err != nil {
		t.Errorf("dvc verify: %v\n%s", err, out)
	} else {
		t.Logf("dvc verify: %s", strings.TrimSpace(out))
	}
	for _, w := range tally.Wrong {
		t.Errorf("wrong answer: %s", w)
	}
	dossiers, decisions := acked.Counts()
	if dossiers == 0 || decisions == 0 || nLookups == 0 {
		t.Errorf("no load went through (%d dossiers, %d decisions, %d lookups)", dossiers, decisions, nLookups)
	}
	t.Logf("\n| kills | dossiers acknowledged | decisions acknowledged | lookups | lost | duplicated | stuck | wrong answers | 503 seen | connection errors seen | took |\n"+
		"|---|---|---|---|---|---|---|---|---|---|---|\n| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s |",
		kills, dossiers, decisions, nLookups, o.Lost, o.Duplicated, o.Stuck, len(tally.Wrong), tally.Unavailable.Load(),
		tally.ConnErrors.Load(), time.Since(started).Round(time.Second))
}

// killer kills one process of each kind per round, in a random order, each after a
// random time up, and restarts it after a random time down; it returns a summary.
func killer(ctx context.Context, t *testing.T, c *Cluster, p plan, started time.Time) string {
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	between := func(lo, hi time.Duration) time.Duration { return lo + time.Duration(rng.Int64N(int64(hi-lo)+1)) }
	count := map[string]int{}
	for round := range p.Rounds {
		kinds := []string{Temporal, Worker, API, Replica}
		rng.Shuffle(len(kinds), func(i, j int) { kinds[i], kinds[j] = kinds[j], kinds[i] })
		for _, kind := range kinds {
			time.Sleep(between(p.MinUp, p.MaxUp))
			name := kind
			if kind != Replica {
				name = fmt.Sprintf("%s-%d", kind, 1+rng.IntN(2))
			}
			at := time.Since(started)
			if err := c.Kill(name); err != nil {
				t.Fatalf("kill %s: %v", name, err)
			}
			down := between(200*time.Millisecond, p.MaxDown)
			time.Sleep(down)
			if err := c.Restart(ctx, name); err != nil {
				t.Fatalf("restart %s: %v", name, err)
			}
			count[kind]++
			t.Logf("round %d: %s killed at %s, down %s, back after %s", round+1, name, at.Round(100*time.Millisecond),
				down.Round(100*time.Millisecond), (time.Since(started) - at).Round(100*time.Millisecond))
		}
	}
	time.Sleep(p.MinUp) // a little load after the last restart
	return fmt.Sprintf("temporal %d, worker %d, api %d, replica %d", count[Temporal], count[Worker], count[API], count[Replica])
}

// lookups looks the acknowledged dossiers up by code through the public lookup, in turn
// on the APIs, until stop; each must be found (a code the replica does not have yet is
// looked for on the primary). It returns how many it made.
func lookups(bases []string, i int, tally *faults.Tally, acked *faults.Acked, stop *atomic.Bool) int64 {
	client := faults.NewClientOver(bases, i, tally)
	var n int64
	for !stop.Load() {
		codes := acked.Codes()
		if len(codes) == 0 {
			time.Sleep(100 * time.Millisecond)
			continue
		}
		code := codes[rand.IntN(len(codes))]
		if client.JSON(http.MethodGet, "/api/v1/lookup?code="+url.QueryEscape(code), nil, nil, 200, nil) {
			n++
		}
		time.Sleep(20 * time.Millisecond)
	}
	return n
}
