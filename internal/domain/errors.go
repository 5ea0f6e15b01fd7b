package domain

import (
	"errors"
	"fmt"
	"time"
)

// ErrorKind classifies an error for the transport: each kind has one HTTP status
// (internal/httpx maps them in one place).
type ErrorKind int

// Kinds of application errors.
const (
	// Internal: not the caller's doing. Logged with the request id; the caller sees only
	// "internal" (500).
	Internal ErrorKind = iota
	// Invalid request: a malformed query, header or body (400).
	Invalid
	// Unprocessable: a well-formed request whose content breaks a rule, usually with
	// per-field problems (422).
	Unprocessable
	// NotFound: 404.
	NotFound
	// Conflict with the current state: 409.
	Conflict
	// Forbidden for this caller: 403.
	Forbidden
	// Unavailable: a dependency (PostgreSQL, Temporal) is down or restarting, try again (503).
	Unavailable
	// Unauthorized: not signed in, or the session ended: 401.
	Unauthorized
	// TooMany: too many attempts or requests, slow down: 429.
	TooMany
	// TooLarge: a body or file over its limit: 413.
	TooLarge
	// UnsupportedMedia: a body or file of a type that is not accepted: 415.
	UnsupportedMedia
	// MethodNotAllowed: the route exists for other methods: 405.
	MethodNotAllowed
)

// Error is dvc's one application error: a stable machine code and a message for people
// (Vietnamese), with per-field problems for invalid input. Every layer returns it for
// failures a person can act on; any other error is internal.
type Error struct {
	Kind    ErrorKind
	Code    string            // stable, snake_case, e.g. "procedure_not_found"
	Message string            // for people
	Fields  map[string]string // per-field problems, for invalid input
	Err     error             // the cause, never shown
	// RetryAfter, when positive, tells the caller how long to wait before trying again
	// (TooMany, Unavailable): the transport's Retry-After.
	RetryAfter time.Duration
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// NewError returns an error of kind with code and message.
func NewError(kind ErrorKind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// WrapError returns an error of kind that keeps cause for the logs.
func WrapError(kind ErrorKind, code, message string, cause error) *Error {
	return &Error{Kind: kind, Code: code, Message: message, Err: cause}
}

// AsError returns the *Error in err's chain, if any.
func AsError(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Public returns the *Error in err's chain when it is one to show the caller (any kind
// but Internal); false means the error is internal: log it, show "internal".
func Public(err error) (*Error, bool) {
	e, ok := AsError(err)
	if !ok || e.Kind == Internal {
		return nil, false
	}
	return e, true
}

// IsKind reports whether err is an *Error of kind.
func IsKind(err error, kind ErrorKind) bool {
	e, ok := AsError(err)
	return ok && e.Kind == kind
}

// ErrUnavailable is the error of a request that failed because PostgreSQL or Temporal
// could not be reached or is restarting: the same request may succeed shortly.
var ErrUnavailable = NewError(Unavailable, "unavailable", "Hệ thống đang tạm thời gián đoạn, vui lòng thử lại sau giây lát.")

// Unreachable wraps cause, a failure to reach a dependency, as ErrUnavailable.
func Unreachable(cause error) *Error {
	return WrapError(Unavailable, ErrUnavailable.Code, ErrUnavailable.Message, cause)
}
