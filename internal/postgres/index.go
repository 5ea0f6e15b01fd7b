package postgres

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
)

// indexScopeSQL is the per-dossier base of the service index and its drill-down: the
// dossiers of the period (as the statistics select them, through dossiers_period) with
// flags saying which indicators count them. Every flag reads only what is fixed once the
// period has ended: the first receipt and finish and the finish's timing (the log
// summary, schema/0011_log_summary.sql, whose "first" rows never change), the channel,
// the procedure's online level, and rows and files dated before the period's end; the
// costlier flags are computed only for the dossiers they concern. $1 agency (0: all),
// $2 field (0: all), $3 from, $4 to, $5 grouping ("agency", "field", "procedure").
const indexScopeSQL = `
WITH scope AS (
	SELECT d.id, d.code, d.agency_id, d.procedure_id, d.channel, d.submitted_at, d.applicant_name, d.status,
		CASE $5 WHEN 'agency' THEN d.agency_id WHEN 'field' THEN p.field_id WHEN 'procedure' THEN d.procedure_id ELSE 0 END AS group_id,
		p.online_level = 'full' AS full_online,
		d.log_received_at >= $3 AND d.log_received_at < $4 AS received,
		d.log_finished_at >= $3 AND d.log_finished_at < $4 AS resolved,
		d.log_received_at, d.log_finished_at, d.log_finish_timing
	FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
	WHERE ($1 = 0 OR d.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND d.submitted_at < $4
		AND COALESCE(d.finished_at, CASE WHEN d.status IN (3, 7, 8) THEN d.updated_at END, 'infinity'::timestamptz) >= $3
), flags AS (
	SELECT s.*, COALESCE(s.received, false) AS rec, COALESCE(s.resolved, false) AS res,
		s.resolved AND s.log_finish_timing = 'late' AS late,
		s.resolved AND s.log_finish_timing IN ('early', 'on_time') AS on_time,
		s.received AND s.channel = 'online' AS online,
		s.received AND s.channel = 'online' AND s.log_received_at - s.submitted_at <= interval '72 hours' AS timely,
		CASE WHEN s.resolved AND s.log_finish_timing = 'late' THEN EXISTS (SELECT 1 FROM dossier_events e
			WHERE e.dossier_id = s.id AND e.action = 'extend' AND e.at < s.log_finished_at) END AS apologised,
		CASE WHEN s.received THEN EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = s.id
			AND f.deleted_at IS NULL AND f.kind = 'component' AND f.created_at < $4) END AS digitised,
		CASE WHEN s.resolved THEN EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = s.id
			AND f.deleted_at IS NULL AND f.kind = 'result' AND f.created_at < $4) END AS electronic,
		CASE WHEN s.resolved THEN (SELECT count(*) FROM dossier_events e WHERE e.dossier_id = s.id
			AND e.action = 'request_supplement' AND e.at < $4) <= 1 END AS few_supplements
	FROM scope s
)`

// indexCountsSQL aggregates the flags per group; the progress of dossiers still open at
// the period's end and the ratings come from the statistics (Stats).
const indexCountsSQL = indexScopeSQL + `
SELECT group_id, COALESCE(CASE $5 WHEN 'agency' THEN (SELECT name FROM agencies WHERE id = group_id)
		WHEN 'field' THEN (SELECT name FROM fields WHERE id = group_id)
		WHEN 'procedure' THEN (SELECT name FROM procedures WHERE id = group_id) END, '') AS group_name,
	count(*) FILTER (WHERE rec) AS received,
	count(*) FILTER (WHERE online) AS received_online,
	count(*) FILTER (WHERE timely) AS received_online_timely,
	count(*) FILTER (WHERE rec AND digitised) AS received_digitised,
	count(*) FILTER (WHERE rec AND full_online) AS received_full_online,
	count(*) FILTER (WHERE res) AS resolved,
	count(*) FILTER (WHERE on_time) AS resolved_on_time,
	count(*) FILTER (WHERE late) AS resolved_late,
	count(*) FILTER (WHERE late AND apologised) AS resolved_late_apologised,
	count(*) FILTER (WHERE res AND electronic) AS resolved_electronic,
	count(*) FILTER (WHERE res AND few_supplements) AS resolved_few_supplements,
	0 AS in_progress_on_time, 0 AS in_progress_overdue, 0 AS ratings_satisfied, 0 AS ratings
FROM flags WHERE rec OR res GROUP BY group_id ORDER BY group_id`

// indexLosers are, per indicator counted from the flags, the condition of a dossier
// counted in its denominator and not in its numerator.
var indexLosers = map[string]string{
	"apology":           `late AND NOT apologised`,
	"timely_receipt":    `online AND NOT timely`,
	"on_time":           `res AND NOT on_time`,
	"digitised":         `rec AND NOT digitised`,
	"electronic_result": `res AND NOT electronic`,
	"online_share":      `rec AND NOT online`,
	"full_online":       `rec AND NOT full_online`,
	"few_supplements":   `res AND NOT few_supplements`,
}

// IndexCounts returns the flag counts of the service index per group of q (the groups
// with dossiers received or resolved in the period).
func (s *Store) IndexCounts(ctx context.Context, q domain.StatsQuery) ([]domain.IndexCounts, error) {
	out := []domain.IndexCounts{}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil { // as for Stats
			return err
		}
		return tx.SelectContext(ctx, &out, indexCountsSQL, q.AgencyID, q.FieldID, q.From, q.To, q.GroupBy)
	})
	if err != nil {
		return nil, fmt.Errorf("store: index: %w", err)
	}
	return out, nil
}

// IndexLosers returns up to limit dossiers that lose points in indicator code for q's
// scope and period, oldest first. Errors: unknown_indicator.
func (s *Store) IndexLosers(ctx context.Context, q domain.StatsQuery, code string, limit int) ([]domain.OversightRow, error) {
	cond, ok := indexLosers[code]
	if !ok {
		return nil, domain.NewError(domain.NotFound, "unknown_indicator", "Chỉ số không tồn tại hoặc không liệt kê hồ sơ.")
	}
	out := []domain.OversightRow{}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return err
		}
		return tx.SelectContext(ctx, &out, indexScopeSQL+`
			SELECT f.id, f.code, p.name AS procedure_name, a.name AS agency_name, f.applicant_name, d.status, d.step_name,
				d.assignee_id, d.assignee_name, d.received_at, d.due_at, d.step_due_at, d.updated_at, d.overdue
			FROM (SELECT * FROM flags WHERE `+cond+` ORDER BY submitted_at, id LIMIT $6) f
			JOIN dossiers d ON d.id = f.id JOIN procedures p ON p.id = f.procedure_id JOIN agencies a ON a.id = f.agency_id
			ORDER BY f.submitted_at, f.id`, q.AgencyID, q.FieldID, q.From, q.To, q.GroupBy, limit)
	})
	if err != nil {
		return nil, fmt.Errorf("store: index losers: %w", err)
	}
	return out, nil
}
