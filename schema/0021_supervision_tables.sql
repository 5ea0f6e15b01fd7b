-- Supervision (issue 21): officers' saved filters, and the daily digests in the outbox.

-- A named query of a supervision page, kept per officer.
CREATE TABLE saved_filters (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    page        text NOT NULL,
    name        text NOT NULL CHECK (name <> ''),
    query       text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (account_id, page, name)
);

-- A digest is an outbox row about no single dossier: the dossier becomes optional, as its
-- log row already is (the foreign key holds when both are given).
ALTER TABLE notifications ALTER COLUMN dossier_id DROP NOT NULL;

-- One digest per officer, kind and working day: the row is written with its outbox row
-- in one transaction, so several workers, or a restart, never send it twice.
CREATE TABLE digests (
    account_id       bigint NOT NULL REFERENCES accounts (id),
    day              date NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('officer', 'leader')),
    notification_id  bigint REFERENCES notifications (id),
    PRIMARY KEY (account_id, day, kind)
);
