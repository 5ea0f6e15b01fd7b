-- The officers' side: who read which citizen's personal data, and when.
CREATE TABLE data_access_log (
    id          bigserial PRIMARY KEY,
    account_id  bigint NOT NULL REFERENCES accounts (id),
    dossier_id  bigint NOT NULL REFERENCES dossiers (id),
    what        text NOT NULL,
    at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX data_access_log_dossier ON data_access_log (dossier_id, at);
CREATE INDEX dossier_events_search ON dossier_events (at, action);
