-- The citizen's document store (kho dữ liệu cá nhân, issue 20): the results delivered
-- to them (or certified copies, for the procedures of the field CHUNGTHUC), the
-- components they already submitted, and the receipts of fees paid online, each with
-- its source dossier, issuer and validity. Rows belong to an account (never shared, and
-- kept whatever the account's profile becomes); the bytes stay in the file store. A
-- dossier file taken from the store ("Lấy từ kho") names the document it came from.
CREATE TABLE personal_documents (
    id                  bigserial PRIMARY KEY,
    account_id          bigint NOT NULL REFERENCES accounts (id),
    kind                text NOT NULL CHECK (kind IN ('result', 'certified_copy', 'component', 'payment_receipt')),
    name                text NOT NULL,
    file_name           text NOT NULL,
    hash                text NOT NULL,
    size                bigint NOT NULL,
    type                text NOT NULL,
    source_dossier_id   bigint NOT NULL REFERENCES dossiers (id),
    source_file_id      bigint REFERENCES dossier_files (id),
    issued_document_id  bigint REFERENCES issued_documents (id),
    issuer              text NOT NULL,
    issued_at           timestamptz NOT NULL,
    valid_until         date,
    downloaded_at       timestamptz,
    created_at          timestamptz NOT NULL DEFAULT now(),
    CHECK (source_file_id IS NOT NULL OR issued_document_id IS NOT NULL)
);
CREATE UNIQUE INDEX personal_documents_file ON personal_documents (account_id, source_file_id) WHERE source_file_id IS NOT NULL;
CREATE UNIQUE INDEX personal_documents_issued ON personal_documents (account_id, issued_document_id)
    WHERE source_file_id IS NULL;
CREATE INDEX personal_documents_account ON personal_documents (account_id, id DESC);

ALTER TABLE dossier_files ADD COLUMN document_id bigint REFERENCES personal_documents (id);
