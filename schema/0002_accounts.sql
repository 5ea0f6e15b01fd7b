-- Accounts of citizens and staff. Roles only mean something for staff.

CREATE TABLE accounts (
    id             bigserial PRIMARY KEY,
    username       text NOT NULL UNIQUE,
    password_hash  text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('citizen', 'staff')),
    full_name      text NOT NULL,
    email          text NOT NULL DEFAULT '',
    phone          text NOT NULL DEFAULT '',
    id_number      text NOT NULL DEFAULT '',
    agency_id      bigint REFERENCES agencies (id),
    roles          text[] NOT NULL DEFAULT '{}',
    disabled       boolean NOT NULL DEFAULT false,
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK (kind = 'citizen' OR agency_id IS NOT NULL OR 'supervisor' = ANY (roles) OR 'admin' = ANY (roles))
);
