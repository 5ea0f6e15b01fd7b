-- Indexes that keep the hot reads fast at a million dossiers (see BENCHMARKS.md, "A million
-- dossiers"); activities/explain_test.go checks that the planner uses them.

-- Statistics (form 06) of one agency and one period read only the dossiers still open at
-- the period's start or ended in it: by agency, then by when the dossier ended (finished,
-- or closed by refusal, withdrawal or stop: its last update), open ones at 'infinity'.
-- The expression must stay identical to the one in activities/stats.go.
CREATE INDEX dossiers_period ON dossiers (agency_id,
    (COALESCE(finished_at, CASE WHEN status IN (3, 7, 8) THEN updated_at END, 'infinity'::timestamptz)))
    INCLUDE (id);

-- The audit search by agency matches the home agency or the holding one: both give the
-- agency's dossier ids from the index alone (dossiers_period above for the home agency).
CREATE INDEX dossiers_holder ON dossiers (holder_agency_id) INCLUDE (id);

-- Satisfaction figures of a period.
CREATE INDEX ratings_created ON ratings (created_at);

-- The audit search by period counts log rows from the index alone (the agency filter
-- needs only the dossier id): the (at, action) index of 0006 gains the dossier id.
DROP INDEX dossier_events_search;
CREATE INDEX dossier_events_search ON dossier_events (at, action) INCLUDE (dossier_id);
