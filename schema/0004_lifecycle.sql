-- The dossier lifecycle: clock rule sets, the working calendar, procedure routes, the
-- projection the pages read, richer processing-log rows and the notification outbox.

-- Clock rules, versioned by effective date: a dossier keeps the version it was received under.
CREATE TABLE rule_sets (
    version            integer PRIMARY KEY,
    effective_from     timestamptz NOT NULL UNIQUE,
    sessions           text[] NOT NULL DEFAULT '{07:00-11:30,13:30-17:00}',
    cutoff             text NOT NULL DEFAULT '15:00',
    supplement_policy  text NOT NULL CHECK (supplement_policy IN ('pause', 'restart')),
    supplement_days    integer NOT NULL DEFAULT 15 CHECK (supplement_days > 0),
    reminder_hours     integer NOT NULL DEFAULT 8 CHECK (reminder_hours >= 0),
    note               text NOT NULL DEFAULT ''
);
INSERT INTO rule_sets (version, effective_from, supplement_policy, note)
VALUES (1, '2018-01-01T00:00:00+07:00', 'pause', 'Nghị định 61/2018/NĐ-CP: tạm dừng và tiếp tục tính thời gian khi bổ sung hồ sơ');

-- Days that break the weekly pattern: holidays (a weekday off) and compensatory working days.
CREATE TABLE calendar_days (
    day   date PRIMARY KEY,
    kind  text NOT NULL CHECK (kind IN ('holiday', 'workday')),
    name  text NOT NULL DEFAULT ''
);

-- A procedure's route after the one-stop shop: steps with a role and a time budget;
-- an inter-agency step hands the dossier to another agency.
CREATE TABLE procedure_steps (
    procedure_id           bigint NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    position               integer NOT NULL CHECK (position > 0),
    name                   text NOT NULL,
    role                   text NOT NULL CHECK (role IN ('reception', 'specialist', 'leader', 'clerk')),
    budget_hours           integer NOT NULL CHECK (budget_hours > 0),
    interagency_agency_id  bigint REFERENCES agencies (id),
    PRIMARY KEY (procedure_id, position)
);

-- The projection of the workflow's state that lists and pages read.
ALTER TABLE dossiers
    ADD COLUMN step_position     integer NOT NULL DEFAULT 0,
    ADD COLUMN step_name         text NOT NULL DEFAULT '',
    ADD COLUMN holder_agency_id  bigint REFERENCES agencies (id),
    ADD COLUMN assignee_role     text NOT NULL DEFAULT '',
    ADD COLUMN assignee_id       bigint REFERENCES accounts (id),
    ADD COLUMN assignee_name     text NOT NULL DEFAULT '',
    ADD COLUMN received_at       timestamptz,
    ADD COLUMN due_at            timestamptz,
    ADD COLUMN step_due_at       timestamptz,
    ADD COLUMN supplement_due_at timestamptz,
    ADD COLUMN overdue           boolean NOT NULL DEFAULT false,
    ADD COLUMN extensions        integer NOT NULL DEFAULT 0,
    ADD COLUMN finished_at       timestamptz,
    ADD COLUMN result_ref        text NOT NULL DEFAULT '',
    ADD COLUMN rule_version      integer REFERENCES rule_sets (version),
    ADD COLUMN projected_seq     integer NOT NULL DEFAULT 0;
CREATE INDEX dossiers_worklist ON dossiers (holder_agency_id, assignee_role, status) WHERE status IN (1, 2, 4, 5, 6, 9);

ALTER TABLE dossier_events
    ADD COLUMN step_name    text NOT NULL DEFAULT '',
    ADD COLUMN step_due_at  timestamptz,
    ADD COLUMN timing       text NOT NULL DEFAULT '' CHECK (timing IN ('', 'early', 'on_time', 'late'));

-- Notifications, written in the same transaction as the log row that causes them and
-- sent by the dispatcher (SMTP, or the development mailbox).
CREATE TABLE notifications (
    id              bigserial PRIMARY KEY,
    dossier_id      bigint NOT NULL REFERENCES dossiers (id),
    seq             integer NOT NULL,
    kind            text NOT NULL,
    recipient_kind  text NOT NULL CHECK (recipient_kind IN ('citizen', 'officer')),
    account_id      bigint REFERENCES accounts (id),
    email           text NOT NULL DEFAULT '',
    subject         text NOT NULL,
    body            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    sent_at         timestamptz,
    transport       text NOT NULL DEFAULT '',
    attempts        integer NOT NULL DEFAULT 0,
    last_error      text NOT NULL DEFAULT '',
    FOREIGN KEY (dossier_id, seq) REFERENCES dossier_events (dossier_id, seq)
);
CREATE INDEX notifications_unsent ON notifications (id) WHERE sent_at IS NULL;
