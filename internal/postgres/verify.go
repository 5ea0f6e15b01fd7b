package postgres

import (
	"context"
	"fmt"
)

// SubmittedCodes returns the code of every submitted dossier, in submission order: what
// `dvc verify` checks against Temporal.
func (s *Store) SubmittedCodes(ctx context.Context) ([]string, error) {
	codes := []string{}
	if err := s.db.SelectContext(ctx, &codes, `SELECT code FROM dossiers WHERE code IS NOT NULL ORDER BY submitted_at, id`); err != nil {
		return nil, fmt.Errorf("store: submitted codes: %w", err)
	}
	return codes, nil
}

// ProjectedSeq returns the sequence number of the log row the dossier's projection
// reflects (0 before the first).
func (s *Store) ProjectedSeq(ctx context.Context, dossierID int64) (int, error) {
	var seq int
	if err := s.db.GetContext(ctx, &seq, `SELECT projected_seq FROM dossiers WHERE id = $1`, dossierID); err != nil {
		return 0, fmt.Errorf("store: projected seq: %w", err)
	}
	return seq, nil
}

// StaleLogSummaries returns the codes of the submitted dossiers whose log summary (the
// log_* columns the statistics read, schema/0011_log_summary.sql) differs from their
// processing log, or whose updated_at is before their latest log row (which the audit
// search relies on, schema/0012_audit_since.sql), in submission order.
func (s *Store) StaleLogSummaries(ctx context.Context) ([]string, error) {
	codes := []string{}
	err := s.db.SelectContext(ctx, &codes, `SELECT d.code FROM dossiers d
		CROSS JOIN LATERAL dossier_log_summary(d.id, 0) l
		WHERE d.code IS NOT NULL AND (d.log_seq, d.log_last_at, d.log_last_action, d.log_last_status, d.log_received_at,
			d.log_finished_at, d.log_finish_timing, d.log_closed_at, d.log_closed_by, d.log_overdue)
		IS DISTINCT FROM (COALESCE(l.last_seq, 0), l.last_at, l.last_action, l.last_status, l.received_at, l.finished_at,
			l.finish_timing, l.closed_at, l.closed_by, l.overdue)
			OR d.updated_at < l.last_at
		ORDER BY d.submitted_at, d.id`)
	if err != nil {
		return nil, fmt.Errorf("store: stale log summaries: %w", err)
	}
	return codes, nil
}
