package activities

import (
	"errors"
	"testing"

	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestOutagesAreRetried: a store that cannot be reached (the fault runs kill PostgreSQL)
// gives an error Temporal retries, so no workflow fails for it; an application refusal
// (no such dossier) is not retried.
func TestOutagesAreRetried(t *testing.T) {
	for _, tc := range []struct {
		err       error
		retryable bool
	}{
		{domain.Unreachable(errors.New("dial tcp: connection refused")), true},
		{errors.New("a plain error"), true},
		{domain.NewError(domain.NotFound, "dossier_not_found", "Không tìm thấy hồ sơ."), false},
	} {
		var app *temporal.ApplicationError
		got := nonRetryable(tc.err)
		if nonRetry := errors.As(got, &app) && app.NonRetryable(); nonRetry == tc.retryable {
			t.Errorf("%v: non-retryable %v, want %v", tc.err, nonRetry, !tc.retryable)
		}
	}
}
