-- The national portal (issue 19): the catalogue's mapping to national codes, and the
-- outbox of status and progress messages sent back to the portal.

-- The national code of each agency, field and procedure. A new row takes its own code
-- (dvc's codes are the national ones unless a mapping says otherwise); NULL means "not
-- mapped": its dossiers are not sent and the catalogue sync lists it as unmapped.
ALTER TABLE agencies ADD COLUMN national_code text UNIQUE;
ALTER TABLE fields ADD COLUMN national_code text UNIQUE;
ALTER TABLE procedures ADD COLUMN national_code text UNIQUE;
UPDATE agencies SET national_code = code;
UPDATE fields SET national_code = code;
UPDATE procedures SET national_code = code;

CREATE FUNCTION national_code_default() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.national_code IS NULL THEN
        NEW.national_code := NEW.code;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER agencies_national_code BEFORE INSERT ON agencies
    FOR EACH ROW EXECUTE FUNCTION national_code_default();
CREATE TRIGGER fields_national_code BEFORE INSERT ON fields
    FOR EACH ROW EXECUTE FUNCTION national_code_default();
CREATE TRIGGER procedures_national_code BEFORE INSERT ON procedures
    FOR EACH ROW EXECUTE FUNCTION national_code_default();

-- The outbox to the national portal: for every processing-log row, written in the same
-- transaction as the row, the DongBoHoSoMC snapshot of the dossier after it and the
-- CapNhatTienDoHoSoMC entry of the row. id orders a dossier's messages; the sender sends
-- them one at a time in that order.
CREATE TABLE national_outbox (
    id            bigserial PRIMARY KEY,
    dossier_id    bigint NOT NULL REFERENCES dossiers (id),
    log_seq       integer NOT NULL,
    service       text NOT NULL CHECK (service IN ('DongBoHoSoMC', 'CapNhatTienDoHoSoMC')),
    payload       jsonb NOT NULL,
    -- The national status the message carries ("1"…"10"): dvc verify --national compares
    -- the last one sent with the dossier's record.
    status        text NOT NULL,
    state         text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'parked', 'discarded')),
    attempts      integer NOT NULL DEFAULT 0,
    next_at       timestamptz NOT NULL DEFAULT now(),
    last_error    text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz,
    parked_at     timestamptz,
    -- Who requeued or discarded a parked message, and when.
    resolved_by   bigint REFERENCES accounts (id),
    resolved_at   timestamptz,
    UNIQUE (dossier_id, log_seq, service)
);
-- The sender's work: unsent messages, by dossier, in order.
CREATE INDEX national_outbox_open ON national_outbox (dossier_id, id) WHERE state IN ('pending', 'parked');
CREATE INDEX national_outbox_parked ON national_outbox (parked_at) WHERE state = 'parked';
-- The verify and the sender ask for a dossier's messages by service and state.
CREATE INDEX national_outbox_sent ON national_outbox (dossier_id, service, id) WHERE state = 'sent';
