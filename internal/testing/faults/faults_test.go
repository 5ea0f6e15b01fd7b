package faults

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" driver

	apiclient "github.com/dvc-project/dvc/internal/client"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/ops/loadgen"
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

// samplePDF is accepted as an attachment.
var samplePDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

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
		fmt.Sscan(k, &p.Kills)
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

// job is an acknowledged dossier and the decisions it is to get.
type job struct {
	Code   string
	Key    string
	Refuse bool
}

// acked records what the system acknowledged.
type acked struct {
	mu        sync.Mutex
	dossiers  []job
	decisions map[string][]string // code → actions acknowledged, in order
}

func (a *acked) dossier(j job) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dossiers = append(a.dossiers, j)
}

func (a *acked) decision(code, action string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.decisions[code] = append(a.decisions[code], action)
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
	done := &acked{decisions: map[string][]string{}}
	var stopLoad atomic.Bool
	jobs := make(chan job, 10000)

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

	var citizens, officers sync.WaitGroup
	for i := range p.Citizens {
		citizens.Add(1)
		go func() {
			defer citizens.Done()
			c := NewClient(s.BaseURL(), tally)
			if !c.Login("congdan", demo.Password) {
				return
			}
			for n := 0; !stopLoad.Load(); n++ {
				j, ok := submit(c, procID)
				if !ok {
					return
				}
				j.Refuse = (n+i)%4 == 0
				done.dossier(j)
				jobs <- j
				for len(jobs) > 4*p.Officers && !stopLoad.Load() { // officers keep up with the citizens
					time.Sleep(50 * time.Millisecond)
				}
			}
		}()
	}
	for range p.Officers {
		officers.Add(1)
		go func() {
			defer officers.Done()
			c := NewClient(s.BaseURL(), tally)
			if !c.Login("motcua", demo.Password) {
				return
			}
			for j := range jobs {
				steps := []struct {
					action string
					body   map[string]any
					status int
				}{{"receive", nil, 2}, {"transfer", nil, 4}}
				if j.Refuse {
					steps = steps[:0]
					steps = append(steps, struct {
						action string
						body   map[string]any
						status int
					}{"refuse", map[string]any{"reasons": []string{"Hồ sơ không thuộc thẩm quyền"}}, 3})
				}
				for _, st := range steps {
					var out struct {
						Status int `json:"status"`
					}
					body, key := JSONBody(st.body), j.Key+"-"+st.action
					if !c.Call(st.action+" "+j.Code, http.StatusOK, &out, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
						ed = append(ed, apiclient.WithHeader("Idempotency-Key", key))
						return c.api.DecideWithBody(ctx, j.Code, apiclient.DecideParamsAction(st.action), "application/json", body(), ed...)
					}) {
						break
					}
					if out.Status != st.status {
						tally.wrong("%s %s: status %d, want %d", j.Code, st.action, out.Status, st.status)
						break
					}
					done.decision(j.Code, st.action)
				}
			}
		}()
	}
	if err := <-killErr; err != nil {
		stopLoad.Store(true)
		t.Errorf("%s: %v", scenario, err)
	}
	citizens.Wait()
	close(jobs)
	officers.Wait()

	t.Logf("%s: load over after %s", scenario, time.Since(started).Round(time.Second))
	// Recovery: every acknowledged dossier reaches its state, then verify.
	r := result{Scenario: scenario, Kills: p.Kills, Dossiers: len(done.dossiers), Wrong: len(tally.Wrong),
		Unavailable: tally.Unavailable.Load(), ConnErrors: tally.ConnErrors.Load()}
	for _, as := range done.decisions {
		r.Decisions += len(as)
	}
	lost, dup, stuck := check(t, db, done, before, 3*time.Minute)
	r.Lost, r.Duplicated, r.Stuck = lost, dup, stuck
	t.Logf("%s: recovered after %s", scenario, time.Since(started).Round(time.Second))
	out, err := s.Verify(ctx)
	if err != nil {
		t.Errorf("%s: dvc verify: %v\n%s", scenario, err, out)
	} else {
		t.Logf("%s: dvc verify: %s", scenario, strings.TrimSpace(out))
	}
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

// submit creates a complete draft and submits it with an idempotency key, retrying the
// submission with the same key until it is acknowledged.
func submit(c *Client, procID int64) (job, bool) {
	var p struct {
		Components []struct {
			ID       int64 `json:"id"`
			Required bool  `json:"required"`
		} `json:"components"`
		FormFields []loadgen.FormField `json:"form_fields"`
	}
	if !c.Call("procedure", http.StatusOK, &p, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.Procedure(ctx, fmt.Sprint(procID), ed...)
	}) {
		return job{}, false
	}
	form := loadgen.SampleForm(p.FormFields, "Nội dung kê khai")
	var d struct {
		ID   int64   `json:"id"`
		Code *string `json:"code"`
	}
	draft := map[string]any{"procedure_id": procID, "applicant_name": "Nguyễn Văn An", "id_number": "001203004567",
		"phone": "0912345678", "email": "an@example.vn", "address": "Phường Đức Xuân, Bắc Kạn", "form_data": form}
	body := JSONBody(draft)
	if !c.Call("draft", http.StatusCreated, &d, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.CreateDraftWithBody(ctx, "application/json", body(), ed...)
	}) {
		return job{}, false
	}
	for _, comp := range p.Components {
		if !comp.Required {
			continue
		}
		r, ok := c.Upload(fmt.Sprint(d.ID), comp.ID, "giay-to.pdf", samplePDF)
		if !ok {
			return job{}, false
		}
		if r.Status != 201 {
			c.tally.wrong("upload: %d %s", r.Status, r.Body)
			return job{}, false
		}
	}
	key := newKey()
	r, ok := c.Do("submit", func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.Submit(ctx, fmt.Sprint(d.ID), &apiclient.SubmitParams{IdempotencyKey: key}, ed...)
	})
	if !ok {
		return job{}, false
	}
	if r.Status != 201 && r.Status != 200 {
		c.tally.wrong("submit: %d %s", r.Status, r.Body)
		return job{}, false
	}
	if err := json.Unmarshal(r.Body, &d); err != nil || d.Code == nil {
		c.tally.wrong("submit: %s", r.Body)
		return job{}, false
	}
	return job{Code: *d.Code, Key: key}, true
}

// check waits until every acknowledged dossier shows its expected status and log, and
// counts what is lost (acknowledged, not there), duplicated (there more than once, or
// submitted without acknowledgement) and stuck (not in its expected state in time).
func check(t *testing.T, db *sqlx.DB, a *acked, before int, within time.Duration) (lost, dup, stuck int) {
	deadline := time.Now().Add(within)
	for {
		lost, dup, stuck = 0, 0, 0
		var problems []string
		var submitted int
		err := db.Get(&submitted, `SELECT count(*) FROM dossiers WHERE code IS NOT NULL`)
		submitted -= before
		if err == nil && submitted != len(a.dossiers) {
			problems = append(problems, fmt.Sprintf("%d dossiers submitted, %d acknowledged", submitted, len(a.dossiers)))
			if submitted > len(a.dossiers) {
				dup += submitted - len(a.dossiers)
			}
		}
		for _, j := range a.dossiers {
			if err != nil {
				break
			}
			var row struct {
				Key    *string       `db:"submit_key"`
				Status domain.Status `db:"status"`
				ID     int64         `db:"id"`
			}
			if err = db.Get(&row, `SELECT id, submit_key, status FROM dossiers WHERE code = $1`, j.Code); err != nil {
				if strings.Contains(err.Error(), "no rows") {
					err = nil
					lost++
					problems = append(problems, j.Code+" acknowledged but not in the database")
				}
				continue
			}
			if row.Key == nil || *row.Key != j.Key {
				problems = append(problems, j.Code+" has another submission key")
				lost++
			}
			var actions []string
			if err = db.Select(&actions, `SELECT action FROM dossier_events WHERE dossier_id = $1 ORDER BY seq`, row.ID); err != nil {
				continue
			}
			count := map[string]int{}
			for _, act := range actions {
				if !domain.TimerActions[act] || act == domain.ActionSubmitted {
					count[act]++
				}
			}
			want := map[string]int{domain.ActionSubmitted: 1}
			for _, act := range a.decisions[j.Code] {
				want[act]++
			}
			for act, n := range want {
				switch {
				case count[act] == 0 && act == domain.ActionSubmitted:
					stuck++
					problems = append(problems, j.Code+": the workflow has not recorded the submission")
				case count[act] == 0:
					lost++
					problems = append(problems, fmt.Sprintf("%s: acknowledged %s missing from the log %v", j.Code, act, actions))
				case count[act] > n:
					dup++
					problems = append(problems, fmt.Sprintf("%s: %s %d times in the log", j.Code, act, count[act]))
				}
			}
			for act := range count {
				if want[act] == 0 {
					dup++
					problems = append(problems, fmt.Sprintf("%s: %s in the log but never acknowledged", j.Code, act))
				}
			}
			expected := domain.StatusNew
			switch decided := a.decisions[j.Code]; {
			case len(decided) > 0 && decided[len(decided)-1] == "refuse":
				expected = domain.StatusRefused
			case len(decided) > 0 && decided[len(decided)-1] == "transfer":
				expected = domain.StatusProcessing
			case len(decided) > 0:
				expected = domain.StatusReceived
			}
			if row.Status != expected {
				stuck++
				problems = append(problems, fmt.Sprintf("%s: status %d, want %d", j.Code, row.Status, expected))
			}
		}
		if err == nil && len(problems) == 0 {
			return 0, 0, 0
		}
		if time.Now().After(deadline) {
			sort.Strings(problems)
			for _, p := range problems {
				t.Errorf("after recovery: %s", p)
			}
			if err != nil {
				t.Errorf("after recovery: database: %v", err)
			}
			return lost, dup, stuck
		}
		time.Sleep(time.Second)
	}
}
