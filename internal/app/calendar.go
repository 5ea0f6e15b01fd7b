package app

import (
	"context"
	"fmt"
	"time"

	"go.temporal.io/sdk/worker"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/workflows"
)

// newWorker stores the calendar versions this release ships that the database lacks
// (the reconciler then starts their recompute jobs), and starts the worker of the
// dossiers' workflows, the calendar job and their activities.
func (a *App) newWorker(ctx context.Context) (worker.Worker, error) {
	added, err := a.Store.EnsureShippedCalendar(ctx, calendar.Default(), time.Now())
	if err != nil {
		return nil, fmt.Errorf("app: shipped calendar: %w", err)
	}
	if len(added) > 0 {
		a.Log.Info("calendar versions added", "versions", added)
	}
	w := worker.New(a.Temporal, a.Config.Temporal.TaskQueue, worker.Options{})
	w.RegisterWorkflow(workflows.DossierWorkflow)
	w.RegisterWorkflow(workflows.CalendarChangeWorkflow)
	w.RegisterActivity(&activities.Activities{Store: a.Store, Temporal: a.Temporal, PublicURL: a.publicURL, Portal: a.portal()})
	if err := w.Start(); err != nil {
		return nil, fmt.Errorf("app: start worker: %w", err)
	}
	return w, nil
}
