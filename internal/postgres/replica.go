package postgres

import (
	"context"
	"fmt"
)

// WALPosition returns the primary's current write-ahead log insert position, in bytes:
// every transaction committed before the call has its commit record at or before it.
// Errors: domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) WALPosition(ctx context.Context) (int64, error) {
	var pos int64
	if err := s.get(ctx, &pos, `SELECT (pg_current_wal_insert_lsn() - '0/0'::pg_lsn)::bigint`); err != nil {
		return 0, fmt.Errorf("store: wal position: %w", err)
	}
	return pos, nil
}

// ReplayPosition returns how far a hot standby has replayed its primary's write-ahead
// log, in bytes (comparable with WALPosition's), and standby false when the database is
// not a standby (a primary, or a promoted replica), which is then as fresh as it gets.
// Errors: domain.ErrUnavailable when the database cannot be reached.
func (s *Store) ReplayPosition(ctx context.Context) (pos int64, standby bool, err error) {
	var row struct {
		Standby bool  `db:"standby"`
		Pos     int64 `db:"pos"`
	}
	err = s.get(ctx, &row, `SELECT pg_is_in_recovery() AS standby,
		COALESCE((pg_last_wal_replay_lsn() - '0/0'::pg_lsn)::bigint, 0) AS pos`)
	if err != nil {
		return 0, false, fmt.Errorf("store: replay position: %w", err)
	}
	return row.Pos, row.Standby, nil
}
