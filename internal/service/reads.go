package service

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// readOn runs read, a read that decides nothing, on the read replica while the router
// says it is close enough behind, else on the primary; a read the replica fails because
// it cannot be reached (stopped, restarting, a query cancelled by its recovery) is run
// again on the primary, so the caller never sees the replica's outage. It also reports
// whether the replica answered.
func readOn[T any](s *Service, read func(*postgres.Store) (T, error)) (T, bool, error) {
	st, replica := s.Replica.Store(s.Store)
	v, err := read(st)
	if err != nil && replica && domain.IsKind(err, domain.Unavailable) {
		s.Replica.Failed(err)
		replica = false
		v, err = read(s.Store)
	}
	s.Replica.Served(replica)
	return v, replica, err
}

// reads is readOn for callers that need not know which database answered.
func reads[T any](s *Service, read func(*postgres.Store) (T, error)) (T, error) {
	v, _, err := readOn(s, read)
	return v, err
}

// LockDossier takes the lock on dossier id that every API replica shares (a
// PostgreSQL advisory lock), for the pages' guard against a form sent twice; unlock
// releases it. Errors: unavailable.
func (s *Service) LockDossier(ctx context.Context, id int64) (unlock func(), err error) {
	return s.Store.LockDossier(ctx, id)
}

// ReplicaStaleness is how far behind the primary a read on the read replica may be now
// (an upper bound, measured): configured is false without a replica, and ok false when
// the bound is unknown (the replica does not answer: reads go to the primary).
func (s *Service) ReplicaStaleness() (bound time.Duration, ok, configured bool) {
	if s.Replica == nil {
		return 0, false, false
	}
	bound, ok = s.Replica.Staleness()
	return bound, ok, true
}
