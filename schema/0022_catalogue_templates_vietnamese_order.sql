-- Form templates (mẫu đơn, tờ khai) shipped with the catalogue: procedure_components.template_url
-- names one of them by its file name (or is an http(s) link to another site). Imported and
-- exported with the catalogue, served at /api/v1/templates/{name}. A changed file replaces
-- the old one in place: a template is a blank form, not part of any dossier's record.
CREATE TABLE catalogue_templates (
    name        text PRIMARY KEY,
    media_type  text NOT NULL,
    content     bytea NOT NULL,
    sha256      text NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);

-- Vietnamese dictionary order for the lists people read (agencies, fields, procedures,
-- officers): "Giải quyết" before "Giáo dục", "Thành lập" before "Thuế", "Đ" between "D"
-- and "E". The server must be built with ICU (Debian's and the official images are);
-- internal/textsearch.Compare is the same order in Go.
CREATE COLLATION IF NOT EXISTS vietnamese (provider = icu, locale = 'vi-VN');
