-- Deadlines as the law counts them (issue 18), part 2: the working calendar as versions.
-- Every change (a release's shipped calendar, a console edit, a catalogue import) is a new
-- version holding the whole list of days that break the weekly pattern, each with its
-- name and legal source; dossiers in flight are counted again with the latest version by
-- a durable job (CalendarChangeWorkflow), which records when it was started.
CREATE TABLE calendar_versions (
    number          integer PRIMARY KEY CHECK (number > 0),
    effective_from  date NOT NULL,          -- the day it was entered, in Vietnam
    note            text NOT NULL,
    origin          text NOT NULL CHECK (origin IN ('shipped', 'console', 'import', 'existing')),
    shipped         integer,                -- the shipped version it brings (origin 'shipped')
    created_at      timestamptz NOT NULL DEFAULT now(),
    created_by      text NOT NULL DEFAULT '',
    job_started_at  timestamptz             -- when its recompute job was started (NULL: not yet)
);
CREATE UNIQUE INDEX calendar_versions_shipped ON calendar_versions (shipped) WHERE shipped IS NOT NULL;

CREATE TABLE calendar_version_days (
    version      integer NOT NULL REFERENCES calendar_versions (number),
    day          date NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('holiday', 'day_off', 'workday')),
    name         text NOT NULL,
    source       text NOT NULL,
    provisional  boolean NOT NULL DEFAULT false,
    PRIMARY KEY (version, day)
);

-- The calendar version a dossier's due dates count with (NULL: received before versions,
-- with the days of its rule set).
ALTER TABLE dossiers ADD COLUMN calendar_version integer REFERENCES calendar_versions (number);
-- The recompute job pages through the dossiers whose clock may run.
CREATE INDEX dossiers_clock_open ON dossiers (id) WHERE status IN (2, 4, 5, 6);
