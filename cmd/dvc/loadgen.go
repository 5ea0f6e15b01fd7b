package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/dvc-project/dvc/internal/ops/loadgen"
)

const loadgenUsage = `Usage: dvc loadgen [flags]

Bounded load against a running dvc stack on loopback (start it with
  dvc dev --auth.test_captcha LOADGEN --http.lookup_limit 1000000 --http.registration_limit 1000000
so that citizens can be registered and lookups are not throttled), with a progress
bar on stderr and a report of throughput and latency percentiles per operation.

Scenarios: submit, lookup, officer, lifecycle, mixed. Give --duration or --count,
and --concurrency (closed loop) or --rate (open loop). --baselines measures, in the
same run and at the same concurrency, pgbench's one-row insert-and-commit rate of the
stack's PostgreSQL, the no-op workflow-start rate of its Temporal server and a bare
Gin handler's rate, and reports each figure as a ratio to its baseline.

Flags:
`

// runLoadgen parses the flags, runs the load and prints the report.
func runLoadgen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("dvc loadgen", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { _, _ = fmt.Fprint(stderr, loadgenUsage); fs.PrintDefaults() }
	var o loadgen.Options
	fs.StringVar(&o.URL, "url", "http://127.0.0.1:8080", "base URL of the running stack (loopback only); several API replicas comma-separated: the users are spread over them")
	fs.StringVar(&o.Scenario, "scenario", "submit", "submit, lookup, officer, lifecycle or mixed")
	fs.DurationVar(&o.Duration, "duration", 0, "measure for this long (or --count)")
	fs.IntVar(&o.Count, "count", 0, "run this many iterations (or --duration)")
	fs.Float64Var(&o.Rate, "rate", 0, "start this many iterations a second (open loop); 0 = closed loop at --concurrency")
	fs.IntVar(&o.Concurrency, "concurrency", 8, "virtual users looping (closed loop); also the baselines' concurrency")
	fs.IntVar(&o.MaxInFlight, "max-inflight", 256, "with --rate: iterations in flight at most (more are counted as missed)")
	fs.StringVar(&o.Captcha, "captcha", "", "the stack's auth.test_captcha, to register citizens through the API; empty = the demo citizen")
	fs.IntVar(&o.Citizens, "citizens", 0, "virtual citizens (default: the concurrency, at most 20)")
	fs.StringSliceVar(&o.Procedures, "procedures", nil, "national codes of the procedures submissions use (default 1.004496,2.000488)")
	fs.IntVar(&o.Prepare, "prepare", 0, "dossiers submitted before measuring (default: what the scenario needs)")
	fs.IntVar(&o.Sample, "sample", 1000, "lookup and mixed: also look up this many dossiers picked at random from the stack's PostgreSQL (0 = only the prepared ones)")
	fs.StringVar(&o.LookupBy, "lookup-by", "", "lookup: code or id_number only (default: both in turn)")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	baselines := fs.Bool("baselines", false, "measure the baselines first (PostgreSQL, Temporal, Gin)")
	var b loadgen.BaselineOptions
	fs.DurationVar(&b.Duration, "baseline-duration", 10*time.Second, "how long each baseline runs")
	fs.StringVar(&b.DatabaseURL, "database-url", "", "the stack's PostgreSQL, for pgbench and the lookup sample (default: dvc dev's cluster under --data-dir)")
	dataDir := fs.String("data-dir", "./data", "dvc dev's data directory, to find its PostgreSQL")
	fs.StringVar(&b.PgBench, "pgbench", "", "pgbench binary (default: PATH, then /usr/lib/postgresql/*/bin)")
	fs.StringVar(&b.TemporalAddress, "temporal", "127.0.0.1:7233", "the stack's Temporal frontend")
	fs.StringVar(&b.Namespace, "namespace", "default", "Temporal namespace")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	for _, u := range strings.Split(o.URL, ",") {
		if err := loopbackOnly(strings.TrimSpace(u)); err != nil {
			return err
		}
	}
	if (*baselines || o.Samples()) && b.DatabaseURL == "" {
		u, err := loadgen.DevDatabaseURL(*dataDir)
		switch {
		case err == nil:
			b.DatabaseURL = u
		case *baselines || fs.Changed("sample"):
			return fmt.Errorf("%w (or give --database-url)", err)
		default:
			_, _ = fmt.Fprintf(stderr, "loadgen: no database to sample lookup targets from (%v); looking up the prepared dossiers only\n", err)
		}
	}
	o.DatabaseURL = b.DatabaseURL
	if *baselines {
		o.Baselines = &b
	}
	o.Progress = stderr
	rep, err := loadgen.Run(ctx, o)
	if rep == nil {
		return err
	}
	if *asJSON {
		if werr := rep.WriteJSON(stdout); werr != nil {
			return werr
		}
	} else if werr := rep.WriteText(stdout); werr != nil {
		return werr
	}
	return err
}

// loopbackOnly refuses a URL that is not on this machine: loadgen is not for loading
// someone's production.
func loopbackOnly(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return fmt.Errorf("--url %q is not an http(s) URL", raw)
	}
	host := u.Hostname()
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--url %q: loadgen only targets a stack on loopback (127.0.0.1, ::1, localhost)", raw)
}
