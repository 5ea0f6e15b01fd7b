package api

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/gin-gonic/gin"
	"github.com/lib/pq"
	"go.temporal.io/api/serviceerror"

	"github.com/dvc-project/dvc/internal/apperr"
)

// retryAfterSeconds is the Retry-After of every 503: how long a client should wait
// before trying again while a dependency restarts.
const retryAfterSeconds = "2"

var errUnavailable = apperr.New(apperr.Unavailable, "unavailable", "Hệ thống đang tạm thời gián đoạn, vui lòng thử lại sau giây lát.")

// dependencyDown reports whether err means that PostgreSQL or Temporal could not be
// reached or is restarting, so that the same request may succeed later: a refused,
// reset or broken connection, a server shutting down or starting up, or a deadline
// passed while waiting for one of them.
func dependencyDown(err error) bool {
	if err == nil {
		return false
	}
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		code := string(pqErr.Code)
		return strings.HasPrefix(code, "08") || // connection exception
			code == "57P01" || code == "57P02" || code == "57P03" || // admin/crash shutdown, cannot connect now
			code == "53300" || code == "40001" || code == "40P01" // too many connections, serialization, deadlock
	}
	var netErr net.Error
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr),
		errors.As(err, &unavailable), errors.As(err, &deadline):
		return true
	}
	// lib/pq reports a connection closed under it as a plain error.
	msg := err.Error()
	return strings.Contains(msg, "bad connection") || strings.Contains(msg, "connection refused") ||
		strings.Contains(msg, "connection reset")
}

// appError is err as the application error to show: itself when it is one, a 503
// "unavailable" when a dependency is down, else nil (an internal error).
func appError(err error) *apperr.Error {
	if e, ok := apperr.As(err); ok && e.Kind != 0 {
		return e
	}
	if dependencyDown(err) {
		return apperr.Wrap(apperr.Unavailable, errUnavailable.Code, errUnavailable.Message, err)
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
