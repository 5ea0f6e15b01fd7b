package loadgen

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"time"
)

// progressf writes a progress line to w, if any. A failed write is ignored: progress is
// for the person watching, and the report says what was measured.
func progressf(w io.Writer, format string, args ...any) {
	if w != nil {
		_, _ = fmt.Fprintf(w, format, args...)
	}
}

// startProgress redraws a progress bar on o.Progress four times a second until the
// returned function is called: the share of the duration (or count) done, iterations,
// their rate and the errors so far.
func startProgress(o Options, start time.Time, done *atomic.Int64, rec *recorder) (stop func()) {
	if o.Progress == nil {
		return func() {}
	}
	draw := func(final bool) {
		elapsed := time.Since(start)
		frac := 0.0
		if o.Duration > 0 {
			frac = elapsed.Seconds() / o.Duration.Seconds()
		} else {
			frac = float64(done.Load()) / float64(o.Count)
		}
		frac = min(1, frac)
		const width = 30
		filled := int(frac * width)
		bar := strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
		n := done.Load()
		progressf(o.Progress, "\r%-9s %s %3.0f%%  %6.1fs  %7d it  %7.1f it/s  %d errors ",
			o.Scenario, bar, frac*100, elapsed.Seconds(), n, float64(n)/max(elapsed.Seconds(), 1e-9), rec.errs.Load())
		if final {
			progressf(o.Progress, "\n")
		}
	}
	quit, finished := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(250 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-quit:
				draw(true)
				return
			case <-t.C:
				draw(false)
			}
		}
	}()
	return func() { close(quit); <-finished }
}
