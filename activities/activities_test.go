package activities_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestRecordEventActivity runs the activity through the SDK's activity environment, so
// its input and output cross the same serialisation as in production.
func TestRecordEventActivity(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewStore(testdb.Seeded(t))
	var proc int64
	if err := s.DB().Get(&proc, `SELECT p.id FROM procedures p JOIN agencies a ON a.id = p.agency_id
		WHERE a.code = '000.00.03.H03' ORDER BY p.id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDraft(ctx, domain.DraftInput{ProcedureID: proc, Applicant: domain.Applicant{
		Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "0912 345 678", Address: "Bắc Kạn"}})
	if err == nil {
		d, err = s.Submit(ctx, d.ID, time.Now())
	}
	if err != nil {
		t.Fatal(err)
	}
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	acts := &activities.Activities{Store: s}
	env.RegisterActivity(acts)

	in := activities.RecordEventInput{Event: domain.Event{DossierID: d.ID, Seq: 1, At: time.Now(),
		Action: domain.ActionSubmitted, ActorName: d.Name, Status: domain.StatusNew}}
	val, err := env.ExecuteActivity(acts.RecordEvent, in)
	if err != nil {
		t.Fatal(err)
	}
	var got domain.Event
	if err := val.Get(&got); err != nil {
		t.Fatal(err)
	}
	if got.DossierID != d.ID || len(got.Hash) != 32 {
		t.Fatalf("recorded = %+v", got)
	}
	t.Run("ErrDossierNotFound", func(t *testing.T) {
		bad := in
		bad.Event.DossierID = 987654
		if _, err := env.ExecuteActivity(acts.RecordEvent, bad); err == nil {
			t.Fatal("recorded an event for a missing dossier")
		}
	})
	t.Run("MarkWorkflowStarted", func(t *testing.T) {
		if _, err := env.ExecuteActivity(acts.MarkWorkflowStarted, activities.MarkStartedInput{DossierID: d.ID, At: time.Now()}); err != nil {
			t.Fatal(err)
		}
		got, _ := s.DossierByID(ctx, d.ID)
		if got.WorkflowStartedAt == nil {
			t.Fatal("not marked")
		}
	})
}
