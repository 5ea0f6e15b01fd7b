package workflows

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/domain"
)

// CalendarJobInput starts, or continues as new, the job that brings calendar version
// Version to the dossiers in flight; AfterID and Result carry its progress.
type CalendarJobInput struct {
	Version int
	AfterID int64
	Result  CalendarJobResult
}

// CalendarJobResult counts what the job did.
type CalendarJobResult struct {
	Scanned  int // dossiers whose clock may run, counting with an older version
	Accepted int // sent the version, which moved their due dates
	Refused  int // refused it (nothing moved, already counted, closed meanwhile)
	Gone     int // no running workflow
}

// calendarBatch is how many dossiers one activity pages through; calendarRunBatches,
// how many batches one run handles before continuing as new.
const (
	calendarBatch      = 100
	calendarRunBatches = 200
)

// calendarJobOptions: a batch of Updates takes a while; the activity heartbeats after
// each and is retried until Temporal and the workers answer again.
var calendarJobOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Minute,
	HeartbeatTimeout:    2 * time.Minute,
	RetryPolicy:         activityOptions.RetryPolicy,
}

// CalendarJobID is the workflow ID of version n's job: one job per version.
func CalendarJobID(n int) string { return "calendar-change-" + strconv.Itoa(n) }

// CalendarChangeWorkflow sends calendar version in.Version, as an UpdateCalendarChanged,
// to every dossier in flight whose period one of its moving changes falls in, in
// batches; the dossiers it does not concern are left untouched. It is durable: a worker
// or server restart resumes it where it was, and a repeated Update changes nothing.
func CalendarChangeWorkflow(ctx workflow.Context, in CalendarJobInput) (CalendarJobResult, error) {
	ctx = workflow.WithActivityOptions(ctx, calendarJobOptions)
	res := in.Result
	var change domain.CalendarChange
	if err := workflow.ExecuteActivity(ctx, a.LoadCalendarChange, in.Version).Get(ctx, &change); err != nil {
		return res, err
	}
	if len(change.Changes) == 0 {
		return res, nil // names or sources only: no due date moves
	}
	decision := Decision{Actor: systemActor, Calendar: &change}
	for batch := 0; batch < calendarRunBatches; batch++ {
		var page activities.AffectedPage
		err := workflow.ExecuteActivity(ctx, a.AffectedDossiers, activities.AffectedInput{
			Version: in.Version, AfterID: in.AfterID, Limit: calendarBatch}).Get(ctx, &page)
		if err != nil {
			return res, err
		}
		res.Scanned += page.Scanned
		if len(page.Codes) > 0 {
			var sent activities.SendUpdatesResult
			err := workflow.ExecuteActivity(ctx, a.SendUpdates, sendUpdates{Codes: page.Codes,
				UpdateName: UpdateCalendarChanged, Arg: decision}).Get(ctx, &sent)
			if err != nil {
				return res, err
			}
			res.Accepted, res.Refused, res.Gone = res.Accepted+sent.Accepted, res.Refused+sent.Refused, res.Gone+sent.Gone
		}
		in.AfterID = page.NextID
		if page.Done {
			return res, nil
		}
	}
	in.Result = res
	return res, workflow.NewContinueAsNewError(ctx, CalendarChangeWorkflow, in)
}

// sendUpdates is activities.SendUpdatesInput as the workflow writes it: the Update's
// argument encoded as the Decision it is.
type sendUpdates struct {
	Codes      []string
	UpdateName string
	Arg        Decision
}

// StartCalendarChange starts version n's job on taskQueue (idempotent: a job already
// started, running or done, is left as it is).
func StartCalendarChange(ctx context.Context, c client.Client, taskQueue string, n int) error {
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       CalendarJobID(n),
		TaskQueue:                taskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
	}, CalendarChangeWorkflow, CalendarJobInput{Version: n})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("workflows: start calendar job %d: %w", n, err)
	}
	return nil
}
