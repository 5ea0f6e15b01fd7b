-- The statistics query before migration 0009, which read every log row of the scope:
-- activities/explain_test.go checks that the current one gives the same figures.
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
), ind AS (
	SELECT group_id,
		count(*) FILTER (WHERE received_at < $3 AND COALESCE(LEAST(finished_at, closed_at), 'infinity') >= $3) AS carried_over,
		count(*) FILTER (WHERE received_at >= $3 AND channel = 'online') AS received_online,
		count(*) FILTER (WHERE received_at >= $3 AND channel = 'desk') AS received_desk,
		count(*) FILTER (WHERE received_at >= $3 AND channel = 'post') AS received_post,
		count(*) FILTER (WHERE received_at >= $3) AS received,
		count(*) FILTER (WHERE finished_at >= $3 AND finish_timing = 'early') AS resolved_early,
		count(*) FILTER (WHERE finished_at >= $3 AND finish_timing = 'on_time') AS resolved_on_time,
		count(*) FILTER (WHERE finished_at >= $3 AND finish_timing = 'late') AS resolved_late,
		count(*) FILTER (WHERE finished_at >= $3) AS resolved,
		count(*) FILTER (WHERE received_at IS NOT NULL AND finished_at IS NULL AND closed_at IS NULL AND last_status IN (2, 4, 6) AND NOT overdue) AS in_progress_on_time,
		count(*) FILTER (WHERE received_at IS NOT NULL AND finished_at IS NULL AND closed_at IS NULL AND last_status IN (2, 4, 6) AND overdue) AS in_progress_overdue,
		count(*) FILTER (WHERE closed_at IS NULL AND finished_at IS NULL AND last_status = 5) AS waiting_supplement,
		count(*) FILTER (WHERE closed_at >= $3 AND closed_by IN ('stop', 'supplement_expired')) AS stopped,
		count(*) FILTER (WHERE closed_at >= $3 AND closed_by = 'refuse') AS refused,
		count(*) FILTER (WHERE closed_at >= $3 AND closed_by = 'withdraw') AS withdrawn,
		avg(extract(epoch FROM finished_at - received_at) / 86400.0) FILTER (WHERE finished_at >= $3) AS avg_days
	FROM per GROUP BY group_id
), sat AS (
	SELECT CASE $5 WHEN 'agency' THEN d.agency_id WHEN 'field' THEN p.field_id ELSE 0 END AS group_id,
		count(*) FILTER (WHERE r.rating = 'very_satisfied') AS very_satisfied,
		count(*) FILTER (WHERE r.rating = 'satisfied') AS satisfied,
		count(*) FILTER (WHERE r.rating = 'not_satisfied') AS not_satisfied
	FROM ratings r JOIN dossiers d ON d.id = r.dossier_id JOIN procedures p ON p.id = d.procedure_id
	WHERE ($1 = 0 OR d.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND r.created_at >= $3 AND r.created_at < $4
	GROUP BY 1
)
SELECT COALESCE(i.group_id, s.group_id) AS group_id,
	COALESCE(CASE $5 WHEN 'agency' THEN (SELECT name FROM agencies WHERE id = COALESCE(i.group_id, s.group_id))
		WHEN 'field' THEN (SELECT name FROM fields WHERE id = COALESCE(i.group_id, s.group_id)) END, '') AS group_name,
	COALESCE(carried_over, 0) AS carried_over, COALESCE(received_online, 0) AS received_online,
	COALESCE(received_desk, 0) AS received_desk, COALESCE(received_post, 0) AS received_post,
	COALESCE(received, 0) AS received, COALESCE(resolved_early, 0) AS resolved_early,
	COALESCE(resolved_on_time, 0) AS resolved_on_time, COALESCE(resolved_late, 0) AS resolved_late,
	COALESCE(resolved, 0) AS resolved, COALESCE(in_progress_on_time, 0) AS in_progress_on_time,
	COALESCE(in_progress_overdue, 0) AS in_progress_overdue, COALESCE(waiting_supplement, 0) AS waiting_supplement,
	COALESCE(stopped, 0) AS stopped, COALESCE(refused, 0) AS refused, COALESCE(withdrawn, 0) AS withdrawn,
	CASE WHEN resolved > 0 THEN round(100.0 * (resolved_early + resolved_on_time) / resolved, 2)::float8 END AS on_time_percent,
	round(avg_days::numeric, 2)::float8 AS avg_processing_days,
	COALESCE(very_satisfied, 0) AS very_satisfied, COALESCE(satisfied, 0) AS satisfied, COALESCE(not_satisfied, 0) AS not_satisfied
FROM ind i FULL JOIN sat s ON s.group_id = i.group_id
ORDER BY 1
