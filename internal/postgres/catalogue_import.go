package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/textsearch"
	"github.com/dvc-project/dvc/internal/worktime"
)

// ImportCatalogue validates c and writes it in one transaction: nothing is written when
// anything is wrong. Agencies, fields and calendar days are updated in place by code; a
// changed procedure is updated in place when no dossier uses it, and otherwise gets a new
// version while the dossiers keep the old one. Importing the same catalogue again changes
// nothing. Errors: *catalogue.ValidationError listing every problem (nothing written),
// domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) ImportCatalogue(ctx context.Context, c catalogue.Catalogue) (catalogue.Summary, error) {
	var sum catalogue.Summary
	if err := c.Validate(); err != nil {
		return sum, err
	}
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		// One importer at a time.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(7365)`); err != nil {
			return fmt.Errorf("catalogue: lock: %w", err)
		}
		if err := importAgencies(ctx, tx, c.Agencies); err != nil {
			return err
		}
		sum.Agencies = len(c.Agencies)
		for _, f := range c.Fields {
			if _, err := tx.ExecContext(ctx, `INSERT INTO fields (code, name) VALUES ($1, $2)
				ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`, f.Code, f.Name); err != nil {
				return fmt.Errorf("catalogue: field %s: %w", f.Code, err)
			}
		}
		sum.Fields = len(c.Fields)
		if err := importTemplates(ctx, tx, c.Templates); err != nil {
			return err
		}
		sum.Templates = len(c.Templates)
		for _, p := range c.Procedures {
			if err := importProcedure(ctx, tx, normalize(p), &sum); err != nil {
				return err
			}
		}
		return importCalendar(ctx, tx, c.Calendar, &sum)
	})
	return sum, err
}

func importAgencies(ctx context.Context, tx *sqlx.Tx, as []catalogue.Agency) error {
	for _, a := range as {
		if _, err := tx.ExecContext(ctx, `INSERT INTO agencies (code, name, level) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level`, a.Code, a.Name, a.Level); err != nil {
			return fmt.Errorf("catalogue: agency %s: %w", a.Code, err)
		}
	}
	for _, a := range as {
		if _, err := tx.ExecContext(ctx, `UPDATE agencies SET parent_id = (SELECT id FROM agencies WHERE code = NULLIF($2, ''))
			WHERE code = $1`, a.Code, a.Parent); err != nil {
			return fmt.Errorf("catalogue: agency %s parent: %w", a.Code, err)
		}
	}
	return nil
}

// normalize gives empty slices instead of nil, and the processing time in both its
// forms (duration; processing_days and day_kind), so that comparisons see no difference.
func normalize(p catalogue.Procedure) catalogue.Procedure {
	d := domain.DurationOf(p.ProcessingDays, domain.DayKind(p.DayKind))
	if p.Duration != nil {
		d = *p.Duration
	}
	p.Duration, p.ProcessingDays, p.DayKind = &d, d.Days(), string(d.DayKind())
	if p.Components == nil {
		p.Components = []catalogue.Component{}
	}
	if p.Form == nil {
		p.Form = []catalogue.FormField{}
	}
	for i := range p.Form {
		if p.Form[i].Options == nil {
			p.Form[i].Options = []string{}
		}
	}
	if p.Steps == nil {
		p.Steps = []catalogue.Step{}
	}
	return p
}

func importProcedure(ctx context.Context, tx *sqlx.Tx, p catalogue.Procedure, sum *catalogue.Summary) error {
	var cur struct {
		ID      int64 `db:"id"`
		Version int   `db:"version"`
	}
	err := tx.GetContext(ctx, &cur, `SELECT id, version FROM procedures WHERE code = $1 AND active`, p.Code)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("catalogue: procedure %s: %w", p.Code, err)
	}
	if cur.ID == 0 {
		var last int
		if err := tx.GetContext(ctx, &last, `SELECT COALESCE(max(version), 0) FROM procedures WHERE code = $1`, p.Code); err != nil {
			return fmt.Errorf("catalogue: procedure %s: %w", p.Code, err)
		}
		sum.ProceduresCreated++
		_, err := insertProcedure(ctx, tx, p, last+1)
		return err
	}
	old, err := loadProcedure(ctx, tx, cur.ID)
	if err != nil {
		return err
	}
	if reflect.DeepEqual(old, p) {
		sum.ProceduresUnchanged++
		return nil
	}
	var used bool
	if err := tx.GetContext(ctx, &used, `SELECT EXISTS (SELECT 1 FROM dossiers WHERE procedure_id = $1)`, cur.ID); err != nil {
		return fmt.Errorf("catalogue: procedure %s: %w", p.Code, err)
	}
	if used {
		if _, err := tx.ExecContext(ctx, `UPDATE procedures SET active = false WHERE id = $1`, cur.ID); err != nil {
			return fmt.Errorf("catalogue: retire %s: %w", p.Code, err)
		}
		id, err := insertProcedure(ctx, tx, p, cur.Version+1)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE procedures SET replaced_by = $2 WHERE id = $1`, cur.ID, id); err != nil {
			return fmt.Errorf("catalogue: retire %s: %w", p.Code, err)
		}
		sum.ProceduresVersioned++
		return nil
	}
	if _, err := tx.ExecContext(ctx, `UPDATE procedures SET name = $2, agency_id = (SELECT id FROM agencies WHERE code = $3),
		field_id = (SELECT id FROM fields WHERE code = $4), level = $5, online_level = $6, processing_days = $7, day_kind = $8,
		fee_vnd = $9, legal_basis = $10, guide = $11, postal_send = $12, postal_receive = $13, search_text = $14,
		duration_amount = $15, duration_unit = $16, cutoff = $17 WHERE id = $1`,
		cur.ID, p.Name, p.Agency, p.Field, p.Level, p.OnlineLevel, p.ProcessingDays, p.DayKind, p.FeeVND, p.LegalBasis, p.Guide,
		p.PostalSend, p.PostalReceive, searchText(p), p.Duration.Amount, p.Duration.Unit, p.Cutoff); err != nil {
		return fmt.Errorf("catalogue: update %s: %w", p.Code, err)
	}
	for _, table := range []string{"procedure_components", "procedure_form_fields", "procedure_steps"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE procedure_id = $1`, cur.ID); err != nil {
			return fmt.Errorf("catalogue: update %s: %w", p.Code, err)
		}
	}
	sum.ProceduresUpdated++
	return insertParts(ctx, tx, cur.ID, p)
}

func searchText(p catalogue.Procedure) string { return textsearch.Fold(p.Name + " " + p.Code) }

func insertProcedure(ctx context.Context, tx *sqlx.Tx, p catalogue.Procedure, version int) (int64, error) {
	var id int64
	err := tx.GetContext(ctx, &id, `INSERT INTO procedures (code, version, name, agency_id, field_id, level, online_level,
		processing_days, day_kind, fee_vnd, legal_basis, guide, postal_send, postal_receive, search_text,
		duration_amount, duration_unit, cutoff)
		VALUES ($1, $2, $3, (SELECT id FROM agencies WHERE code = $4), (SELECT id FROM fields WHERE code = $5), $6, $7, $8, $9,
		$10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id`, p.Code, version, p.Name, p.Agency, p.Field, p.Level, p.OnlineLevel,
		p.ProcessingDays, p.DayKind, p.FeeVND, p.LegalBasis, p.Guide, p.PostalSend, p.PostalReceive, searchText(p),
		p.Duration.Amount, p.Duration.Unit, p.Cutoff)
	if err != nil {
		return 0, fmt.Errorf("catalogue: insert %s: %w", p.Code, err)
	}
	return id, insertParts(ctx, tx, id, p)
}

func insertParts(ctx context.Context, tx *sqlx.Tx, id int64, p catalogue.Procedure) error {
	for i, c := range p.Components {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procedure_components (procedure_id, position, name, originals, copies, required, template_url)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, i+1, c.Name, c.Originals, c.Copies, c.Required, c.Template); err != nil {
			return fmt.Errorf("catalogue: %s component %d: %w", p.Code, i+1, err)
		}
	}
	for i, f := range p.Form {
		maxLen := f.MaxLength
		if maxLen == 0 {
			maxLen = 500
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO procedure_form_fields (procedure_id, position, name, label, type, required, options, max_length)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, id, i+1, f.Name, f.Label, f.Type, f.Required, pq.StringArray(f.Options), maxLen); err != nil {
			return fmt.Errorf("catalogue: %s form field %s: %w", p.Code, f.Name, err)
		}
	}
	for i, s := range p.Steps {
		if _, err := tx.ExecContext(ctx, `INSERT INTO procedure_steps (procedure_id, position, name, role, budget_hours, interagency_agency_id)
			VALUES ($1, $2, $3, $4, $5, (SELECT id FROM agencies WHERE code = NULLIF($6, '')))`,
			id, i+1, s.Name, s.Role, s.BudgetHours, s.Interagency); err != nil {
			return fmt.Errorf("catalogue: %s step %d: %w", p.Code, i+1, err)
		}
	}
	return nil
}

func importCalendar(ctx context.Context, tx *sqlx.Tx, cal catalogue.Calendar, sum *catalogue.Summary) error {
	if err := importCalendarDays(ctx, tx, cal.Days, sum); err != nil {
		return err
	}
	var cur struct {
		Version  int            `db:"version"`
		Sessions pq.StringArray `db:"sessions"`
		Cutoff   string         `db:"cutoff"`
	}
	if err := tx.GetContext(ctx, &cur, `SELECT version, sessions, cutoff FROM rule_sets ORDER BY effective_from DESC LIMIT 1`); err != nil {
		return fmt.Errorf("catalogue: rule set: %w", err)
	}
	sum.RuleSetVersion = cur.Version
	if len(cal.Sessions) == 0 || reflect.DeepEqual([]string(cur.Sessions), cal.Sessions) && cur.Cutoff == cal.Cutoff {
		return nil
	}
	// New office hours take effect from now, as a new rule set; dossiers keep theirs.
	err := tx.GetContext(ctx, &sum.RuleSetVersion, `INSERT INTO rule_sets (version, effective_from, sessions, cutoff,
		supplement_policy, supplement_days, reminder_hours, due_policy, note)
		SELECT version + 1, now(), $2, $3, supplement_policy, supplement_days, reminder_hours, due_policy, 'Giờ làm việc theo danh mục nhập ngày ' || to_char(now(), 'DD/MM/YYYY')
		FROM rule_sets WHERE version = $1 RETURNING version`, cur.Version, pq.StringArray(cal.Sessions), cal.Cutoff)
	if err != nil {
		return fmt.Errorf("catalogue: new rule set: %w", err)
	}
	return nil
}

// importCalendarDays adds the catalogue's days to the latest calendar version: a day
// listed the same way (worked or not, same name) keeps its kind and legal source; a new
// or changed one is recorded with the import as its source. Days missing from the
// catalogue stay. Any change is a new version (sum.CalendarVersionCreated), which the
// caller sends to the dossiers in flight.
func importCalendarDays(ctx context.Context, tx *sqlx.Tx, in []catalogue.Day, sum *catalogue.Summary) error {
	sum.CalendarDays = len(in)
	days, err := latestDays(ctx, tx)
	if err != nil {
		return err
	}
	now := time.Now()
	for _, d := range in {
		t, _ := time.Parse(time.DateOnly, d.Day) // validated
		day := consoleDay(DayEdit{CalendarDay: domain.CalendarDay{Day: t, Kind: d.Kind, Name: d.Name}, At: now,
			Source: "Danh mục thủ tục nhập ngày " + now.In(worktime.Location).Format("02/01/2006")})
		if old, ok := days[d.Day]; ok && old.Working() == day.Working() && old.Name == day.Name {
			continue
		}
		days[d.Day] = day
	}
	v, created, err := saveCalendarVersion(ctx, tx, NewCalendarVersion{Days: sortedDays(days), Origin: OriginImport, At: now,
		By: "catalogue", Note: "Lịch làm việc theo danh mục nhập ngày " + now.In(worktime.Location).Format("02/01/2006")})
	if err != nil {
		return err
	}
	sum.CalendarVersion, sum.CalendarVersionCreated = v.Number, created
	return nil
}
