// Package periodic runs a background pass at a fixed interval until its context ends:
// the shape of the reconciler and the notification dispatcher.
package periodic

import (
	"context"
	"log/slog"
	"time"
)

// Run calls pass at once and then every interval until ctx ends. A pass that reports
// more work is called again at once; its errors are logged as warnings under name.
func Run(ctx context.Context, every time.Duration, log *slog.Logger, name string, pass func(context.Context) (more bool, err error)) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			more, err := pass(ctx)
			if err != nil && ctx.Err() == nil {
				log.Warn(name+" pass failed", "err", err)
			}
			if !more || err != nil {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
