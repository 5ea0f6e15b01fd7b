package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// statsSQL: the dossiers that matter for the period (submitted before its end, and still
// open at its start or ended in it: the index dossiers_period finds them), then per
// dossier its first receipt, finish and closing rows, its last status, and whether it was
// marked overdue, all as of the period's end; then the indicators. A dossier whose whole
// log lies before the period's end (every dossier, for a period not yet over) has those
// on its row, the log summary (schema/0011_log_summary.sql); the others are aggregated
// from their log rows before the period's end, read through the primary key, with the
// same aggregates. Dossiers left out contribute to no indicator: their log ends before the
// period starts with a finish or a closing row.
const statsSQL = `
WITH scope AS (
	SELECT d.id, d.channel, CASE $5 WHEN 'agency' THEN d.agency_id WHEN 'field' THEN p.field_id ELSE 0 END AS group_id,
		d.log_last_at, d.log_received_at, d.log_finished_at, d.log_finish_timing, d.log_closed_at, d.log_closed_by,
		d.log_overdue, d.log_last_status
	FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
	WHERE ($1 = 0 OR d.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND d.submitted_at < $4
		AND COALESCE(d.finished_at, CASE WHEN d.status IN (3, 7, 8) THEN d.updated_at END, 'infinity'::timestamptz) >= $3
), per AS (
	SELECT group_id, channel, log_received_at AS received_at, log_finished_at AS finished_at,
		log_finish_timing AS finish_timing, log_closed_at AS closed_at, log_closed_by AS closed_by,
		log_overdue AS overdue, log_last_status AS last_status
	FROM scope WHERE log_last_at < $4
	UNION ALL
	SELECT s.group_id, s.channel, l.received_at, l.finished_at, l.finish_timing, l.closed_at, l.closed_by,
		l.overdue, l.last_status
	FROM scope s CROSS JOIN LATERAL (
		SELECT count(*) AS rows,
			min(at) FILTER (WHERE action = 'receive') AS received_at,
			min(at) FILTER (WHERE action = 'finish') AS finished_at,
			(array_agg(timing ORDER BY at) FILTER (WHERE action = 'finish'))[1] AS finish_timing,
			min(at) FILTER (WHERE action IN ('refuse', 'stop', 'supplement_expired', 'withdraw')) AS closed_at,
			(array_agg(action ORDER BY at) FILTER (WHERE action IN ('refuse', 'stop', 'supplement_expired', 'withdraw')))[1] AS closed_by,
			bool_or(action = 'overdue') AS overdue,
			(array_agg(status ORDER BY at DESC, action))[1] AS last_status
		FROM dossier_events e WHERE e.dossier_id = s.id AND e.at < $4
	) l
	WHERE (s.log_last_at IS NULL OR s.log_last_at >= $4) AND l.rows > 0
), ended AS (
	-- The first ending row decides how a dossier ended: a finish, or the closing row.
	SELECT *, LEAST(finished_at, closed_at) AS ended_at,
		CASE WHEN finished_at IS NOT NULL AND (closed_at IS NULL OR finished_at <= closed_at) THEN 'finish' ELSE closed_by END AS ended_by,
		received_at IS NOT NULL AND COALESCE(LEAST(finished_at, closed_at), 'infinity') >= $3 AS handled
	FROM per
), ind AS (
	-- The dossiers handled in the period (received before its end, not ended before its
	-- start) fall each in one column: resolved (early, on time, late), stopped, withdrawn,
	-- waiting for a supplement, or in progress (within the deadline, overdue), so that
	-- carried over + received = resolved + stopped + withdrawn + waiting + in progress.
	SELECT group_id,
		count(*) FILTER (WHERE handled AND received_at < $3) AS carried_over,
		count(*) FILTER (WHERE handled AND received_at >= $3 AND channel NOT IN ('desk', 'post')) AS received_online,
		count(*) FILTER (WHERE handled AND received_at >= $3 AND channel = 'desk') AS received_desk,
		count(*) FILTER (WHERE handled AND received_at >= $3 AND channel = 'post') AS received_post,
		count(*) FILTER (WHERE handled AND received_at >= $3) AS received,
		count(*) FILTER (WHERE handled AND ended_by = 'finish' AND finish_timing = 'early') AS resolved_early,
		count(*) FILTER (WHERE handled AND ended_by = 'finish' AND finish_timing = 'on_time') AS resolved_on_time,
		count(*) FILTER (WHERE handled AND ended_by = 'finish' AND COALESCE(finish_timing, '') NOT IN ('early', 'on_time')) AS resolved_late,
		count(*) FILTER (WHERE handled AND ended_by = 'finish') AS resolved,
		count(*) FILTER (WHERE handled AND ended_at IS NULL AND last_status <> 5 AND NOT COALESCE(overdue, false)) AS in_progress_on_time,
		count(*) FILTER (WHERE handled AND ended_at IS NULL AND last_status <> 5 AND COALESCE(overdue, false)) AS in_progress_overdue,
		count(*) FILTER (WHERE handled AND ended_at IS NULL AND last_status = 5) AS waiting_supplement,
		count(*) FILTER (WHERE handled AND ended_by IN ('stop', 'supplement_expired')) AS stopped,
		count(*) FILTER (WHERE closed_at >= $3 AND closed_by = 'refuse') AS refused,
		count(*) FILTER (WHERE handled AND ended_by = 'withdraw') AS withdrawn
	FROM ended GROUP BY group_id
), sup AS (
	-- The period's supplement requests, from the log's (at, action) index.
	SELECT group_id, sum(n) AS supplement_requests, count(*) FILTER (WHERE n > 1) AS resupplemented
	FROM (SELECT CASE $5 WHEN 'agency' THEN d.agency_id WHEN 'field' THEN p.field_id ELSE 0 END AS group_id, e.dossier_id, count(*) AS n
		FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id JOIN procedures p ON p.id = d.procedure_id
		WHERE e.action = 'request_supplement' AND e.at >= $3 AND e.at < $4 AND ($1 = 0 OR d.agency_id = $1) AND ($2 = 0 OR p.field_id = $2)
		GROUP BY 1, 2) x
	GROUP BY group_id
), sat AS (
	SELECT CASE $5 WHEN 'agency' THEN r.agency_id WHEN 'field' THEN p.field_id ELSE 0 END AS group_id,
		count(*) FILTER (WHERE r.rating = 'very_satisfied') AS very_satisfied,
		count(*) FILTER (WHERE r.rating = 'satisfied') AS satisfied,
		count(*) FILTER (WHERE r.rating = 'not_satisfied') AS not_satisfied
	-- The period's ratings, of one agency through ratings_agency_created, of all through
	-- ratings_created; each carries its dossier's agency and procedure (0010).
	FROM ratings r JOIN procedures p ON p.id = r.procedure_id
	WHERE ($1 = 0 OR r.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND r.created_at >= $3 AND r.created_at < $4
	GROUP BY 1
)
SELECT COALESCE(i.group_id, s.group_id, u.group_id) AS group_id,
	COALESCE(CASE $5 WHEN 'agency' THEN (SELECT name FROM agencies WHERE id = COALESCE(i.group_id, s.group_id, u.group_id))
		WHEN 'field' THEN (SELECT name FROM fields WHERE id = COALESCE(i.group_id, s.group_id, u.group_id)) END, '') AS group_name,
	COALESCE(supplement_requests, 0) AS supplement_requests, COALESCE(resupplemented, 0) AS resupplemented,
	COALESCE(carried_over, 0) AS carried_over, COALESCE(received_online, 0) AS received_online,
	COALESCE(received_desk, 0) AS received_desk, COALESCE(received_post, 0) AS received_post,
	COALESCE(received, 0) AS received, COALESCE(resolved_early, 0) AS resolved_early,
	COALESCE(resolved_on_time, 0) AS resolved_on_time, COALESCE(resolved_late, 0) AS resolved_late,
	COALESCE(resolved, 0) AS resolved, COALESCE(in_progress_on_time, 0) + COALESCE(in_progress_overdue, 0) AS in_progress,
	COALESCE(carried_over, 0) + COALESCE(received, 0) AS total, COALESCE(in_progress_on_time, 0) AS in_progress_on_time,
	COALESCE(in_progress_overdue, 0) AS in_progress_overdue, COALESCE(waiting_supplement, 0) AS waiting_supplement,
	COALESCE(stopped, 0) AS stopped, COALESCE(refused, 0) AS refused, COALESCE(withdrawn, 0) AS withdrawn,
	CASE WHEN resolved > 0 THEN round(100.0 * (resolved_early + resolved_on_time) / resolved, 2)::float8 END AS on_time_percent,
	COALESCE(very_satisfied, 0) AS very_satisfied, COALESCE(satisfied, 0) AS satisfied, COALESCE(not_satisfied, 0) AS not_satisfied
FROM ind i FULL JOIN sat s ON s.group_id = i.group_id FULL JOIN sup u ON u.group_id = COALESCE(i.group_id, s.group_id)
ORDER BY 1`

// Stats computes report form 06 for q. A period that has closed always gives the same
// figures: only log rows and ratings before q.To count.
func (s *Store) Stats(ctx context.Context, q domain.StatsQuery) ([]domain.Stats, error) {
	out := []domain.Stats{}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		// The planner's estimate for the per-dossier log aggregates is far above
		// jit_above_cost; compiling the query then cost 200 ms of the 800 ms it took for
		// one agency and one year at a million dossiers, and saved nothing.
		if _, err := tx.ExecContext(ctx, `SET LOCAL jit = off`); err != nil {
			return err
		}
		return tx.SelectContext(ctx, &out, statsSQL, q.AgencyID, q.FieldID, q.From, q.To, q.GroupBy)
	})
	if err != nil {
		return nil, fmt.Errorf("store: stats: %w", err)
	}
	return out, nil
}

// ResolvedDossier is a dossier resolved in a statistics period, as its average
// processing time needs it: the receipt and the finish, the procedure's unit, the rule
// set and calendar version it counted with, and its clock's interruptions.
type ResolvedDossier struct {
	GroupID         int64           `db:"group_id"`
	ID              int64           `db:"id"`
	ReceivedAt      time.Time       `db:"received_at"`
	FinishedAt      time.Time       `db:"finished_at"`
	Unit            domain.TimeUnit `db:"unit"`
	RuleVersion     int             `db:"rule_version"`
	CalendarVersion int             `db:"calendar_version"`
	Stops           []worktime.Interruption
}

// ResolvedDossiers returns the dossiers of q's scope resolved in its period (their first
// finish row in it, before any closing row), each with the supplement and payment pauses
// logged between its receipt and its finish. Only rows before the period's end count, so
// a closed period always gives the same dossiers.
func (s *Store) ResolvedDossiers(ctx context.Context, q domain.StatsQuery) ([]ResolvedDossier, error) {
	out := []ResolvedDossier{}
	err := s.db.SelectContext(ctx, &out, `SELECT CASE $5 WHEN 'agency' THEN d.agency_id WHEN 'field' THEN p.field_id ELSE 0 END AS group_id,
		d.id, d.log_received_at AS received_at, d.log_finished_at AS finished_at, p.duration_unit AS unit,
		COALESCE(d.rule_version, 1) AS rule_version, COALESCE(d.calendar_version, 0) AS calendar_version
		FROM dossiers d JOIN procedures p ON p.id = d.procedure_id
		WHERE ($1 = 0 OR d.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND d.submitted_at < $4
			AND d.finished_at >= $3 AND d.log_finished_at >= $3 AND d.log_finished_at < $4 AND d.log_received_at IS NOT NULL
			AND (d.log_closed_at IS NULL OR d.log_finished_at <= d.log_closed_at)
		ORDER BY d.id`, q.AgencyID, q.FieldID, q.From, q.To, q.GroupBy)
	if err != nil || len(out) == 0 {
		return out, classify(err)
	}
	ids := make([]int64, len(out))
	at := make(map[int64]*ResolvedDossier, len(out))
	for i := range out {
		ids[i], at[out[i].ID] = out[i].ID, &out[i]
	}
	var rows []struct {
		DossierID int64     `db:"dossier_id"`
		At        time.Time `db:"at"`
		Action    string    `db:"action"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT dossier_id, at, action FROM dossier_events
		WHERE dossier_id = ANY($1) AND action IN ('request_supplement', 'supplement', 'request_payment', 'confirm_payment')
		ORDER BY dossier_id, seq`, pq.Array(ids)); err != nil {
		return nil, classify(fmt.Errorf("store: resolved dossiers' pauses: %w", err))
	}
	for _, r := range rows {
		d := at[r.DossierID]
		if r.At.Before(d.ReceivedAt) || r.At.After(d.FinishedAt) {
			continue
		}
		n := len(d.Stops)
		switch open := n > 0 && d.Stops[n-1].To.IsZero(); {
		case (r.Action == "request_supplement" || r.Action == "request_payment") && !open:
			d.Stops = append(d.Stops, worktime.Interruption{From: r.At})
		case (r.Action == "supplement" || r.Action == "confirm_payment") && open:
			d.Stops[n-1].To = r.At
		}
	}
	return out, nil
}
