-- A summary of each dossier's processing log on its row, for the statistics (form 06): for
-- a dossier whose whole log lies before a period's end, the per-dossier figures the
-- statistics need are the summary's, so they read one row instead of aggregating the log
-- (at a million dossiers, one agency's year was 35,000 log aggregates, most of its time).
-- The summary is written by a trigger on the log, which is append-only, so every writer
-- (the store, COPY of the synthetic generator, imports) keeps it; dossier_log_summary is
-- its one definition, also used by `dvc verify` to check the summary against the whole log.
ALTER TABLE dossiers
    ADD COLUMN log_seq           integer NOT NULL DEFAULT 0, -- the last log row summarised
    ADD COLUMN log_last_at       timestamptz, -- the latest log row's time (NULL: no log yet)
    ADD COLUMN log_last_action   text,        -- that row's action (same time: the first by name)
    ADD COLUMN log_last_status   smallint,    -- and its status
    ADD COLUMN log_received_at   timestamptz, -- the first 'receive' row
    ADD COLUMN log_finished_at   timestamptz, -- the first 'finish' row
    ADD COLUMN log_finish_timing text,        -- and its timing
    ADD COLUMN log_closed_at     timestamptz, -- the first refuse, stop, supplement_expired or withdraw row
    ADD COLUMN log_closed_by     text,        -- and its action
    ADD COLUMN log_overdue       boolean;     -- whether an 'overdue' row exists

-- dossier_log_summary summarises the log rows of dossier id past seq after_seq (0: the
-- whole log), with the aggregates of the statistics' per-dossier step (activities/stats.go).
-- With no such rows, last_seq is NULL.
CREATE FUNCTION dossier_log_summary(id bigint, after_seq integer)
RETURNS TABLE (last_seq integer, last_at timestamptz, last_action text, last_status smallint,
    received_at timestamptz, finished_at timestamptz, finish_timing text, closed_at timestamptz, closed_by text,
    overdue boolean)
LANGUAGE sql STABLE AS $$
    SELECT max(e.seq),
        max(e.at),
        (array_agg(e.action ORDER BY e.at DESC, e.action))[1],
        (array_agg(e.status ORDER BY e.at DESC, e.action))[1],
        min(e.at) FILTER (WHERE e.action = 'receive'),
        min(e.at) FILTER (WHERE e.action = 'finish'),
        (array_agg(e.timing ORDER BY e.at) FILTER (WHERE e.action = 'finish'))[1],
        min(e.at) FILTER (WHERE e.action IN ('refuse', 'stop', 'supplement_expired', 'withdraw')),
        (array_agg(e.action ORDER BY e.at) FILTER (WHERE e.action IN ('refuse', 'stop', 'supplement_expired', 'withdraw')))[1],
        bool_or(e.action = 'overdue')
    FROM dossier_events e
    WHERE e.dossier_id = id AND e.seq > after_seq
$$;

-- dossier_log_summary_add merges the dossier's log rows past log_seq into its summary:
-- the cost is that of the new rows, not of the whole log. Every merge is idempotent
-- (earliest, latest, or), so merging a row twice changes nothing. One dossier per call:
-- with a scalar id the cached plan always reads both tables through their primary keys.
CREATE FUNCTION dossier_log_summary_add(id bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    summarised integer;
BEGIN
    -- A variable, not a subquery, as the argument: a set-returning SQL function is inlined
    -- into the statement (and planned once with it) only when no argument is a subquery.
    SELECT d.log_seq INTO summarised FROM dossiers d WHERE d.id = dossier_log_summary_add.id;
    UPDATE dossiers d SET log_seq = GREATEST(d.log_seq, n.last_seq),
        log_last_at = GREATEST(d.log_last_at, n.last_at),
        log_last_action = CASE WHEN d.log_last_at IS NULL OR n.last_at > d.log_last_at
            OR (n.last_at = d.log_last_at AND n.last_action < d.log_last_action) THEN n.last_action ELSE d.log_last_action END,
        log_last_status = CASE WHEN d.log_last_at IS NULL OR n.last_at > d.log_last_at
            OR (n.last_at = d.log_last_at AND n.last_action < d.log_last_action) THEN n.last_status ELSE d.log_last_status END,
        log_received_at = LEAST(d.log_received_at, n.received_at),
        log_finished_at = LEAST(d.log_finished_at, n.finished_at),
        log_finish_timing = CASE WHEN n.finished_at < d.log_finished_at OR d.log_finished_at IS NULL
            THEN COALESCE(n.finish_timing, d.log_finish_timing) ELSE d.log_finish_timing END,
        log_closed_at = LEAST(d.log_closed_at, n.closed_at),
        log_closed_by = CASE WHEN n.closed_at < d.log_closed_at OR d.log_closed_at IS NULL
            THEN COALESCE(n.closed_by, d.log_closed_by) ELSE d.log_closed_by END,
        log_overdue = COALESCE(d.log_overdue, false) OR n.overdue
    FROM dossier_log_summary(dossier_log_summary_add.id, summarised) n
    WHERE d.id = dossier_log_summary_add.id AND n.last_seq IS NOT NULL;
END;
$$;

-- After each INSERT or COPY into the log: one merge per dossier it wrote to.
CREATE FUNCTION dossier_events_summarise() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    d bigint;
BEGIN
    FOR d IN SELECT DISTINCT n.dossier_id FROM new_rows n LOOP
        PERFORM dossier_log_summary_add(d);
    END LOOP;
    RETURN NULL;
END;
$$;
CREATE TRIGGER dossier_events_summarise AFTER INSERT ON dossier_events
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION dossier_events_summarise();

-- Existing dossiers (105 s at a million dossiers, one merge each). Every row got a new version: fresh
-- statistics keep the planner on dossiers_period until autovacuum has run.
SELECT count(dossier_log_summary_add(id)) FROM dossiers WHERE code IS NOT NULL;
ANALYZE dossiers;
