-- The statistics query read from every log row of the scope, as before migration 0009
-- (its per-dossier aggregates), with today's indicators (the balanced form 06 of issue
-- 18) on top: internal/postgres/explain_test.go checks that the current query, which reads
-- the log summary on the dossier rows, gives the same figures.
WITH ev AS (
	SELECT e.dossier_id, e.action, e.at, e.status, e.timing, d.channel,
		CASE $5 WHEN 'agency' THEN d.agency_id WHEN 'field' THEN p.field_id ELSE 0 END AS group_id
	FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id JOIN procedures p ON p.id = d.procedure_id
	WHERE ($1 = 0 OR d.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND e.at < $4
), per AS (
	SELECT dossier_id, group_id, min(channel) AS channel,
		min(at) FILTER (WHERE action = 'receive') AS received_at,
		min(at) FILTER (WHERE action = 'finish') AS finished_at,
		(array_agg(timing ORDER BY at) FILTER (WHERE action = 'finish'))[1] AS finish_timing,
		min(at) FILTER (WHERE action IN ('refuse', 'stop', 'supplement_expired', 'withdraw')) AS closed_at,
		(array_agg(action ORDER BY at) FILTER (WHERE action IN ('refuse', 'stop', 'supplement_expired', 'withdraw')))[1] AS closed_by,
		bool_or(action = 'overdue') AS overdue,
		(array_agg(status ORDER BY at DESC, action))[1] AS last_status
	FROM ev GROUP BY dossier_id, group_id
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
ORDER BY 1
