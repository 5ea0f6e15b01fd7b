-- Webhooks (issue 25): machine clients subscribe to dossier events of their agency scope.
-- Each processing-log row enqueues one delivery per matching subscription and event type,
-- in the same transaction as the row (Store.Record), so an event is never lost nor sent
-- for a row that rolled back. The sender (internal/webhooks) delivers them in order per
-- subscription and dossier, retrying with backoff; a receiver's outage never holds up the
-- dossier, only its own queue. The signing secret must be readable to sign.

CREATE TABLE webhook_subscriptions (
    id          bigserial PRIMARY KEY,
    client_id   bigint NOT NULL REFERENCES api_clients (id),
    url         text NOT NULL,
    events      text[] NOT NULL,
    secret      text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    deleted_at  timestamptz
);
CREATE INDEX webhook_subscriptions_client ON webhook_subscriptions (client_id);

CREATE TABLE webhook_deliveries (
    id               bigserial PRIMARY KEY,
    subscription_id  bigint NOT NULL REFERENCES webhook_subscriptions (id),
    event_id         text NOT NULL,
    event_type       text NOT NULL,
    dossier_id       bigint NOT NULL REFERENCES dossiers (id),
    seq              integer NOT NULL,
    payload          jsonb NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    attempts         integer NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    delivered_at     timestamptz,
    failed_at        timestamptz,
    last_status      integer NOT NULL DEFAULT 0,
    last_error       text NOT NULL DEFAULT '',
    UNIQUE (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
CREATE INDEX webhook_deliveries_queue ON webhook_deliveries (subscription_id, dossier_id, seq, id)
    WHERE delivered_at IS NULL AND failed_at IS NULL;
