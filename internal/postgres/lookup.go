package postgres

import (
	"context"
	"fmt"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// LookupByCode returns the submitted dossier with code and its processing log, in two
// prepared queries; dossier_not_found when none. (One query returning the log as a JSON
// column was measured too: decoding the JSON cost more CPU than the round trip it saved.)
func (s *Store) LookupByCode(ctx context.Context, code string) (domain.DossierLog, error) {
	d, err := s.DossierByCode(ctx, code)
	if err != nil {
		return domain.DossierLog{}, err
	}
	es, err := s.Events(ctx, d.ID)
	if err != nil {
		return domain.DossierLog{}, err
	}
	return domain.DossierLog{Dossier: d, Events: es}, nil
}

// LookupByIDNumber returns up to limit submitted dossiers of an ID number, newest first,
// each with its processing log: two prepared queries whatever the number of dossiers.
func (s *Store) LookupByIDNumber(ctx context.Context, idNumber string, limit int) ([]domain.DossierLog, error) {
	ds := []domain.Dossier{}
	err := s.sel(ctx, &ds, dossierSelect+` WHERE d.id_number = $1 AND d.code IS NOT NULL
		ORDER BY d.submitted_at DESC LIMIT $2`, idNumber, limit)
	if err != nil {
		return nil, fmt.Errorf("store: lookup by id number: %w", err)
	}
	out := make([]domain.DossierLog, len(ds))
	if len(ds) == 0 {
		return out, nil
	}
	ids := make([]int64, len(ds))
	at := make(map[int64]int, len(ds))
	for i, d := range ds {
		ids[i], at[d.ID] = d.ID, i
		out[i] = domain.DossierLog{Dossier: d, Events: []domain.Event{}}
	}
	es := []domain.Event{}
	if err := s.sel(ctx, &es, `SELECT `+eventColumns+` FROM dossier_events WHERE dossier_id = ANY($1)
		ORDER BY dossier_id, seq`, pq.Array(ids)); err != nil {
		return nil, fmt.Errorf("store: lookup by id number: logs: %w", err)
	}
	for _, e := range es {
		i := at[e.DossierID]
		out[i].Events = append(out[i].Events, e)
	}
	return out, nil
}
