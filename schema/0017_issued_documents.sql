-- Documents the system signed and handed out (issue 20): every slip, drawn once per
-- dossier, kind and the log row it comes from, then served as stored; every result
-- document an officer attached (file_id, event_seq 0); every payment receipt. The
-- bytes live in the content-addressed file store under their SHA-256, which the public
-- lookup finds a presented PDF by.
CREATE TABLE issued_documents (
    id          bigserial PRIMARY KEY,
    dossier_id  bigint NOT NULL REFERENCES dossiers (id),
    kind        text NOT NULL,
    event_seq   integer NOT NULL,
    file_id     bigint REFERENCES dossier_files (id),
    sha256      text NOT NULL UNIQUE CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size        bigint NOT NULL,
    signer      text NOT NULL,
    signed_at   timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'result') = (file_id IS NOT NULL))
);
CREATE UNIQUE INDEX issued_documents_source ON issued_documents (dossier_id, kind, event_seq) WHERE file_id IS NULL;
CREATE UNIQUE INDEX issued_documents_file ON issued_documents (file_id) WHERE file_id IS NOT NULL;
