package service

import (
	"context"
	"log/slog"
	"time"

	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/periodic"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Advisory lock keys of the national passes: one sender and one puller run at a time
// across every worker process, so that two senders never send one dossier's messages.
const (
	senderLockKey = 0x64766302 // "dvc" 2
	pullerLockKey = 0x64766303 // "dvc" 3
)

// NationalWorker runs the national portal's passes in the worker: the sender of the
// outbox every Every and, when Puller is set, the pull of submitted dossiers every
// PullEvery; each under a PostgreSQL advisory lock.
type NationalWorker struct {
	Store     *postgres.Store
	Sender    *nationalportal.Sender
	Puller    *nationalportal.Puller
	Log       *slog.Logger
	Every     time.Duration
	PullEvery time.Duration
}

// Run runs the passes until ctx ends.
func (w *NationalWorker) Run(ctx context.Context) {
	if w.Puller != nil {
		go periodic.Run(ctx, w.PullEvery, w.Log, "national pull", func(ctx context.Context) (bool, error) {
			_, err := w.PullPass(ctx)
			return false, err
		})
	}
	periodic.Run(ctx, w.Every, w.Log, "national sender", func(ctx context.Context) (bool, error) {
		rep, err := w.SendPass(ctx)
		return rep.Sent > 0 && !rep.PortalDown, err // something went: more may be due
	})
}

// SendPass runs one sender pass, unless another process holds the sender's lock.
func (w *NationalWorker) SendPass(ctx context.Context) (nationalportal.SendReport, error) {
	var rep nationalportal.SendReport
	_, err := w.Store.WithAdvisoryLock(ctx, senderLockKey, func(ctx context.Context) error {
		var err error
		rep, err = w.Sender.Pass(ctx)
		if rep.Parked > 0 {
			w.Log.Warn("national portal refused messages; they wait for an administrator", "parked", rep.Parked)
		}
		return err
	})
	return rep, err
}

// PullPass runs one pull pass, unless another process holds the puller's lock.
func (w *NationalWorker) PullPass(ctx context.Context) (nationalportal.PullReport, error) {
	var rep nationalportal.PullReport
	_, err := w.Store.WithAdvisoryLock(ctx, pullerLockKey, func(ctx context.Context) error {
		var err error
		rep, err = w.Puller.Pass(ctx)
		for code, reason := range rep.Refused {
			w.Log.Warn("national dossier refused", "national_code", code, "reason", reason)
		}
		return err
	})
	return rep, err
}
