package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/textsearch"
)

const procedureColumns = `p.id, p.code, p.name, p.agency_id, a.code AS agency_code, a.name AS agency_name,
	p.field_id, f.name AS field_name, p.level, p.online_level, p.processing_days, p.day_kind, p.fee_vnd,
	p.duration_amount AS "duration.amount", p.duration_unit AS "duration.unit", p.cutoff`

const procedureFrom = `FROM procedures p JOIN agencies a ON a.id = p.agency_id JOIN fields f ON f.id = p.field_id`

// ListProcedures returns the active procedures, by agency then name.
func (s *Store) ListProcedures(ctx context.Context) ([]domain.Procedure, error) {
	ps := []domain.Procedure{}
	err := s.db.SelectContext(ctx, &ps, `SELECT `+procedureColumns+` `+procedureFrom+`
		WHERE p.active ORDER BY a.code, p.name COLLATE vietnamese, p.id`)
	if err != nil {
		return nil, fmt.Errorf("store: list procedures: %w", err)
	}
	return ps, nil
}

var errProcedureNotFound = domain.NewError(domain.NotFound, "procedure_not_found", "Không tìm thấy thủ tục hành chính.")

// Procedure returns one active procedure; apperr NotFound "procedure_not_found" when none.
func (s *Store) Procedure(ctx context.Context, id int64) (domain.Procedure, error) {
	var p domain.Procedure
	err := s.db.GetContext(ctx, &p, `SELECT `+procedureColumns+` `+procedureFrom+` WHERE p.id = $1 AND p.active`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return p, errProcedureNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: procedure %d: %w", id, err)
	}
	return p, nil
}

// Agencies returns every agency with the number of its active procedures.
func (s *Store) Agencies(ctx context.Context) ([]domain.AgencyRow, error) {
	as := []domain.AgencyRow{}
	err := s.db.SelectContext(ctx, &as, `SELECT a.id, a.code, a.name, a.level, a.parent_id, COALESCE(p.code, '') AS parent_code,
		(SELECT count(*) FROM procedures x WHERE x.agency_id = a.id AND x.active) AS procedures
		FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id
		ORDER BY CASE a.level WHEN 'province' THEN 0 WHEN 'department' THEN 1 WHEN 'district' THEN 2 ELSE 3 END,
		a.name COLLATE vietnamese, a.code`)
	if err != nil {
		return nil, fmt.Errorf("store: agencies: %w", err)
	}
	return as, nil
}

// Fields returns the fields that have active procedures (of agencyID when not 0), with counts.
func (s *Store) Fields(ctx context.Context, agencyID int64) ([]domain.FieldCount, error) {
	fs := []domain.FieldCount{}
	err := s.db.SelectContext(ctx, &fs, `SELECT f.id, f.code, f.name, count(p.id) AS count
		FROM fields f JOIN procedures p ON p.field_id = f.id AND p.active AND ($1 = 0 OR p.agency_id = $1)
		GROUP BY f.id ORDER BY f.name COLLATE vietnamese, f.id`, agencyID)
	if err != nil {
		return nil, fmt.Errorf("store: fields: %w", err)
	}
	return fs, nil
}

// SearchProcedures returns a page of active procedures matching q.
func (s *Store) SearchProcedures(ctx context.Context, q domain.ProcedureQuery) (domain.ProcedurePage, error) {
	q.Page = max(q.Page, 1)
	if q.PerPage <= 0 || q.PerPage > 100 {
		q.PerPage = 20
	}
	patterns := pq.StringArray{}
	for _, w := range strings.Fields(textsearch.Fold(q.Q)) {
		w = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(w)
		patterns = append(patterns, "%"+w+"%")
	}
	where := `p.active AND ($1 = 0 OR p.agency_id = $1) AND ($2 = 0 OR p.field_id = $2) AND ($3 = '' OR p.level = $3)
		AND (cardinality($4::text[]) = 0 OR p.search_text LIKE ALL ($4::text[]))`
	args := []any{q.AgencyID, q.FieldID, q.Level, patterns}
	page := domain.ProcedurePage{Items: []domain.Procedure{}, FieldCounts: []domain.FieldCount{}, Page: q.Page, PerPage: q.PerPage}
	if err := s.db.GetContext(ctx, &page.Total, `SELECT count(*) `+procedureFrom+` WHERE `+where, args...); err != nil {
		return page, fmt.Errorf("store: count procedures: %w", err)
	}
	err := s.db.SelectContext(ctx, &page.Items, `SELECT `+procedureColumns+` `+procedureFrom+` WHERE `+where+`
		ORDER BY p.name COLLATE vietnamese, p.id LIMIT $5 OFFSET $6`, append(args, q.PerPage, (q.Page-1)*q.PerPage)...)
	if err != nil {
		return page, fmt.Errorf("store: search procedures: %w", err)
	}
	// Counts per field ignore the field filter, so a page can offer the other fields.
	err = s.db.SelectContext(ctx, &page.FieldCounts, `SELECT f.id, f.code, f.name, count(*) AS count `+procedureFrom+`
		WHERE `+strings.Replace(where, "($2 = 0 OR p.field_id = $2)", "$2 = $2", 1)+` GROUP BY f.id ORDER BY f.name COLLATE vietnamese, f.id`, args...)
	if err != nil {
		return page, fmt.Errorf("store: field counts: %w", err)
	}
	return page, nil
}

// ProcedureDetail returns an active procedure with its components and form. Errors:
// procedure_not_found.
func (s *Store) ProcedureDetail(ctx context.Context, id int64) (domain.ProcedureDetail, error) {
	var d domain.ProcedureDetail
	err := s.db.GetContext(ctx, &d, `SELECT `+procedureColumns+`, p.guide, p.legal_basis, p.postal_send, p.postal_receive
		`+procedureFrom+` WHERE p.id = $1 AND p.active`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errProcedureNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: procedure detail: %w", err)
	}
	d.Components, d.FormFields = []domain.Component{}, []domain.FormField{}
	if err := s.db.SelectContext(ctx, &d.Components, `SELECT id, position, name, originals, copies, required, template_url
		FROM procedure_components WHERE procedure_id = $1 ORDER BY position`, id); err != nil {
		return d, fmt.Errorf("store: components: %w", err)
	}
	if err := s.db.SelectContext(ctx, &d.FormFields, `SELECT name, label, type, required, options, max_length
		FROM procedure_form_fields WHERE procedure_id = $1 ORDER BY position`, id); err != nil {
		return d, fmt.Errorf("store: form fields: %w", err)
	}
	return d, nil
}

// ProcedureDuration returns procedure id's processing time and own cut-off, whichever
// version (a dossier keeps a retired one). Errors: procedure_not_found.
func (s *Store) ProcedureDuration(ctx context.Context, id int64) (domain.Duration, string, error) {
	var row struct {
		Duration domain.Duration `db:"duration"`
		Cutoff   string          `db:"cutoff"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT duration_amount AS "duration.amount", duration_unit AS "duration.unit", cutoff
		FROM procedures WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return row.Duration, "", errProcedureNotFound
	}
	if err != nil {
		return row.Duration, "", fmt.Errorf("store: procedure %d duration: %w", id, err)
	}
	return row.Duration, row.Cutoff, nil
}
