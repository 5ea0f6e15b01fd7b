-- The citizen's side: profiles, sessions, captchas, login throttling, password resets,
-- the procedure's declaration form, dossier content and attachments, ratings.

ALTER TABLE accounts
    ADD COLUMN gender         text NOT NULL DEFAULT '' CHECK (gender IN ('', 'male', 'female', 'other')),
    ADD COLUMN date_of_birth  date,
    ADD COLUMN address        text NOT NULL DEFAULT '';
CREATE UNIQUE INDEX accounts_username_lower ON accounts (lower(username));

-- Server-side sessions; the cookie holds a random token, the table its SHA-256.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY,
    account_id   bigint NOT NULL REFERENCES accounts (id),
    csrf_token   text NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    ip           text NOT NULL DEFAULT '',
    user_agent   text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id) WHERE revoked_at IS NULL;

CREATE TABLE captchas (
    id           text PRIMARY KEY,
    answer_hash  text NOT NULL,
    expires_at   timestamptz NOT NULL,
    used_at      timestamptz
);

CREATE TABLE login_failures (
    id   bigserial PRIMARY KEY,
    key  text NOT NULL,
    at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE password_resets (
    token_hash  text PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);

-- Mail that belongs to no dossier (password resets) shares the outbox.
ALTER TABLE notifications ALTER COLUMN dossier_id DROP NOT NULL, ALTER COLUMN seq DROP NOT NULL;

ALTER TABLE procedures
    ADD COLUMN search_text     text NOT NULL DEFAULT '',   -- name and code, lower-case, without diacritics
    ADD COLUMN legal_basis     text NOT NULL DEFAULT '',
    ADD COLUMN postal_send     boolean NOT NULL DEFAULT true,
    ADD COLUMN postal_receive  boolean NOT NULL DEFAULT true;
CREATE INDEX procedures_search ON procedures USING gin (to_tsvector('simple', search_text));

-- The declaration form (tờ khai) of a procedure.
CREATE TABLE procedure_form_fields (
    procedure_id  bigint NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    position      integer NOT NULL CHECK (position > 0),
    name          text NOT NULL,
    label         text NOT NULL,
    type          text NOT NULL CHECK (type IN ('text', 'textarea', 'number', 'date', 'select', 'checkbox')),
    required      boolean NOT NULL DEFAULT false,
    options       text[] NOT NULL DEFAULT '{}',
    max_length    integer NOT NULL DEFAULT 500,
    PRIMARY KEY (procedure_id, position),
    UNIQUE (procedure_id, name)
);

ALTER TABLE dossiers
    ADD COLUMN content         text NOT NULL DEFAULT '',
    ADD COLUMN form_data       jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN postal_send     boolean NOT NULL DEFAULT false,
    ADD COLUMN postal_receive  boolean NOT NULL DEFAULT false,
    ADD COLUMN postal_address  text NOT NULL DEFAULT '',
    ADD COLUMN update_code     text,
    ADD COLUMN submit_key      text;
CREATE UNIQUE INDEX dossiers_submit_key ON dossiers (owner_id, submit_key) WHERE submit_key IS NOT NULL;
CREATE INDEX dossiers_owner ON dossiers (owner_id, status);

CREATE TABLE dossier_files (
    id            bigserial PRIMARY KEY,
    dossier_id    bigint NOT NULL REFERENCES dossiers (id),
    component_id  bigint NOT NULL REFERENCES procedure_components (id),
    hash          text NOT NULL,
    name          text NOT NULL,
    size          bigint NOT NULL,
    type          text NOT NULL,
    uploaded_by   bigint REFERENCES accounts (id),
    created_at    timestamptz NOT NULL DEFAULT now(),
    deleted_at    timestamptz
);
CREATE INDEX dossier_files_dossier ON dossier_files (dossier_id) WHERE deleted_at IS NULL;

CREATE TABLE ratings (
    dossier_id  bigint PRIMARY KEY REFERENCES dossiers (id),
    rating      text NOT NULL CHECK (rating IN ('very_satisfied', 'satisfied', 'not_satisfied')),
    comment     text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
