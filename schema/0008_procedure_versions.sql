-- Procedures are versioned: re-importing a changed procedure that dossiers already use
-- adds a new version and retires the old one, which those dossiers keep.
ALTER TABLE procedures
    ADD COLUMN version      integer NOT NULL DEFAULT 1 CHECK (version > 0),
    ADD COLUMN replaced_by  bigint REFERENCES procedures (id);
ALTER TABLE procedures DROP CONSTRAINT procedures_code_key;
CREATE UNIQUE INDEX procedures_code_version ON procedures (code, version);
CREATE UNIQUE INDEX procedures_code_active ON procedures (code) WHERE active;
