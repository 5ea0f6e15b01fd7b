-- Dossiers, the per-agency per-day code counter, and the append-only processing log.

CREATE TABLE dossiers (
    id            bigserial PRIMARY KEY,
    code          text UNIQUE,                 -- allocated at submission; NULL for a draft
    procedure_id  bigint NOT NULL REFERENCES procedures (id),
    agency_id     bigint NOT NULL REFERENCES agencies (id),
    owner_id      bigint REFERENCES accounts (id),
    applicant_name text NOT NULL,
    id_number     text NOT NULL,
    phone         text NOT NULL,
    email         text NOT NULL DEFAULT '',
    address       text NOT NULL DEFAULT '',
    channel       text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'desk', 'post')),
    -- 0 draft, then the national status list: 1 new ... 10 delivered.
    status        smallint NOT NULL DEFAULT 0 CHECK (status BETWEEN 0 AND 10),
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    submitted_at  timestamptz,
    workflow_started_at timestamptz,
    CHECK ((status = 0) = (code IS NULL)),
    CHECK ((code IS NULL) = (submitted_at IS NULL))
);
CREATE INDEX dossiers_id_number ON dossiers (id_number) WHERE code IS NOT NULL;
CREATE INDEX dossiers_unstarted ON dossiers (submitted_at) WHERE code IS NOT NULL AND workflow_started_at IS NULL;

-- One row per agency and day; the row lock serialises code allocation, and a rolled-back
-- submission rolls its increment back, so codes are unique and gap-free.
CREATE TABLE dossier_code_counters (
    agency_id  bigint NOT NULL REFERENCES agencies (id),
    day        date NOT NULL,
    last_seq   integer NOT NULL,
    PRIMARY KEY (agency_id, day)
);

-- The processing log (phiếu kiểm soát quá trình giải quyết hồ sơ). Rows are written by
-- workflow activities keyed by (dossier, seq), so a retried activity never writes twice;
-- each row's hash chains to the previous row of the dossier.
CREATE TABLE dossier_events (
    dossier_id  bigint NOT NULL REFERENCES dossiers (id),
    seq         integer NOT NULL CHECK (seq > 0),
    at          timestamptz NOT NULL,
    action      text NOT NULL,
    actor_id    bigint REFERENCES accounts (id),
    actor_name  text NOT NULL DEFAULT '',
    actor_unit  text NOT NULL DEFAULT '',
    receiver    text NOT NULL DEFAULT '',
    note        text NOT NULL DEFAULT '',
    status      smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
    hash        bytea NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);

CREATE FUNCTION dossier_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossier_events is append-only';
END;
$$;
CREATE TRIGGER dossier_events_append_only BEFORE UPDATE OR DELETE ON dossier_events
    FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only();
