package loadgen_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/ops/loadgen"
	"github.com/dvc-project/dvc/internal/testing/apptest"
)

const captcha = apptest.Captcha

// startStack starts the whole dev stack in-process on free ports, configured as
// loadgen's documentation asks: a test captcha and no lookup or registration throttling.
func startStack(t *testing.T) *app.App {
	t.Helper()
	cfg := apptest.Config(apptest.DataDir(t))
	cfg.HTTP.LookupLimit = 1_000_000
	cfg.HTTP.RegistrationLimit = 1_000_000
	cfg.Temporal.UIPort = -1
	a := apptest.Start(t, cfg, app.Parts{API: true, Worker: true})
	t.Cleanup(a.Close)
	return a
}

// TestScenarios runs every scenario for a few seconds against the in-process stack and
// checks the reports are sane: operations counted, no errors, percentiles ordered; the
// first run measures the baselines and gives ratios.
func TestScenarios(t *testing.T) {
	a := startStack(t)
	for i, scenario := range append(slices.Clone(loadgen.Scenarios), "lookup-by-code") {
		t.Run(scenario, func(t *testing.T) {
			var progress bytes.Buffer
			o := loadgen.Options{URL: a.URL(), Scenario: scenario, Duration: 3 * time.Second, Concurrency: 4,
				Captcha: captcha, Progress: &progress}
			dbURL := fmt.Sprintf("postgres://dvc@127.0.0.1:%d/dvc?sslmode=disable", a.DatabasePort())
			if i == 0 {
				o.Baselines = &loadgen.BaselineOptions{Duration: 2 * time.Second,
					DatabaseURL:     dbURL,
					TemporalAddress: a.TemporalAddress(), Namespace: a.Config.Temporal.Namespace}
			}
			if scenario == "lookup" { // the dossiers the submit scenario left, looked up too
				o.Sample, o.DatabaseURL = 50, dbURL
			}
			if scenario == "lookup-by-code" {
				o.Scenario, o.LookupBy = "lookup", "code"
			}
			if scenario == "officer" {
				o.Duration, o.Rate = 0, 0
				o.Count = 30
			}
			rep, err := loadgen.Run(context.Background(), o)
			if err != nil {
				t.Fatal(err)
			}
			checkReport(t, rep, o, scenario)
			if scenario == "lookup" && rep.Sampled < 20 {
				t.Errorf("%d lookup targets sampled from the database", rep.Sampled)
			}
			if !strings.Contains(progress.String(), "100%") {
				t.Errorf("the progress bar never reached 100%%: %q", progress.String())
			}
			var text, js bytes.Buffer
			if err := rep.WriteText(&text); err != nil || !strings.Contains(text.String(), "p99 ms") {
				t.Errorf("text report: %v\n%s", err, text.String())
			}
			var back loadgen.Report
			if err := rep.WriteJSON(&js); err != nil || json.Unmarshal(js.Bytes(), &back) != nil || len(back.Operations) != len(rep.Operations) {
				t.Errorf("JSON report: %v\n%s", err, js.String())
			}
			t.Logf("\n%s", text.String())
		})
	}
}

// wantOps are the operations each scenario must have counted.
var wantOps = map[string][]string{
	"submit": {"submission", "procedure_page", "draft", "upload", "submit"},
	"lookup": {"lookup_code", "lookup_id_number"},
	// the lookup scenario with LookupBy "code"
	"lookup-by-code": {"lookup_code"},
	"officer":        {"inbox", "decision", "decision_receive"},
	"lifecycle":      {"lifecycle", "submit", "wait_started", "decision", "decision_receive", "decision_transfer", "decision_claim", "decision_finish", "decision_deliver"},
	"mixed":          {"lookup_code", "submission", "decision"},
}

// notOps are the operations a run must not have counted, by its key in wantOps.
var notOps = map[string][]string{
	"lookup-by-code": {"lookup_id_number"},
}

func checkReport(t *testing.T, rep *loadgen.Report, o loadgen.Options, key string) {
	t.Helper()
	if rep.Errors != 0 {
		for _, op := range rep.Operations {
			if op.Errors > 0 {
				t.Errorf("%s: %d errors: %v", op.Name, op.Errors, op.ErrorKinds)
			}
		}
		t.Fatalf("%d errors", rep.Errors)
	}
	if rep.Iterations == 0 || rep.Elapsed <= 0 {
		t.Fatalf("nothing measured: %+v", rep)
	}
	if o.Count > 0 && rep.Iterations != int64(o.Count) {
		t.Errorf("%d iterations, want %d", rep.Iterations, o.Count)
	}
	if o.Duration > 0 && rep.Elapsed < o.Duration.Seconds() {
		t.Errorf("measured %.2fs, less than the %s asked", rep.Elapsed, o.Duration)
	}
	byName := map[string]loadgen.OpStats{}
	for _, op := range rep.Operations {
		byName[op.Name] = op
		if op.Count == 0 {
			continue
		}
		if !(0 < op.P50 && op.P50 <= op.P95 && op.P95 <= op.P99 && op.P99 <= op.Max) {
			t.Errorf("%s: percentiles out of order: %+v", op.Name, op)
		}
		if want := float64(op.Count) / rep.Elapsed; op.Rate < want*0.999 || op.Rate > want*1.001 {
			t.Errorf("%s: rate %.2f, want %.2f", op.Name, op.Rate, want)
		}
	}
	for _, name := range wantOps[key] {
		if byName[name].Count == 0 {
			t.Errorf("operation %s not counted: %+v", name, rep.Operations)
		}
	}
	for _, name := range notOps[key] {
		if byName[name].Count != 0 {
			t.Errorf("operation %s counted: %+v", name, byName[name])
		}
	}
	if o.Scenario == "lifecycle" && byName["decision"].Count != byName["lifecycle"].Count*7 {
		t.Errorf("%d decisions for %d lifecycles, want 7 each", byName["decision"].Count, byName["lifecycle"].Count)
	}
	if o.Baselines == nil {
		return
	}
	if len(rep.Baselines) != 3 {
		t.Fatalf("baselines: %+v", rep.Baselines)
	}
	for _, b := range rep.Baselines {
		if b.Error != "" || b.Rate <= 0 {
			t.Errorf("baseline %s: %+v", b.Name, b)
		}
	}
	for _, op := range rep.Operations {
		if op.Ratio == nil || *op.Ratio <= 0 || op.Baseline == "" {
			t.Errorf("%s has no ratio to its baseline: %+v", op.Name, op)
		}
	}
}

// TestOptionsRefused: options that make no run are refused before any request.
func TestOptionsRefused(t *testing.T) {
	for _, o := range []loadgen.Options{
		{URL: "http://127.0.0.1:1", Scenario: "nothing", Duration: time.Second},
		{URL: "http://127.0.0.1:1", Scenario: "lookup"},
		{URL: "http://127.0.0.1:1", Scenario: "lookup", Duration: time.Second, Count: 3},
		{URL: "http://127.0.0.1:1", Scenario: "lookup", Duration: time.Second, LookupBy: "name"},
	} {
		if rep, err := loadgen.Run(context.Background(), o); err == nil || !strings.HasPrefix(err.Error(), "loadgen: ") || rep != nil {
			t.Errorf("%+v: report %v, error %v; want a loadgen error and no report", o, rep, err)
		}
	}
}
