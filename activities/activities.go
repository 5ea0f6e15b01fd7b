package activities

import (
	"context"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/apperr"
)

// Activities are the side effects of the dossier workflow. Workflows name them through a
// nil *Activities; the worker registers a real one.
type Activities struct {
	Store *Store
}

// RecordEventInput asks for one processing-log row.
type RecordEventInput struct {
	Event Event
}

// RecordEvent appends a processing-log row and projects the status (idempotent on
// dossier and seq). A missing dossier is a non-retryable "dossier_not_found" failure.
func (a *Activities) RecordEvent(ctx context.Context, in RecordEventInput) (Event, error) {
	if _, err := a.Store.DossierByID(ctx, in.Event.DossierID); err != nil {
		if apperr.IsKind(err, apperr.NotFound) {
			return Event{}, temporal.NewNonRetryableApplicationError(err.Error(), "dossier_not_found", err)
		}
		return Event{}, err
	}
	return a.Store.AppendEvent(ctx, in.Event)
}

// MarkStartedInput identifies a dossier whose workflow is running.
type MarkStartedInput struct {
	DossierID int64
	At        time.Time
}

// MarkWorkflowStarted records in PostgreSQL that the workflow runs, so the reconciler
// stops looking at the dossier.
func (a *Activities) MarkWorkflowStarted(ctx context.Context, in MarkStartedInput) error {
	return a.Store.MarkWorkflowStarted(ctx, in.DossierID, in.At)
}
