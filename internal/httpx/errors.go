// Package httpx is what the JSON API (api/) and the pages (web/) share over HTTP: the one
// mapping of application errors to HTTP statuses and answers, the request id, the
// sessions and their CSRF tokens, the middleware every request passes (security headers,
// logging and metrics, panics, body and time limits), and query-parameter parsing.
package httpx

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"syscall"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"

	"github.com/dvc-project/dvc/internal/domain"
)

var (
	// ErrRouteNotFound answers a path no route serves.
	ErrRouteNotFound = domain.NewError(domain.NotFound, "route_not_found", "Không tìm thấy địa chỉ yêu cầu.")
	// ErrMethodNotAllowed answers a method the path's routes do not serve.
	ErrMethodNotAllowed = domain.NewError(domain.MethodNotAllowed, "method_not_allowed", "Phương thức không được hỗ trợ.")
	// ErrInternal is what the caller sees of an internal error.
	ErrInternal = domain.NewError(domain.Internal, "internal", "Lỗi hệ thống, vui lòng thử lại sau.")
)

// retryAfterUnavailable is the Retry-After of a 503 that gives none: how long a client
// should wait before trying again while a dependency restarts.
const retryAfterUnavailable = "2"

// Status maps an application error to its HTTP status: the one place that does.
func Status(e *domain.Error) int {
	switch e.Kind {
	case domain.Invalid:
		return http.StatusBadRequest
	case domain.Unprocessable:
		return http.StatusUnprocessableEntity
	case domain.NotFound:
		return http.StatusNotFound
	case domain.Conflict:
		return http.StatusConflict
	case domain.Forbidden:
		return http.StatusForbidden
	case domain.Unavailable:
		return http.StatusServiceUnavailable
	case domain.Unauthorized:
		return http.StatusUnauthorized
	case domain.TooMany:
		return http.StatusTooManyRequests
	case domain.TooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.UnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case domain.MethodNotAllowed:
		return http.StatusMethodNotAllowed
	}
	return http.StatusInternalServerError
}

// dependencyDown reports whether err means that Temporal could not be reached or is
// restarting, or that a deadline passed while waiting for a dependency, so that the same
// request may succeed later. (The store reports PostgreSQL's outages as
// domain.ErrUnavailable itself.)
func dependencyDown(err error) bool {
	var netErr net.Error
	var unavailable *serviceerror.Unavailable
	var deadline *serviceerror.DeadlineExceeded
	return errors.Is(err, context.DeadlineExceeded) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.As(err, &netErr) || errors.As(err, &unavailable) || errors.As(err, &deadline)
}

// Public is err as the application error to show: itself when it is one, a 503
// "unavailable" when a dependency is down, else nil (an internal error).
func Public(err error) *domain.Error {
	if e, ok := domain.Public(err); ok {
		return e
	}
	if err != nil && dependencyDown(err) {
		return domain.Unreachable(err)
	}
	return nil
}

// Shown is the error to show for err, logging it first: Public(err), or ErrInternal
// after logging err as an error (with what the request was).
func Shown(c *gin.Context, log *slog.Logger, err error) *domain.Error {
	e := Public(err)
	if e == nil {
		log.ErrorContext(c, "request failed", "err", err, "route", c.FullPath())
		return ErrInternal
	}
	if e.Err != nil {
		log.WarnContext(c, "request refused", "err", err)
	}
	return e
}

// SetRetryAfter tells the client of a 429 or 503 when to try again: e's RetryAfter in
// whole seconds (at least one), or two seconds for a 503 that gives none.
func SetRetryAfter(c *gin.Context, e *domain.Error) {
	switch {
	case e.RetryAfter > 0:
		c.Header("Retry-After", strconv.Itoa(max(1, int(e.RetryAfter.Seconds()))))
	case Status(e) == http.StatusServiceUnavailable:
		c.Header("Retry-After", retryAfterUnavailable)
	}
}

// ErrorBody is the JSON shape of every error answer.
type ErrorBody struct {
	Error ErrorDetail `json:"error"`
}

// ErrorDetail is an error answer's content.
type ErrorDetail struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id"`
}

// Fail answers err as JSON: an application error with its code and message, a
// dependency outage as a retryable 503 "unavailable" with Retry-After, anything else as
// "internal" after logging it.
func Fail(c *gin.Context, log *slog.Logger, err error) {
	e := Shown(c, log, err)
	SetRetryAfter(c, e)
	c.AbortWithStatusJSON(Status(e), ErrorBody{Error: ErrorDetail{
		Code: e.Code, Message: e.Message, Fields: e.Fields, RequestID: RequestIDOf(c),
	}})
}
