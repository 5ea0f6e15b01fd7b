-- Intake at the one-stop desk and by post, and dossiers received from the national portal
-- (issue 19). A desk or postal dossier is registered by a reception officer and starts
-- already received; a national one keeps the portal's dossier code (MaHoSo), the key that
-- makes its intake idempotent.

ALTER TABLE dossiers
    -- The officer who registered a desk or postal dossier (its receipt is theirs).
    ADD COLUMN received_by      bigint REFERENCES accounts (id),
    -- The postal tracking number of a dossier sent by post (số hiệu bưu gửi).
    ADD COLUMN tracking_number  text NOT NULL DEFAULT '',
    -- The idempotency key of a desk or postal registration, per officer.
    ADD COLUMN intake_key       text,
    -- MaHoSo of a dossier submitted on the national portal, and how it came (push, pull).
    ADD COLUMN national_code    text UNIQUE,
    ADD COLUMN national_source  text CHECK (national_source IN ('push', 'pull')),
    -- The applicant's national account id (TechID) as the portal gave it.
    ADD COLUMN national_tech_id text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX dossiers_intake_key ON dossiers (received_by, intake_key) WHERE intake_key IS NOT NULL;
-- The desk finds a person's earlier dossiers by ID number (dossiers_id_number, 0003); a
-- citizen sees the unowned dossiers registered under their verified ID number.
CREATE INDEX dossiers_unowned_id_number ON dossiers (id_number) WHERE owner_id IS NULL AND code IS NOT NULL;

-- Components the desk checked on paper ("bản giấy, đã kiểm tra") instead of a scan.
CREATE TABLE dossier_paper_components (
    dossier_id    bigint NOT NULL REFERENCES dossiers (id),
    component_id  bigint NOT NULL REFERENCES procedure_components (id),
    checked_by    bigint NOT NULL REFERENCES accounts (id),
    checked_at    timestamptz NOT NULL,
    PRIMARY KEY (dossier_id, component_id)
);

-- A citizen's national account (TechID from the national sign-in); set once the person
-- signed in with it or confirmed the link.
ALTER TABLE accounts ADD COLUMN national_tech_id text UNIQUE;
CREATE INDEX accounts_id_number ON accounts (id_number) WHERE kind = 'citizen' AND id_number <> '';

-- A file submitted on the national portal whose component (MaThanhPhanHoSo) matches none
-- of the local procedure's components is kept as kind 'national', with the portal's code.
ALTER TABLE dossier_files
    DROP CONSTRAINT dossier_files_kind_check,
    ADD CONSTRAINT dossier_files_kind_check CHECK (kind IN ('component', 'result', 'national')),
    ADD COLUMN national_component text NOT NULL DEFAULT '';
