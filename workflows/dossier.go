package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/activities"
)

// a names activities through a nil pointer; the worker registers a real *Activities.
var a *activities.Activities

// activityOptions: the store's writes are short; retry them until the database is back.
var activityOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// DossierWorkflow carries one submitted dossier. It records that its workflow runs,
// writes the "submitted" row of the processing log, and then waits for the decisions of
// the one-stop shop and the departments until the dossier reaches an end.
func DossierWorkflow(ctx workflow.Context, in DossierInput) (State, error) {
	ctx = workflow.WithActivityOptions(ctx, activityOptions)
	st := State{Code: in.Code, Status: activities.StatusNew}
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return st, nil }); err != nil {
		return st, err
	}
	if err := workflow.ExecuteActivity(ctx, a.MarkWorkflowStarted, activities.MarkStartedInput{
		DossierID: in.DossierID, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return st, err
	}
	submitted := activities.Event{
		DossierID: in.DossierID, Seq: 1, At: in.SubmittedAt, Action: activities.ActionSubmitted,
		ActorName: in.ApplicantName, Status: activities.StatusNew,
	}
	if err := workflow.ExecuteActivity(ctx, a.RecordEvent, activities.RecordEventInput{Event: submitted}).Get(ctx, nil); err != nil {
		return st, err
	}
	st.Seq = 1
	// The decisions (receive, transfer, finish, deliver, ...) arrive as Updates; until
	// they exist the dossier waits here, as a running workflow, for the one-stop shop.
	err := workflow.Await(ctx, func() bool { return terminal(st.Status) })
	return st, err
}

// terminal reports whether a dossier in status s has reached its end.
func terminal(s activities.Status) bool {
	switch s {
	case activities.StatusRefused, activities.StatusStopped, activities.StatusDelivered:
		return true
	}
	return false
}
