package activities_test

import (
	"context"
	"testing"
	"time"

	"go.temporal.io/sdk/testsuite"

	"github.com/dvc-project/dvc/activities"
)

// TestRecordEventActivity runs the activity through the SDK's activity environment, so
// its input and output cross the same serialisation as in production.
func TestRecordEventActivity(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	d := submitDraft(t, s, proc)
	var suite testsuite.WorkflowTestSuite
	env := suite.NewTestActivityEnvironment()
	acts := &activities.Activities{Store: s}
	env.RegisterActivity(acts)

	in := activities.RecordEventInput{Event: activities.Event{DossierID: d.ID, Seq: 1, At: time.Now(),
		Action: activities.ActionSubmitted, ActorName: d.Name, Status: activities.StatusNew}}
	val, err := env.ExecuteActivity(acts.RecordEvent, in)
	if err != nil {
		t.Fatal(err)
	}
	var got activities.Event
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
