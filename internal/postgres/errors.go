package postgres

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// classify returns err as domain.ErrUnavailable (keeping it as the cause) when it means
// that PostgreSQL could not be reached or is restarting, so that the same request may
// succeed later: a refused, reset or broken connection, a server shutting down or
// starting up, too many connections, a serialization failure or deadlock. Any other
// error is returned as it is (sql.ErrNoRows stays itself).
func classify(err error) error {
	if err == nil {
		return nil
	}
	if _, ok := domain.AsError(err); ok {
		return err
	}
	if unreachable(err) {
		return domain.Unreachable(err)
	}
	return err
}

func unreachable(err error) bool {
	var pqErr *pq.Error
	if errors.As(err, &pqErr) {
		code := string(pqErr.Code)
		return strings.HasPrefix(code, "08") || // connection exception
			code == "57P01" || code == "57P02" || code == "57P03" || // admin/crash shutdown, cannot connect now
			code == "53300" || code == "40001" || code == "40P01" // too many connections, serialization, deadlock
	}
	var netErr net.Error
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, sql.ErrConnDone), errors.As(err, &netErr):
		return true
	}
	// lib/pq reports a connection closed under it as a plain error.
	msg := err.Error()
	return strings.Contains(msg, "bad connection") || strings.Contains(msg, "connection refused") ||
		strings.Contains(msg, "connection reset")
}

// pool is the connection pool with every error classified (classify), so that the
// store's callers see an outage as domain.Unavailable without knowing the driver.
type pool struct{ *sqlx.DB }

func (p pool) GetContext(ctx context.Context, dest any, query string, args ...any) error {
	return classify(p.DB.GetContext(ctx, dest, query, args...))
}

func (p pool) SelectContext(ctx context.Context, dest any, query string, args ...any) error {
	return classify(p.DB.SelectContext(ctx, dest, query, args...))
}

func (p pool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	res, err := p.DB.ExecContext(ctx, query, args...)
	return res, classify(err)
}

func (p pool) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	rows, err := p.DB.QueryxContext(ctx, query, args...)
	return rows, classify(err)
}

func (p pool) PreparexContext(ctx context.Context, query string) (*sqlx.Stmt, error) {
	st, err := p.DB.PreparexContext(ctx, query)
	return st, classify(err)
}

func (p pool) BeginTxx(ctx context.Context, opts *sql.TxOptions) (*sqlx.Tx, error) {
	tx, err := p.DB.BeginTxx(ctx, opts)
	return tx, classify(err)
}

func (p pool) PingContext(ctx context.Context) error { return classify(p.DB.PingContext(ctx)) }
