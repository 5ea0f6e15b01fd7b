package app

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/notify"
	"github.com/dvc-project/dvc/internal/service"
)

// dispatcher sends the notification outbox by SMTP when configured, else keeps it in
// the development mailbox.
func (a *App) dispatcher() *notify.Dispatcher {
	var m notify.Mailer = notify.DevMailbox{}
	if s := a.Config.SMTP; s.Addr != "" {
		m = notify.SMTP{Addr: s.Addr, From: s.From, Username: s.Username, Password: s.Password}
	}
	return &notify.Dispatcher{Store: a.Store, Mailer: m, Log: a.Log, Every: time.Second}
}

func (a *App) reconciler() *service.Reconciler {
	return &service.Reconciler{Store: a.Store, Client: a.Temporal, TaskQueue: a.Config.Temporal.TaskQueue, Log: a.Log,
		Grace: a.Config.Worker.ReconcileGrace, Every: a.Config.Worker.ReconcileEvery}
}

// Reconcile runs one reconciler pass now, with no grace period, and returns how many
// workflows it started: for operators' tools and tests.
func (a *App) Reconcile(ctx context.Context) (int, error) {
	r := a.reconciler()
	r.Grace = time.Nanosecond
	return r.Pass(ctx)
}
