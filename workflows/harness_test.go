package workflows_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"log/slog"
	"os"
	"strings"

	"github.com/lib/pq"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/internal/worktime"
	"github.com/dvc-project/dvc/workflows"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// vn is a time in Vietnam.
func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, worktime.Location)
}

// monday is 09:00 on Monday 23 November 2026, a plain working week.
var monday = vn(2026, 11, 23, 9, 0)

// harness runs one dossier's workflow in the SDK's time-skipping test environment with
// the real activities on a real, seeded database. Decisions are scheduled at offsets of
// workflow time from the submission.
type harness struct {
	t      *testing.T
	env    *testsuite.TestWorkflowEnvironment
	store  *postgres.Store
	d      domain.Dossier
	start  time.Time
	checks []func()
	n      int
	// activityTasks runs the workflow as runs begun before local activities did
	// (DossierInput.LocalStore false).
	activityTasks bool
	// intake starts the dossier as handed in at the desk or by post (DossierInput.Intake).
	intake *workflows.Intake
}

// newHarness submits a dossier for the procedure with code at start.
func newHarness(t *testing.T, procedureCode string, start time.Time) *harness {
	t.Helper()
	return newHarnessOn(t, postgres.NewStore(testdb.Seeded(t)), procedureCode, start)
}

func newHarnessOn(t *testing.T, s *postgres.Store, procedureCode string, start time.Time) *harness {
	t.Helper()
	ctx := context.Background()
	var procID int64
	if err := s.DB().Get(&procID, `SELECT id FROM procedures WHERE code = $1`, procedureCode); err != nil {
		t.Fatalf("procedure %s: %v", procedureCode, err)
	}
	d, err := s.CreateDraft(ctx, domain.DraftInput{ProcedureID: procID, Applicant: domain.Applicant{
		Name: "Trần Thị Bình", IDNumber: "012345678", Phone: "0987654321", Email: "binh@example.vn"}})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = s.Submit(ctx, d.ID, start); err != nil {
		t.Fatal(err)
	}
	return &harness{t: t, env: newEnv(s, start), store: s, d: d, start: start}
}

// officer builds an actor from a demo account.
func (h *harness) officer(username string) workflows.Actor {
	h.t.Helper()
	var row struct {
		ID       int64          `db:"id"`
		Name     string         `db:"full_name"`
		Roles    pq.StringArray `db:"roles"`
		AgencyID int64          `db:"agency_id"`
		Agency   string         `db:"agency"`
	}
	err := h.store.DB().Get(&row, `SELECT a.id, a.full_name, a.roles, a.agency_id, g.name AS agency
		FROM accounts a JOIN agencies g ON g.id = a.agency_id WHERE a.username = $1`, username)
	if err != nil {
		h.t.Fatalf("account %s: %v", username, err)
	}
	return workflows.Actor{ID: row.ID, Name: row.Name, Roles: row.Roles, AgencyID: row.AgencyID, AgencyName: row.Agency}
}

// citizen is the dossier's applicant (anonymous, as with an update code).
func citizen() workflows.Actor {
	return workflows.Actor{Name: "Trần Thị Bình", Roles: []string{domain.RoleCitizen}}
}

// do schedules decision name at offset; want is "" (accepted) or the rejection's type.
func (h *harness) do(offset time.Duration, name string, d workflows.Decision, want string) {
	h.n++
	id := fmt.Sprintf("u%d-%s", h.n, name)
	var got string
	var done bool
	h.env.RegisterDelayedCallback(func() {
		h.env.UpdateWorkflow(name, id, &testsuite.TestUpdateCallback{
			OnAccept: func() {},
			OnReject: func(err error) { got, done = errType(err), true },
			OnComplete: func(_ any, err error) {
				done = true
				if err != nil {
					got = "failed: " + errType(err)
				}
			},
		}, d)
	}, offset)
	h.checks = append(h.checks, func() {
		if !done {
			h.t.Errorf("%s at +%v: never answered", name, offset)
		} else if got != want && (want == "" || !strings.HasPrefix(got, want)) {
			h.t.Errorf("%s at +%v: got %q, want %q", name, offset, got, want)
		}
	})
}

func errType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return err.Error()
}

// state schedules a query at offset and hands the state to check.
func (h *harness) state(offset time.Duration, check func(workflows.State)) {
	var st workflows.State
	var err error
	h.env.RegisterDelayedCallback(func() {
		var v interface{ Get(any) error }
		v, err = h.env.QueryWorkflow(workflows.QueryState)
		if err == nil {
			err = v.Get(&st)
		}
	}, offset)
	h.checks = append(h.checks, func() {
		if err != nil {
			h.t.Errorf("query at +%v: %v", offset, err)
			return
		}
		check(st)
	})
}

// cancelAt ends a dossier that would otherwise wait for ever.
func (h *harness) cancelAt(offset time.Duration) {
	h.env.RegisterDelayedCallback(h.env.CancelWorkflow, offset)
}

// run executes the workflow to its end and runs the scheduled checks; it returns the
// final state (zero when the workflow failed).
func (h *harness) run() workflows.State {
	h.t.Helper()
	h.env.ExecuteWorkflow(workflows.DossierWorkflow, workflows.DossierInput{DossierID: h.d.ID, Code: *h.d.Code,
		ProcedureID: h.d.ProcedureID, AgencyID: h.d.AgencyID, ApplicantName: h.d.Name, SubmittedAt: *h.d.SubmittedAt,
		LocalStore: !h.activityTasks, Intake: h.intake})
	if !h.env.IsWorkflowCompleted() {
		h.t.Fatal("workflow did not complete")
	}
	for _, c := range h.checks {
		c()
	}
	var st workflows.State
	if err := h.env.GetWorkflowResult(&st); err != nil {
		var canceled *temporal.CanceledError
		if !errors.As(err, &canceled) {
			h.t.Fatalf("workflow failed: %v", err)
		}
	}
	return st
}

// events returns the dossier's processing log from PostgreSQL, with the chain checked.
func (h *harness) events() []domain.Event {
	h.t.Helper()
	es, err := h.store.Events(context.Background(), h.d.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	if bad := domain.VerifyChain(es); bad != 0 {
		h.t.Fatalf("hash chain breaks at row %d", bad)
	}
	return es
}

func actions(es []domain.Event) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Action
	}
	return out
}

// notified returns the outbox rows of kind for the citizen ("citizen") or officers.
func (h *harness) notified(kind, recipient string) []domain.Notification {
	h.t.Helper()
	ns, err := h.store.Notifications(context.Background(), h.d.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	var out []domain.Notification
	for _, n := range ns {
		if n.Kind == kind && n.RecipientKind == recipient {
			out = append(out, n)
		}
	}
	return out
}

func (h *harness) projection() domain.Dossier {
	h.t.Helper()
	d, err := h.store.DossierByID(context.Background(), h.d.ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return d
}

// newEnv is a fresh test environment on store starting at start.
func newEnv(s *postgres.Store, start time.Time) *testsuite.TestWorkflowEnvironment {
	var suite testsuite.WorkflowTestSuite
	suite.SetLogger(sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	env := suite.NewTestWorkflowEnvironment()
	env.SetStartTime(start)
	env.SetTestTimeout(2 * time.Minute)
	env.RegisterActivity(&activities.Activities{Store: s})
	return env
}
