// Package postgres is dvc's store: every SQL statement of the product against
// PostgreSQL, which owns the record (accounts and sessions, the catalogue, dossiers and
// their content, the processing log, the projection the pages read, the outbox). It maps
// connection failures to domain.ErrUnavailable, so no package above it knows the driver.
package postgres

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
)

// Store is the PostgreSQL record of dvc. Its methods return *domain.Error for failures a
// caller can act on (not found, invalid, conflict), domain.ErrUnavailable (wrapping the
// cause) when PostgreSQL cannot be reached, and wrapped errors otherwise.
type Store struct {
	db pool
	// stmts holds the hot reads prepared on db, by query text (see prepared).
	stmts sync.Map
	// locks bounds the connections LockDossier holds.
	locks lockSlots
	// nationalSync, when set, queues each new log row's messages to the national portal
	// (SetNationalSync).
	nationalSync atomic.Pointer[NationalSync]
}

// NewStore returns a store on db.
func NewStore(db *sqlx.DB) *Store { return &Store{db: pool{db}} }

// openWithin is how long Open waits for the database to answer.
const openWithin = 30 * time.Second

// Open returns a store on a pool of at most maxOpenConns connections to the database at
// url (as many kept idle, each closed after 5 idle minutes), once the database answers:
// it tries every 250 ms for 30 s (PostgreSQL may be starting). Close releases it. Errors:
// domain.ErrUnavailable (with the last failure) when the database did not answer in time.
func Open(ctx context.Context, url string, maxOpenConns int) (*Store, error) {
	s, err := Connect(url, maxOpenConns)
	if err != nil {
		return nil, err
	}
	if err := s.pingRetry(ctx, openWithin); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

// Connect is Open without waiting: the pool connects at its first use (for a read
// replica, which may come up after the process). Errors: a malformed url.
func Connect(url string, maxOpenConns int) (*Store, error) {
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	db.SetMaxOpenConns(maxOpenConns)
	db.SetMaxIdleConns(maxOpenConns)
	db.SetConnMaxIdleTime(5 * time.Minute)
	return NewStore(db), nil
}

// pingRetry pings the database every 250 ms until it answers or within has passed, and
// returns the last ping's error then.
func (s *Store) pingRetry(ctx context.Context, within time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, within)
	defer cancel()
	for {
		err := s.db.PingContext(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// Close closes the prepared statements and the pool.
func (s *Store) Close() error {
	s.stmts.Range(func(_, st any) bool {
		st.(*sqlx.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// DB exposes the pool, for health checks and tests.
func (s *Store) DB() *sqlx.DB { return s.db.DB }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.db.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// prepared returns query prepared on the pool, preparing it on first use. database/sql
// prepares it again, once, on each pooled connection that runs it; PostgreSQL then parses
// it once per connection and keeps its plan (a generic one after five runs when that is
// no worse), and each run is one round trip (Bind, Execute) where an unprepared query
// with parameters takes two (Parse and Describe, then Bind and Execute) and is planned
// every time. For the hot reads with a fixed shape only: a query whose best plan depends
// on which optional filters are given stays unprepared.
func (s *Store) prepared(ctx context.Context, query string) (*sqlx.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sqlx.Stmt), nil
	}
	st, err := s.db.PreparexContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close() //nolint:sqlclosecheck // another caller cached its statement first: this one is not kept
		return prev.(*sqlx.Stmt), nil
	}
	return st, nil
}

// get runs a prepared query returning one row into dest (sql.ErrNoRows when none).
func (s *Store) get(ctx context.Context, dest any, query string, args ...any) error {
	st, err := s.prepared(ctx, query) //nolint:sqlclosecheck // cached for the store's life; Close closes it
	if err != nil {
		return err
	}
	return classify(st.GetContext(ctx, dest, args...))
}

// sel runs a prepared query returning rows into the slice dest.
func (s *Store) sel(ctx context.Context, dest any, query string, args ...any) error {
	st, err := s.prepared(ctx, query) //nolint:sqlclosecheck // cached for the store's life; Close closes it
	if err != nil {
		return err
	}
	return classify(st.SelectContext(ctx, dest, args...))
}

// inTx runs fn in a transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(tx *sqlx.Tx) error) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return classify(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", classify(err))
	}
	return nil
}
