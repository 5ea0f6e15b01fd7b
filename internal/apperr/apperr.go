// Package apperr is dvc's one application error type. Every layer returns *Error for
// failures a person can act on; the API maps its Kind to an HTTP status in one place and
// shows Code and Message, while any other error is logged and shown as "internal".
package apperr

import (
	"errors"
	"fmt"
)

// Kind classifies an error for the transport.
type Kind int

// Kinds of application errors.
const (
	// Invalid input: 400 or 422.
	Invalid Kind = iota + 1
	// NotFound: 404.
	NotFound
	// Conflict with the current state: 409.
	Conflict
	// Forbidden for this caller: 403.
	Forbidden
	// Unavailable: a dependency is down, try again: 503.
	Unavailable
	// Unauthorized: not signed in, or the session ended: 401.
	Unauthorized
	// TooMany: too many attempts or requests, slow down: 429.
	TooMany
)

// Error is an application error with a stable machine code and a human message.
type Error struct {
	Kind    Kind
	Code    string            // stable, snake_case, e.g. "procedure_not_found"
	Message string            // for people
	Fields  map[string]string // per-field problems, for invalid input
	Err     error             // the cause, never shown
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return e.Code + ": " + e.Message
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error of kind with code and message.
func New(kind Kind, code, message string) *Error {
	return &Error{Kind: kind, Code: code, Message: message}
}

// Wrap returns an error of kind that keeps cause for the logs.
func Wrap(kind Kind, code, message string, cause error) *Error {
	return &Error{Kind: kind, Code: code, Message: message, Err: cause}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// IsKind reports whether err is an *Error of kind.
func IsKind(err error, kind Kind) bool {
	e, ok := As(err)
	return ok && e.Kind == kind
}
