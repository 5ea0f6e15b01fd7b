package app

import (
	"context"

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
