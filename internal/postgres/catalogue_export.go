package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
)

// ExportCatalogue reads the catalogue in force: every agency and field, the active version
// of each procedure, the calendar days, the office hours of the latest rule set and the
// form templates.
// Errors: domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) ExportCatalogue(ctx context.Context) (catalogue.Catalogue, error) {
	c, err := s.exportCatalogue(ctx)
	return c, classify(err)
}

func (s *Store) exportCatalogue(ctx context.Context) (catalogue.Catalogue, error) {
	db := s.db
	c := catalogue.Catalogue{Agencies: []catalogue.Agency{}, Fields: []catalogue.Field{}, Procedures: []catalogue.Procedure{}}
	if err := db.SelectContext(ctx, &c.Agencies, `SELECT a.code, a.name, a.level, COALESCE(p.code, '') AS parent
		FROM agencies a LEFT JOIN agencies p ON p.id = a.parent_id ORDER BY a.code`); err != nil {
		return c, fmt.Errorf("catalogue: export agencies: %w", err)
	}
	if err := db.SelectContext(ctx, &c.Fields, `SELECT code, name FROM fields ORDER BY code`); err != nil {
		return c, fmt.Errorf("catalogue: export fields: %w", err)
	}
	var ids []int64
	if err := db.SelectContext(ctx, &ids, `SELECT id FROM procedures WHERE active ORDER BY code`); err != nil {
		return c, fmt.Errorf("catalogue: export procedures: %w", err)
	}
	for _, id := range ids {
		p, err := loadProcedure(ctx, db, id)
		if err != nil {
			return c, err
		}
		c.Procedures = append(c.Procedures, p)
	}
	var rs struct {
		Sessions pq.StringArray `db:"sessions"`
		Cutoff   string         `db:"cutoff"`
	}
	if err := db.GetContext(ctx, &rs, `SELECT sessions, cutoff FROM rule_sets ORDER BY effective_from DESC LIMIT 1`); err != nil {
		return c, fmt.Errorf("catalogue: export rule set: %w", err)
	}
	c.Calendar = catalogue.Calendar{Sessions: rs.Sessions, Cutoff: rs.Cutoff, Days: []catalogue.Day{}}
	var days []struct {
		Day  time.Time `db:"day"`
		Kind string    `db:"kind"`
		Name string    `db:"name"`
	}
	if err := db.SelectContext(ctx, &days, `SELECT day, kind, name FROM calendar_days ORDER BY day`); err != nil {
		return c, fmt.Errorf("catalogue: export calendar: %w", err)
	}
	for _, d := range days {
		c.Calendar.Days = append(c.Calendar.Days, catalogue.Day{Day: d.Day.Format(time.DateOnly), Kind: d.Kind, Name: d.Name})
	}
	ts, err := exportTemplates(ctx, db)
	c.Templates = ts
	return c, err
}

// loadProcedure reads a procedure back in the catalogue's form.
func loadProcedure(ctx context.Context, q sqlx.QueryerContext, id int64) (catalogue.Procedure, error) {
	var row struct {
		catalogue.Procedure
		Duration domain.Duration `db:"duration"`
	}
	err := sqlx.GetContext(ctx, q, &row, `SELECT p.code, p.name, a.code AS agency, f.code AS field, p.level, p.online_level,
		p.processing_days, p.day_kind, p.fee_vnd, p.legal_basis, p.guide, p.postal_send, p.postal_receive,
		p.duration_amount AS "duration.amount", p.duration_unit AS "duration.unit", p.cutoff
		FROM procedures p JOIN agencies a ON a.id = p.agency_id JOIN fields f ON f.id = p.field_id WHERE p.id = $1`, id)
	p := row.Procedure
	if err != nil {
		return p, fmt.Errorf("catalogue: load procedure %d: %w", id, err)
	}
	p.Duration = &row.Duration
	p.Components, p.Form, p.Steps = []catalogue.Component{}, []catalogue.FormField{}, []catalogue.Step{}
	if err := sqlx.SelectContext(ctx, q, &p.Components, `SELECT name, originals, copies, required, template_url AS template
		FROM procedure_components WHERE procedure_id = $1 ORDER BY position`, id); err != nil {
		return p, fmt.Errorf("catalogue: components: %w", err)
	}
	var form []struct {
		catalogue.FormField
		Options pq.StringArray `db:"options"`
	}
	if err := sqlx.SelectContext(ctx, q, &form, `SELECT name, label, type, required, options, max_length
		FROM procedure_form_fields WHERE procedure_id = $1 ORDER BY position`, id); err != nil {
		return p, fmt.Errorf("catalogue: form: %w", err)
	}
	for _, f := range form {
		f.FormField.Options = append([]string{}, f.Options...)
		p.Form = append(p.Form, f.FormField)
	}
	if err := sqlx.SelectContext(ctx, q, &p.Steps, `SELECT s.name, s.role, s.budget_hours, COALESCE(a.code, '') AS interagency
		FROM procedure_steps s LEFT JOIN agencies a ON a.id = s.interagency_agency_id WHERE s.procedure_id = $1 ORDER BY s.position`, id); err != nil {
		return p, fmt.Errorf("catalogue: steps: %w", err)
	}
	return p, nil
}
