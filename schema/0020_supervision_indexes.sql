-- Supervision (issue 21): the worklists of supervisors and leaders, the late report, the
-- officers' workload and the service index, each within the statistics' budget at a
-- million dossiers (docs/supervision.md).

-- Open dossiers of an agency, by appointment date (the lists "due soon", "overdue",
-- "waiting for a supplement", and the officers' open dossiers), by home agency and by the
-- agency holding them. The status list must stay identical to the one in
-- internal/postgres/oversight.go.
CREATE INDEX dossiers_open_agency ON dossiers (agency_id, due_at) WHERE status IN (1, 2, 4, 5, 6, 9);
CREATE INDEX dossiers_open_holder ON dossiers (holder_agency_id, due_at) WHERE status IN (1, 2, 4, 5, 6, 9);

-- The worklist searched by receipt date over every status, by home and holding agency (both,
-- so that "received by or held by the agency" is a BitmapOr of the two).
CREATE INDEX dossiers_agency_received ON dossiers (agency_id, received_at) WHERE code IS NOT NULL;
CREATE INDEX dossiers_holder_received ON dossiers (holder_agency_id, received_at) WHERE code IS NOT NULL;

-- An officer's completed steps in a period (workload): the log rows that complete a step
-- carry its timing.
CREATE INDEX dossier_events_steps ON dossier_events (actor_id, at) WHERE timing <> '';

-- Supplement requests per dossier (the index's "at most one supplement request").
CREATE INDEX dossier_events_supplements ON dossier_events (dossier_id, at) WHERE action = 'request_supplement';
