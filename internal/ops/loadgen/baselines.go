package loadgen

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	_ "github.com/lib/pq" // the "postgres" driver, for the baseline table
	tclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// BaselineOptions configure the baselines measured before a scenario, each for Duration
// at Concurrency (the scenario's).
type BaselineOptions struct {
	Duration    time.Duration
	Concurrency int
	// DatabaseURL is the stack's PostgreSQL; pgbench inserts and commits one row per
	// transaction into a table of its own there ("": not measured).
	DatabaseURL string
	// PgBench is the pgbench binary; "" looks in PATH, then /usr/lib/postgresql/*/bin.
	PgBench string
	// TemporalAddress and Namespace are the stack's Temporal frontend ("": not measured).
	TemporalAddress string
	Namespace       string
}

// Baseline is one bare rate of this machine, measured in the same run.
type Baseline struct {
	Name string `json:"name"`
	What string `json:"what"`
	// Rate is operations per second at the run's concurrency.
	Rate float64 `json:"rate_per_s"`
	P50  float64 `json:"p50_ms,omitempty"`
	P99  float64 `json:"p99_ms,omitempty"`
	Mean float64 `json:"mean_ms,omitempty"`
	// Error says why it could not be measured.
	Error string `json:"error,omitempty"`
}

// Baseline names.
const (
	BaselinePostgres = "postgres_insert_commit"
	BaselineTemporal = "temporal_workflow_start"
	BaselineGin      = "gin_handler"
)

func measureBaselines(ctx context.Context, o BaselineOptions, progress io.Writer) ([]Baseline, error) {
	if o.Duration <= 0 {
		o.Duration = 10 * time.Second
	}
	var out []Baseline
	add := func(b Baseline, err error) {
		if err != nil {
			b.Error = err.Error()
			progressf(progress, "loadgen: baseline %s not measured: %v\n", b.Name, err)
		}
		out = append(out, b)
	}
	if o.DatabaseURL != "" {
		add(pgbench(ctx, o, progress))
	}
	if o.TemporalAddress != "" {
		add(temporalStarts(ctx, o, progress))
	}
	add(ginRate(ctx, o, progress))
	return out, ctx.Err()
}

var (
	tpsLine     = regexp.MustCompile(`(?m)^tps = ([0-9.]+)`)
	latencyLine = regexp.MustCompile(`(?m)^latency average = ([0-9.]+) ms`)
)

// pgbench runs pgbench with a one-row insert-and-commit script at the run's concurrency
// against the stack's PostgreSQL, in a table it creates and drops.
func pgbench(ctx context.Context, o BaselineOptions, progress io.Writer) (Baseline, error) {
	b := Baseline{Name: BaselinePostgres, What: "pgbench: INSERT of one row, committed, per transaction"}
	bin, err := findPgBench(o.PgBench)
	if err != nil {
		return b, err
	}
	db, err := sql.Open("postgres", o.DatabaseURL)
	if err != nil {
		return b, err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS loadgen_baseline (id bigserial PRIMARY KEY, note text NOT NULL, at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return b, fmt.Errorf("create baseline table: %w", err)
	}
	defer db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS loadgen_baseline`)
	dir, err := os.MkdirTemp("", "loadgen")
	if err != nil {
		return b, err
	}
	defer os.RemoveAll(dir)
	script := filepath.Join(dir, "insert.sql")
	if err := os.WriteFile(script, []byte("INSERT INTO loadgen_baseline (note) VALUES ('loadgen');\n"), 0o644); err != nil {
		return b, err
	}
	secs := max(1, int(o.Duration.Round(time.Second).Seconds()))
	args := []string{"-n", "-c", strconv.Itoa(o.Concurrency), "-j", strconv.Itoa(min(o.Concurrency, 4)),
		"-T", strconv.Itoa(secs), "-f", script, o.DatabaseURL}
	progressf(progress, "loadgen: baseline %s: pgbench -n -c %d -j %d -T %d (%ds)…\n", b.Name, o.Concurrency, min(o.Concurrency, 4), secs, secs)
	raw, err := exec.CommandContext(ctx, bin, args...).CombinedOutput()
	if err != nil {
		return b, fmt.Errorf("pgbench: %w: %s", err, strings.TrimSpace(string(raw)))
	}
	m := tpsLine.FindSubmatch(raw)
	if m == nil {
		return b, fmt.Errorf("pgbench printed no tps: %s", raw)
	}
	b.Rate, _ = strconv.ParseFloat(string(m[1]), 64)
	if m := latencyLine.FindSubmatch(raw); m != nil {
		b.Mean, _ = strconv.ParseFloat(string(m[1]), 64)
	}
	return b, nil
}

func findPgBench(bin string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	if p, err := exec.LookPath("pgbench"); err == nil {
		return p, nil
	}
	for _, v := range []string{"17", "16", "15", "14"} {
		p := "/usr/lib/postgresql/" + v + "/bin/pgbench"
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("pgbench not found (PATH, /usr/lib/postgresql/*/bin)")
}

// noopWorkflow is the baseline's workflow: it does nothing and completes.
func noopWorkflow(workflow.Context) error { return nil }

// temporalStarts measures how many workflows a second the stack's Temporal server starts
// at the run's concurrency: a no-op workflow on a task queue of its own, run by a worker
// in this process.
func temporalStarts(ctx context.Context, o BaselineOptions, progress io.Writer) (Baseline, error) {
	b := Baseline{Name: BaselineTemporal, What: "Temporal: start of a no-op workflow (own task queue, in-loadgen worker)"}
	c, err := tclient.Dial(tclient.Options{HostPort: o.TemporalAddress, Namespace: o.Namespace, Logger: quietLogger{}})
	if err != nil {
		return b, err
	}
	defer c.Close()
	queue := fmt.Sprintf("loadgen-baseline-%d", time.Now().UnixNano())
	w := worker.New(c, queue, worker.Options{})
	w.RegisterWorkflowWithOptions(noopWorkflow, workflow.RegisterOptions{Name: "LoadgenNoop"})
	if err := w.Start(); err != nil {
		return b, err
	}
	defer w.Stop()
	rec := newRecorder()
	rec.active.Store(true)
	elapsed, _, _ := drive(ctx, Options{Scenario: "temporal", Duration: o.Duration, Concurrency: o.Concurrency, Progress: progress}, func(ctx context.Context, i int) error {
		start := time.Now()
		_, err := c.ExecuteWorkflow(ctx, tclient.StartWorkflowOptions{ID: fmt.Sprintf("%s-%d", queue, i), TaskQueue: queue}, "LoadgenNoop")
		rec.record("start", time.Since(start), err)
		return err
	}, rec)
	return b.from(rec, elapsed)
}

// ginRate measures a bare Gin handler answering a small JSON object, served in this
// process on loopback and called by the same client code as the scenarios.
func ginRate(ctx context.Context, o BaselineOptions, progress io.Writer) (Baseline, error) {
	b := Baseline{Name: BaselineGin, What: "bare Gin handler (small JSON answer) on loopback, same HTTP client"}
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.GET("/ping", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"ok": true}) })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return b, err
	}
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(l) }()
	defer srv.Close()
	rec := newRecorder()
	rec.active.Store(true)
	tr := newTransport(o.Concurrency)
	defer tr.CloseIdleConnections()
	c := newClient("http://"+l.Addr().String(), tr, rec)
	elapsed, _, _ := drive(ctx, Options{Scenario: "gin", Duration: o.Duration, Concurrency: o.Concurrency, Progress: progress},
		func(ctx context.Context, _ int) error { return c.get(ctx, "get", "/ping") }, rec)
	return b.from(rec, elapsed)
}

// from fills b's figures from the one operation rec holds.
func (b Baseline) from(rec *recorder, elapsed time.Duration) (Baseline, error) {
	st := rec.stats(elapsed)
	if len(st) != 1 || st[0].Count == 0 {
		return b, errors.New("no operation succeeded")
	}
	b.Rate, b.P50, b.P99, b.Mean = st[0].Rate, st[0].P50, st[0].P99, st[0].Mean
	if st[0].Errors > 0 {
		return b, fmt.Errorf("%d errors: %v", st[0].Errors, st[0].ErrorKinds)
	}
	return b, nil
}

// baselineOf names the baseline an operation is compared with.
func baselineOf(op string) string {
	switch {
	case op == "submission" || op == "submit" || op == "lifecycle" || op == "wait_started" || strings.HasPrefix(op, "decision"):
		return BaselineTemporal
	case op == "draft" || op == "upload":
		return BaselinePostgres
	default: // lookups, inbox, procedure page
		return BaselineGin
	}
}

// compare gives each operation its baseline and ratio.
func compare(rep *Report) {
	rates := map[string]float64{}
	for _, b := range rep.Baselines {
		if b.Error == "" && b.Rate > 0 {
			rates[b.Name] = b.Rate
		}
	}
	for i := range rep.Operations {
		op := &rep.Operations[i]
		name := baselineOf(op.Name)
		if r, ok := rates[name]; ok {
			ratio := op.Rate / r
			op.Baseline, op.Ratio = name, &ratio
		}
	}
}

// DevDatabaseURL is the URL of the private PostgreSQL cluster `dvc dev` runs under
// dataDir (its port read from postmaster.pid).
func DevDatabaseURL(dataDir string) (string, error) {
	raw, err := os.ReadFile(filepath.Join(dataDir, "postgres", "postmaster.pid"))
	if err != nil {
		return "", fmt.Errorf("loadgen: is dvc dev running on %s? %w", dataDir, err)
	}
	lines := strings.Split(string(raw), "\n")
	if len(lines) < 4 {
		return "", fmt.Errorf("loadgen: unexpected %s/postgres/postmaster.pid", dataDir)
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		return "", fmt.Errorf("loadgen: no port in %s/postgres/postmaster.pid", dataDir)
	}
	return fmt.Sprintf("postgres://dvc@127.0.0.1:%d/dvc?sslmode=disable", port), nil
}
