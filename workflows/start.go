package workflows

import (
	"context"
	"errors"
	"fmt"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"

	"github.com/dvc-project/dvc/internal/domain"
)

// Start starts the workflow of submitted dossier d, with d's code as workflow ID. It is
// idempotent: when the workflow already runs or ran, it returns nil.
func Start(ctx context.Context, c client.Client, taskQueue string, d domain.Dossier) error {
	return StartIntake(ctx, c, taskQueue, d, nil)
}

// StartIntake is Start for a dossier registered at the desk or by post (intake not nil):
// its workflow records the submission and then the receipt by intake.By.
func StartIntake(ctx context.Context, c client.Client, taskQueue string, d domain.Dossier, intake *Intake) error {
	if d.Code == nil || d.SubmittedAt == nil {
		return fmt.Errorf("workflows: dossier %d is not submitted", d.ID)
	}
	_, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{
		ID:                       *d.Code,
		TaskQueue:                taskQueue,
		WorkflowIDReusePolicy:    enumspb.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE,
		WorkflowIDConflictPolicy: enumspb.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING,
		// Eager start: when this client's own worker polls the task queue (dvc dev, or an
		// api process that also runs the worker) the server hands the first workflow task
		// back in the start's answer instead of routing it through matching.
		EnableEagerStart: true,
	}, DossierWorkflow, DossierInput{
		DossierID:     d.ID,
		Code:          *d.Code,
		ProcedureID:   d.ProcedureID,
		AgencyID:      d.AgencyID,
		ApplicantName: d.Name,
		SubmittedAt:   *d.SubmittedAt,
		LocalStore:    true,
		Intake:        intake,
	})
	var started *serviceerror.WorkflowExecutionAlreadyStarted
	if errors.As(err, &started) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("workflows: start %s: %w", *d.Code, err)
	}
	return nil
}

// Query returns the state of the workflow of the dossier with code (QueryState).
func Query(ctx context.Context, c client.Client, code string) (State, error) {
	var st State
	v, err := c.QueryWorkflow(ctx, code, "", QueryState)
	if err == nil {
		err = v.Get(&st)
	}
	if err != nil {
		return st, fmt.Errorf("workflows: query %s: %w", code, err)
	}
	return st, nil
}
