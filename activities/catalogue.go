package activities

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dvc-project/dvc/internal/apperr"
)

const procedureColumns = `p.id, p.code, p.name, p.agency_id, a.code AS agency_code, a.name AS agency_name,
	p.field_id, f.name AS field_name, p.level, p.online_level, p.processing_days, p.day_kind, p.fee_vnd`

const procedureFrom = `FROM procedures p JOIN agencies a ON a.id = p.agency_id JOIN fields f ON f.id = p.field_id`

// ListProcedures returns the active procedures, by agency then name.
func (s *Store) ListProcedures(ctx context.Context) ([]Procedure, error) {
	ps := []Procedure{}
	err := s.db.SelectContext(ctx, &ps, `SELECT `+procedureColumns+` `+procedureFrom+`
		WHERE p.active ORDER BY a.code, p.name, p.id`)
	if err != nil {
		return nil, fmt.Errorf("store: list procedures: %w", err)
	}
	return ps, nil
}

// Procedure returns one active procedure; apperr NotFound "procedure_not_found" when none.
func (s *Store) Procedure(ctx context.Context, id int64) (Procedure, error) {
	var p Procedure
	err := s.db.GetContext(ctx, &p, `SELECT `+procedureColumns+` `+procedureFrom+` WHERE p.id = $1 AND p.active`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.New(apperr.NotFound, "procedure_not_found", "Không tìm thấy thủ tục hành chính.")
	}
	if err != nil {
		return p, fmt.Errorf("store: procedure %d: %w", id, err)
	}
	return p, nil
}
