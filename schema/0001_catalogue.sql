-- The catalogue: agencies, fields, procedures and the documents each procedure requires.

CREATE TABLE agencies (
    id          bigserial PRIMARY KEY,
    code        text NOT NULL UNIQUE,          -- electronic code, e.g. 000.00.03.H03
    name        text NOT NULL,
    level       text NOT NULL CHECK (level IN ('province', 'department', 'district', 'commune')),
    parent_id   bigint REFERENCES agencies (id),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fields (
    id    bigserial PRIMARY KEY,
    code  text NOT NULL UNIQUE,
    name  text NOT NULL
);

CREATE TABLE procedures (
    id               bigserial PRIMARY KEY,
    code             text NOT NULL UNIQUE,     -- national procedure code, e.g. 1.005043
    name             text NOT NULL,
    agency_id        bigint NOT NULL REFERENCES agencies (id),
    field_id         bigint NOT NULL REFERENCES fields (id),
    level            text NOT NULL CHECK (level IN ('province', 'district', 'commune')),
    online_level     text NOT NULL CHECK (online_level IN ('full', 'partial')),
    processing_days  integer NOT NULL CHECK (processing_days > 0),
    day_kind         text NOT NULL DEFAULT 'working' CHECK (day_kind IN ('working', 'calendar')),
    fee_vnd          bigint NOT NULL DEFAULT 0 CHECK (fee_vnd >= 0),
    guide            text NOT NULL DEFAULT '',
    active           boolean NOT NULL DEFAULT true,
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX procedures_agency_field ON procedures (agency_id, field_id);

CREATE TABLE procedure_components (
    id            bigserial PRIMARY KEY,
    procedure_id  bigint NOT NULL REFERENCES procedures (id) ON DELETE CASCADE,
    position      integer NOT NULL,
    name          text NOT NULL,
    originals     integer NOT NULL DEFAULT 1 CHECK (originals >= 0),
    copies        integer NOT NULL DEFAULT 0 CHECK (copies >= 0),
    required      boolean NOT NULL DEFAULT true,
    template_url  text NOT NULL DEFAULT '',
    UNIQUE (procedure_id, position)
);
