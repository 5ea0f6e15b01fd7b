package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
)

// lateSQL: the dossiers of the period (dossiers_period, as the statistics) that were
// resolved late in it, or were past their appointment date (an 'overdue' row) and
// neither resolved nor closed at its end; then, from each one's log rows before the
// period's end, the step where most time was lost: among the rows completing a step past
// its deadline (the row before opened the step: its name and deadline), the latest past
// it, with the officer who completed it; for an unresolved dossier whose open step is
// past its deadline at the period's end and later than any, that step and the officer
// the last decision gave it to (timer rows name nobody).
// Everything is read from rows before the period's end, so a closed period's report
// never changes. $1 agency (0: all), $2 from, $3 to.
const lateSQL = `
WITH scope AS (
	SELECT d.id, d.code, d.agency_id, d.procedure_id, d.due_at, d.log_received_at, d.log_finished_at,
		d.log_finished_at >= $2 AND d.log_finished_at < $3 AND d.log_finish_timing = 'late' AS resolved_late,
		d.log_overdue AND (d.log_finished_at IS NULL OR d.log_finished_at >= $3) AND (d.log_closed_at IS NULL OR d.log_closed_at >= $3) AS open_candidate
	FROM dossiers d
	WHERE ($1 = 0 OR d.agency_id = $1) AND d.submitted_at < $3
		AND COALESCE(d.finished_at, CASE WHEN d.status IN (3, 7, 8) THEN d.updated_at END, 'infinity'::timestamptz) >= $2
), late AS (
	SELECT s.* FROM scope s WHERE s.resolved_late
	UNION ALL
	SELECT s.* FROM scope s WHERE s.open_candidate AND NOT COALESCE(s.resolved_late, false)
		AND EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = s.id AND e.action = 'overdue' AND e.at < $3)
), steps AS (
	SELECT l.id, e.at, e.timing, e.actor_name, e.receiver,
		lag(e.step_name) OVER w AS prev_step, lag(e.step_due_at) OVER w AS prev_due,
		e.step_name, e.step_due_at, row_number() OVER (PARTITION BY l.id ORDER BY e.seq DESC) AS from_end
	FROM late l JOIN dossier_events e ON e.dossier_id = l.id AND e.at < $3
	WINDOW w AS (PARTITION BY l.id ORDER BY e.seq)
), lost AS (
	SELECT DISTINCT ON (id) id, step, officer, lost_from, lost_to FROM (
		SELECT id, prev_step AS step, actor_name AS officer, prev_due AS lost_from, at AS lost_to
		FROM steps WHERE timing <> '' AND prev_due IS NOT NULL AND at > prev_due
		UNION ALL
		SELECT s.id, s.step_name, (SELECT e.receiver FROM dossier_events e WHERE e.dossier_id = s.id AND e.at < $3
				AND e.action NOT IN ('reminder', 'step_overdue', 'overdue') ORDER BY e.seq DESC LIMIT 1),
			s.step_due_at, $3::timestamptz
		FROM steps s JOIN late l ON l.id = s.id
		WHERE s.from_end = 1 AND l.log_finished_at IS NULL AND s.step_due_at IS NOT NULL AND s.step_due_at < $3
	) x ORDER BY id, lost_to - lost_from DESC
)
SELECT l.id, d.code, p.name AS procedure_name, a.name AS agency_name, l.log_received_at AS received_at, l.due_at,
	CASE WHEN l.resolved_late THEN l.log_finished_at END AS finished_at,
	COALESCE(x.step, '') AS lost_step, COALESCE(x.officer, '') AS lost_officer, x.lost_from, x.lost_to
FROM late l JOIN dossiers d ON d.id = l.id JOIN procedures p ON p.id = l.procedure_id JOIN agencies a ON a.id = l.agency_id
LEFT JOIN lost x ON x.id = l.id
ORDER BY finished_at NULLS LAST, l.due_at, d.code`

// LateReport returns the late dossiers of q's agency and period (see lateSQL), resolved
// ones first.
func (s *Store) LateReport(ctx context.Context, q domain.ReportQuery) ([]domain.LateDossier, error) {
	out := []domain.LateDossier{}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return err
		}
		return tx.SelectContext(ctx, &out, lateSQL, q.AgencyID, q.From, q.To)
	})
	if err != nil {
		return nil, fmt.Errorf("store: late report: %w", err)
	}
	return out, nil
}
