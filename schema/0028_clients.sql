-- Machine clients (issue 25): other systems registered by an administrator, signing in
-- with OAuth 2.0 client credentials. Each client acts through an account of kind
-- 'client' (its name, agency and decision roles), so that its reads and decisions are
-- logged with the client as the actor. Secrets and tokens are kept as SHA-256 hashes of
-- 256-bit random values; a rotation keeps the old secret valid until its expires_at.

ALTER TABLE accounts DROP CONSTRAINT accounts_kind_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_kind_check CHECK (kind IN ('citizen', 'staff', 'client'));

CREATE TABLE api_clients (
    id          bigserial PRIMARY KEY,
    client_id   text NOT NULL UNIQUE,
    name        text NOT NULL,
    account_id  bigint NOT NULL UNIQUE REFERENCES accounts (id),
    agency_id   bigint REFERENCES agencies (id),
    scopes      text[] NOT NULL,
    rate_limit  integer NOT NULL CHECK (rate_limit > 0),
    created_at  timestamptz NOT NULL DEFAULT now(),
    revoked_at  timestamptz
);

CREATE TABLE api_client_secrets (
    id          bigserial PRIMARY KEY,
    client_id   bigint NOT NULL REFERENCES api_clients (id),
    secret_hash text NOT NULL UNIQUE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz
);
CREATE INDEX api_client_secrets_client ON api_client_secrets (client_id);

CREATE TABLE api_tokens (
    token_hash  text PRIMARY KEY,
    client_id   bigint NOT NULL REFERENCES api_clients (id),
    scopes      text[] NOT NULL,
    expires_at  timestamptz NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_tokens_client ON api_tokens (client_id);
CREATE INDEX api_tokens_expiry ON api_tokens (expires_at);
