package app

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/notify"
	"github.com/dvc-project/dvc/internal/webhooks"
)

// startOutboxes starts the worker's senders of the outboxes written with the log rows:
// the notifications (e-mail) and the webhook deliveries. They stop when ctx ends.
func (a *App) startOutboxes(ctx context.Context) {
	d := a.dispatcher()
	wh := a.Config.Webhooks
	hooks := &webhooks.Sender{Store: a.Store, Log: a.Log, Timeout: wh.Timeout, MaxBackoff: wh.MaxBackoff,
		GiveUpAfter: wh.GiveUpAfter, Poll: wh.Poll}
	for _, run := range []func(context.Context){d.Run, hooks.Run} {
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			run(ctx)
		}()
	}
}

// dispatcher sends the notification outbox by SMTP when configured, else keeps it in
// the development mailbox.
func (a *App) dispatcher() *notify.Dispatcher {
	var m notify.Mailer = notify.DevMailbox{}
	if s := a.Config.SMTP; s.Addr != "" {
		m = notify.SMTP{Addr: s.Addr, From: s.From, Username: s.Username, Password: s.Password}
	}
	return &notify.Dispatcher{Store: a.Store, Mailer: m, Log: a.Log, Every: time.Second}
}
