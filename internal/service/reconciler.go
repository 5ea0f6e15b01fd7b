package service

import (
	"context"
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dvc-project/dvc/internal/periodic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/workflows"
)

// Reconciler makes sure no submitted dossier is left without its workflow: PostgreSQL is
// the record of a submission, and when the start that followed it failed (Temporal down,
// process killed between the two), the reconciler starts the workflow later.
type Reconciler struct {
	Store     *postgres.Store
	Client    client.Client
	TaskQueue string
	Log       *slog.Logger
	// Grace is how old an unstarted submission must be before the reconciler acts, so
	// that it does not race the API's own start. Default 30s.
	Grace time.Duration
	// Every is the pause between passes. Default 15s.
	Every time.Duration
}

// Run reconciles until ctx ends.
func (r *Reconciler) Run(ctx context.Context) {
	every := r.Every
	if every <= 0 {
		every = 15 * time.Second
	}
	periodic.Run(ctx, every, r.Log, "reconciler", func(ctx context.Context) (bool, error) {
		n, err := r.Pass(ctx)
		return n == 100, err // a full batch: more may wait
	})
}

// Pass starts the recompute jobs of calendar versions whose start was not recorded, and
// the workflows of dossiers submitted more than Grace ago that have none confirmed, and
// returns how many it started.
func (r *Reconciler) Pass(ctx context.Context) (int, error) {
	grace := r.Grace
	if grace <= 0 {
		grace = 30 * time.Second
	}
	n, err := r.calendarJobs(ctx)
	if err != nil {
		return n, err
	}
	ds, err := r.Store.UnstartedDossiers(ctx, time.Now().Add(-grace), 100)
	if err != nil {
		return n, err
	}
	for _, d := range ds {
		intake, err := IntakeOfDossier(ctx, r.Store, d) // a desk or postal dossier starts received
		if err != nil {
			return n, err
		}
		if err := workflows.StartIntake(ctx, r.Client, r.TaskQueue, d, intake); err != nil {
			return n, err
		}
		if err := r.Store.MarkWorkflowStarted(ctx, d.ID, time.Now()); err != nil {
			return n, err
		}
		r.Log.Info("reconciler started dossier workflow", "code", *d.Code)
		n++
	}
	return n, nil
}

// calendarJobs starts the recompute job of every calendar version still pending (the
// start that followed its saving failed, or a release brought it).
func (r *Reconciler) calendarJobs(ctx context.Context) (int, error) {
	pending, err := r.Store.PendingCalendarJobs(ctx)
	if err != nil {
		return 0, err
	}
	for i, v := range pending {
		if err := StartCalendarJob(ctx, r.Store, r.Client, r.TaskQueue, v, time.Now()); err != nil {
			return i, err
		}
		r.Log.Info("reconciler started calendar job", "version", v)
	}
	return len(pending), nil
}
