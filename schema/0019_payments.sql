-- Online payment of fees through the national portal's payment platform (PayGov, issue
-- 20). dossiers.payment_due_vnd mirrors the workflow's fee asked for and not yet paid.
-- A payment is one attempt (MaThamChieu, unique) to pay the fee of one request_payment
-- log row; at most one attempt per request is paid. Every callback the platform sends,
-- accepted or refused (forged, replayed, wrong amount, unknown), is kept with its body.
ALTER TABLE dossiers ADD COLUMN payment_due_vnd bigint NOT NULL DEFAULT 0;

CREATE TABLE payments (
    id              bigserial PRIMARY KEY,
    dossier_id      bigint NOT NULL REFERENCES dossiers (id),
    request_seq     integer NOT NULL,
    reference       text NOT NULL UNIQUE,
    amount_vnd      bigint NOT NULL CHECK (amount_vnd > 0),
    status          text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'paid', 'failed')),
    transaction_id  text,
    bank            text,
    paid_at         timestamptz,
    confirmed_at    timestamptz,
    created_by      bigint REFERENCES accounts (id),
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX payments_paid ON payments (dossier_id, request_seq) WHERE status = 'paid';
CREATE INDEX payments_dossier ON payments (dossier_id, id);

CREATE TABLE payment_callbacks (
    id           bigserial PRIMARY KEY,
    received_at  timestamptz NOT NULL DEFAULT now(),
    source       text NOT NULL CHECK (source IN ('callback', 'query')),
    reference    text NOT NULL,
    outcome      text NOT NULL,
    detail       text NOT NULL,
    body         jsonb NOT NULL,
    remote_addr  text NOT NULL
);
CREATE INDEX payment_callbacks_reference ON payment_callbacks (reference, id);
