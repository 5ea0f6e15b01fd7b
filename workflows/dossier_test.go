package workflows_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/mock"
	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/testsuite"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/testdb"
	"github.com/dvc-project/dvc/workflows"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// submitted returns a store and a dossier submitted in it, ready for its workflow.
func submitted(t *testing.T) (*activities.Store, activities.Dossier) {
	t.Helper()
	ctx := context.Background()
	s := activities.NewStore(testdb.Seeded(t))
	ps, err := s.ListProcedures(ctx)
	if err != nil || len(ps) == 0 {
		t.Fatalf("procedures: %v", err)
	}
	d, err := s.CreateDraft(ctx, activities.DraftInput{ProcedureID: ps[0].ID, Applicant: activities.Applicant{
		Name: "Trần Thị Bình", IDNumber: "012345678", Phone: "0987654321"}})
	if err != nil {
		t.Fatal(err)
	}
	d, err = s.Submit(ctx, d.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return s, d
}

func input(d activities.Dossier) workflows.DossierInput {
	return workflows.DossierInput{DossierID: d.ID, Code: *d.Code, ProcedureID: d.ProcedureID,
		AgencyID: d.AgencyID, ApplicantName: d.Name, SubmittedAt: *d.SubmittedAt}
}

// TestDossierWorkflowRecordsSubmission: the workflow marks itself started, writes the
// "submitted" row of the log with real activities on a real database, then waits.
func TestDossierWorkflowRecordsSubmission(t *testing.T) {
	s, d := submitted(t)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	env.RegisterActivity(&activities.Activities{Store: s})

	var state workflows.State
	env.RegisterDelayedCallback(func() {
		v, err := env.QueryWorkflow(workflows.QueryState)
		if err != nil {
			t.Errorf("query: %v", err)
		} else if err := v.Get(&state); err != nil {
			t.Errorf("query result: %v", err)
		}
		env.CancelWorkflow()
	}, time.Hour)
	env.ExecuteWorkflow(workflows.DossierWorkflow, input(d))

	if !env.IsWorkflowCompleted() {
		t.Fatal("workflow did not end after cancellation")
	}
	var canceled *temporal.CanceledError
	if err := env.GetWorkflowError(); !errors.As(err, &canceled) {
		t.Fatalf("workflow error = %v, want cancellation (it must wait, not finish, after submission)", err)
	}
	if state.Code != *d.Code || state.Status != activities.StatusNew || state.Seq != 1 {
		t.Fatalf("state = %+v", state)
	}
	events, err := s.Events(context.Background(), d.ID)
	if err != nil || len(events) != 1 {
		t.Fatalf("events = %+v, %v", events, err)
	}
	e := events[0]
	if e.Action != activities.ActionSubmitted || e.ActorName != d.Name || !e.At.Equal(d.SubmittedAt.Truncate(time.Microsecond)) {
		t.Fatalf("event = %+v", e)
	}
	if bad := activities.VerifyChain(events); bad != 0 {
		t.Fatalf("chain breaks at %d", bad)
	}
	got, _ := s.DossierByID(context.Background(), d.ID)
	if got.WorkflowStartedAt == nil {
		t.Fatal("workflow start not recorded")
	}
}

// TestDossierWorkflowRetriesActivities: a database write that fails transiently is
// retried, and the log is written once.
func TestDossierWorkflowRetriesActivities(t *testing.T) {
	s, d := submitted(t)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestWorkflowEnvironment()
	acts := &activities.Activities{Store: s}
	env.RegisterActivity(acts)
	failures := 2
	env.OnActivity(acts.RecordEvent, mock.Anything, mock.Anything).Return(
		func(ctx context.Context, in activities.RecordEventInput) (activities.Event, error) {
			if failures > 0 {
				failures--
				return activities.Event{}, errors.New("connection reset")
			}
			return acts.RecordEvent(ctx, in)
		})
	env.RegisterDelayedCallback(env.CancelWorkflow, time.Hour)
	env.ExecuteWorkflow(workflows.DossierWorkflow, input(d))
	if failures != 0 {
		t.Fatalf("activity not retried: %d failures left", failures)
	}
	events, err := s.Events(context.Background(), d.ID)
	if err != nil || len(events) != 1 {
		t.Fatalf("events = %d, %v", len(events), err)
	}
}
