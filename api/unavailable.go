package api

import (
	"context"
	"errors"
	"net"
	"syscall"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"

	"github.com/dvc-project/dvc/internal/domain"
)

// retryAfterSeconds is the Retry-After of every 503: how long a client should wait
// before trying again while a dependency restarts.
const retryAfterSeconds = "2"

// dependencyDown reports whether err means that Temporal could not be reached or is
// restarting, or that a deadline passed while waiting for a dependency, so that the same
// request may succeed later. (The store reports PostgreSQL's outages as
// domain.ErrUnavailable itself.)
func dependencyDown(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.As(err, &netErr) || errors.As(err, &unavailable) || errors.As(err, &deadline)
}

// appError is err as the application error to show: itself when it is one, a 503
// "unavailable" when a dependency is down, else nil (an internal error).
func appError(err error) *domain.Error {
	if e, ok := domain.Public(err); ok {
		return e
	}
	if dependencyDown(err) {
		return domain.Unreachable(err)
	}
	return nil
}

// setRetryAfter tells the client of a 503 when to try again.
func setRetryAfter(c *gin.Context, status int) {
	if status == 503 {
		c.Header("Retry-After", retryAfterSeconds)
	}
}

// failureStatus is the status of a page that could not be built because of err: 503
// with Retry-After when a dependency is down, else 500.
func (s *Server) failureStatus(c *gin.Context, err error) int {
	if dependencyDown(err) {
		setRetryAfter(c, 503)
		return 503
	}
	return 500
}
