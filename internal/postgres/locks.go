package postgres

import (
	"context"
	"fmt"
	"sync"

	"github.com/dvc-project/dvc/internal/domain"
)

// lockDossiers is the first key of the dossier locks (two-key advisory locks, a space
// of their own beside the one-key lock of the migrations): "dvcd".
const lockDossiers = 0x64766364

// lockSlots bounds how many connections of the pool the dossier locks hold at once.
type lockSlots struct {
	once  sync.Once
	slots chan struct{}
}

// LockDossier takes an exclusive lock on dossier id for every process sharing the
// database (a transaction-level advisory lock, held on a pooled connection until unlock
// is called, or until the connection dies with its process): the pages' guard against a
// form sent twice, whichever API replica each request reaches. At most a quarter of the
// pool's connections hold or wait for such a lock at once, so the work done under the
// locks always finds a connection. Errors: domain.ErrUnavailable when PostgreSQL cannot
// be reached, or ctx ended while waiting.
func (s *Store) LockDossier(ctx context.Context, id int64) (unlock func(), err error) {
	slots := s.lockSlots()
	select {
	case slots <- struct{}{}:
	case <-ctx.Done():
		return nil, domain.Unreachable(fmt.Errorf("store: lock dossier %d: %w", id, ctx.Err()))
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		<-slots
		return nil, fmt.Errorf("store: lock dossier %d: %w", id, err)
	}
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1, $2)`, lockDossiers, int32(id&0x7fffffff)); err != nil {
		_ = tx.Rollback()
		<-slots
		if ctx.Err() != nil { // gave up waiting: the same request may succeed later
			return nil, domain.Unreachable(fmt.Errorf("store: lock dossier %d: %w", id, err))
		}
		return nil, fmt.Errorf("store: lock dossier %d: %w", id, classify(err))
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			_ = tx.Rollback() // ends the transaction, which releases the lock
			<-slots
		})
	}, nil
}

func (s *Store) lockSlots() chan struct{} {
	s.locks.once.Do(func() {
		n := s.db.Stats().MaxOpenConnections / 4
		if s.db.Stats().MaxOpenConnections == 0 {
			n = 8
		}
		s.locks.slots = make(chan struct{}, max(n, 1))
	})
	return s.locks.slots
}
