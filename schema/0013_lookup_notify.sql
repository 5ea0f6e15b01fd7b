-- Change notifications for the public lookup's cache (internal/lookupcache): at commit, the
-- API processes listening on "dvc_lookup" learn which submitted dossiers changed and drop
-- their cached answers. A lookup shows the dossier row, its procedure's and agency's names
-- and its processing log; a log row always updates its dossier (the projection and the
-- log summary of 0011), so the dossier's UPDATE covers it. Inserts need nothing: no
-- answer is cached for a code before it exists.
--
-- One notification per statement: the ids of the dossiers it touched, or "*" (drop
-- everything) past 500 of them, which keeps the payload under PostgreSQL's 8,000 bytes
-- and a mass update from queueing a notification per row. PostgreSQL delivers them only
-- when the transaction commits, and not at all when it rolls back.
CREATE FUNCTION dossiers_lookup_notify() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	n int;
	ids text;
BEGIN
	SELECT count(*), string_agg(id::text, ',') INTO n, ids
	FROM (SELECT id FROM changed WHERE code IS NOT NULL LIMIT 501) c;
	IF n > 500 THEN
		PERFORM pg_notify('dvc_lookup', '*');
	ELSIF n > 0 THEN
		PERFORM pg_notify('dvc_lookup', ids);
	END IF;
	RETURN NULL;
END $$;

CREATE TRIGGER dossiers_lookup_update AFTER UPDATE ON dossiers
	REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION dossiers_lookup_notify();
CREATE TRIGGER dossiers_lookup_delete AFTER DELETE ON dossiers
	REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION dossiers_lookup_notify();

-- A renamed procedure or agency changes the answers of all its dossiers: drop everything
-- (rare, an administrator's edit).
CREATE FUNCTION lookup_names_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('dvc_lookup', '*');
	RETURN NULL;
END $$;

CREATE TRIGGER procedures_lookup_update AFTER UPDATE ON procedures
	FOR EACH STATEMENT EXECUTE FUNCTION lookup_names_notify();
CREATE TRIGGER agencies_lookup_update AFTER UPDATE ON agencies
	FOR EACH STATEMENT EXECUTE FUNCTION lookup_names_notify();
