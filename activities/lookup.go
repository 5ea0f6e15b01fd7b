package activities

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
)

// DossierLog is a submitted dossier with its processing log, read in one round trip for
// the public lookup.
type DossierLog struct {
	Dossier
	Events EventLog `db:"events"`
}

// EventLog is a processing log read as one JSON array (see logColumn).
type EventLog []Event

// Scan decodes the JSON array logColumn builds.
func (l *EventLog) Scan(src any) error {
	var raw []byte
	switch v := src.(type) {
	case []byte:
		raw = v
	case string:
		raw = []byte(v)
	default:
		return fmt.Errorf("store: event log: cannot scan %T", src)
	}
	*l = EventLog{}
	return json.Unmarshal(raw, (*[]Event)(l))
}

// logColumn is the dossier d's processing log in seq order as a JSON array of objects
// named as Event's JSON fields (the hash in base64, as encoding/json reads []byte), read
// through dossier_events_pkey.
const logColumn = `COALESCE((SELECT json_agg(json_build_object('dossier_id', e.dossier_id, 'seq', e.seq, 'at', e.at,
	'action', e.action, 'actor_id', e.actor_id, 'actor_name', e.actor_name, 'actor_unit', e.actor_unit,
	'receiver', e.receiver, 'note', e.note, 'status', e.status, 'step_name', e.step_name,
	'step_due_at', e.step_due_at, 'timing', e.timing, 'hash', encode(e.hash, 'base64')) ORDER BY e.seq)
	FROM dossier_events e WHERE e.dossier_id = d.id), '[]') AS events`

const dossierLogSelect = `SELECT ` + dossierColumns + `, ` + logColumn + dossierFrom

// LookupByCode returns the submitted dossier with code and its processing log, in one
// query; dossier_not_found when none.
func (s *Store) LookupByCode(ctx context.Context, code string) (DossierLog, error) {
	var d DossierLog
	err := s.get(ctx, &d, dossierLogSelect+` WHERE d.code = $1`, code)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errDossierNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: lookup by code: %w", err)
	}
	return d, nil
}

// LookupByIDNumber returns up to limit submitted dossiers of an ID number, newest first,
// each with its processing log, in one query.
func (s *Store) LookupByIDNumber(ctx context.Context, idNumber string, limit int) ([]DossierLog, error) {
	ds := []DossierLog{}
	err := s.sel(ctx, &ds, dossierLogSelect+` WHERE d.id_number = $1 AND d.code IS NOT NULL
		ORDER BY d.submitted_at DESC LIMIT $2`, idNumber, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lookup by id number: %w", err)
	}
	return ds, nil
}
