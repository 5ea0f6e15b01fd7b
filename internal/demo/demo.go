// Package demo loads the demonstration catalogue and accounts that `dvc dev` starts with:
// a few departments of one province, their fields and procedures, one citizen and one
// officer per role of one agency. Loading is idempotent.
package demo

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"golang.org/x/crypto/bcrypt"

	"github.com/dvc-project/dvc/internal/textsearch"
)

// Password is every demo account's password; `dvc dev` prints it.
const Password = "DvcDemo@2026"

//go:embed catalogue.json
var catalogueJSON []byte

// Catalogue is the demo data as stored in catalogue.json.
type Catalogue struct {
	Agencies []struct {
		Code, Name, Level, Parent string
	} `json:"agencies"`
	Fields []struct {
		Code, Name string
	} `json:"fields"`
	Procedures []struct {
		Code, Name, Agency, Field, Level string
		OnlineLevel                      string `json:"online_level"`
		ProcessingDays                   int    `json:"processing_days"`
		DayKind                          string `json:"day_kind"`
		FeeVND                           int64  `json:"fee_vnd"`
		Components                       []struct {
			Name              string
			Originals, Copies int
			Required          bool
		}
		Guide      string
		LegalBasis string `json:"legal_basis"`
		Form       []struct {
			Name, Label, Type string
			Required          bool
			Options           []string
		}
		Steps []struct {
			Name        string
			Role        string
			BudgetHours int    `json:"budget_hours"`
			Interagency string // agency code of an inter-agency step
		}
	} `json:"procedures"`
	Accounts []Account `json:"accounts"`
	// Calendar lists holidays and compensatory working days (unverified dates for the demo).
	Calendar []struct {
		Day, Kind, Name string
	} `json:"calendar"`
}

// Account is a demo login.
type Account struct {
	Username string   `json:"username"`
	Kind     string   `json:"kind"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
	Phone    string   `json:"phone"`
	IDNumber string   `json:"id_number"`
	Agency   string   `json:"agency"`
	Roles    []string `json:"roles"`
}

// Load parses the embedded demo catalogue.
func Load() (Catalogue, error) {
	var c Catalogue
	if err := json.Unmarshal(catalogueJSON, &c); err != nil {
		return c, fmt.Errorf("demo: catalogue: %w", err)
	}
	return c, nil
}

// Seed writes the demo catalogue and accounts in one transaction. Re-running it updates
// the catalogue in place and leaves existing accounts (and their passwords) alone.
func Seed(ctx context.Context, db *sqlx.DB) error {
	c, err := Load()
	if err != nil {
		return err
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(Password), bcrypt.DefaultCost)
	if err != nil {
		return fmt.Errorf("demo: hash: %w", err)
	}
	tx, err := db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("demo: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck
	for _, a := range c.Agencies {
		_, err := tx.ExecContext(ctx, `INSERT INTO agencies (code, name, level, parent_id)
			VALUES ($1, $2, $3, (SELECT id FROM agencies WHERE code = NULLIF($4, '')))
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_id = EXCLUDED.parent_id`,
			a.Code, a.Name, a.Level, a.Parent)
		if err != nil {
			return fmt.Errorf("demo: agency %s: %w", a.Code, err)
		}
	}
	for _, f := range c.Fields {
		if _, err := tx.ExecContext(ctx, `INSERT INTO fields (code, name) VALUES ($1, $2)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name`, f.Code, f.Name); err != nil {
			return fmt.Errorf("demo: field %s: %w", f.Code, err)
		}
	}
	for _, p := range c.Procedures {
		var id int64
		err := tx.GetContext(ctx, &id, `INSERT INTO procedures
			(code, name, agency_id, field_id, level, online_level, processing_days, day_kind, fee_vnd, guide, legal_basis, search_text)
			VALUES ($1, $2, (SELECT id FROM agencies WHERE code = $3), (SELECT id FROM fields WHERE code = $4), $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, agency_id = EXCLUDED.agency_id,
				field_id = EXCLUDED.field_id, level = EXCLUDED.level, online_level = EXCLUDED.online_level,
				processing_days = EXCLUDED.processing_days, day_kind = EXCLUDED.day_kind, fee_vnd = EXCLUDED.fee_vnd,
				guide = EXCLUDED.guide, legal_basis = EXCLUDED.legal_basis, search_text = EXCLUDED.search_text
			RETURNING id`, p.Code, p.Name, p.Agency, p.Field, p.Level, p.OnlineLevel, p.ProcessingDays, p.DayKind, p.FeeVND,
			p.Guide, p.LegalBasis, textsearch.Fold(p.Name+" "+p.Code))
		if err != nil {
			return fmt.Errorf("demo: procedure %s: %w", p.Code, err)
		}
		for i, comp := range p.Components {
			_, err := tx.ExecContext(ctx, `INSERT INTO procedure_components (procedure_id, position, name, originals, copies, required)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (procedure_id, position) DO UPDATE SET name = EXCLUDED.name,
				originals = EXCLUDED.originals, copies = EXCLUDED.copies, required = EXCLUDED.required`,
				id, i+1, comp.Name, comp.Originals, comp.Copies, comp.Required)
			if err != nil {
				return fmt.Errorf("demo: component %d of %s: %w", i+1, p.Code, err)
			}
		}
		for i, f := range p.Form {
			_, err := tx.ExecContext(ctx, `INSERT INTO procedure_form_fields (procedure_id, position, name, label, type, required, options)
				VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (procedure_id, position) DO UPDATE SET name = EXCLUDED.name,
				label = EXCLUDED.label, type = EXCLUDED.type, required = EXCLUDED.required, options = EXCLUDED.options`,
				id, i+1, f.Name, f.Label, f.Type, f.Required, pq.StringArray(append([]string{}, f.Options...)))
			if err != nil {
				return fmt.Errorf("demo: form field %s of %s: %w", f.Name, p.Code, err)
			}
		}
		for i, st := range p.Steps {
			_, err := tx.ExecContext(ctx, `INSERT INTO procedure_steps (procedure_id, position, name, role, budget_hours, interagency_agency_id)
				VALUES ($1, $2, $3, $4, $5, (SELECT id FROM agencies WHERE code = NULLIF($6, '')))
				ON CONFLICT (procedure_id, position) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role,
				budget_hours = EXCLUDED.budget_hours, interagency_agency_id = EXCLUDED.interagency_agency_id`,
				id, i+1, st.Name, st.Role, st.BudgetHours, st.Interagency)
			if err != nil {
				return fmt.Errorf("demo: step %d of %s: %w", i+1, p.Code, err)
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM procedure_steps WHERE procedure_id = $1 AND position > $2`, id, len(p.Steps)); err != nil {
			return fmt.Errorf("demo: steps of %s: %w", p.Code, err)
		}
	}
	for _, d := range c.Calendar {
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
			ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`, d.Day, d.Kind, d.Name); err != nil {
			return fmt.Errorf("demo: calendar day %s: %w", d.Day, err)
		}
	}
	for _, a := range c.Accounts {
		roles := pq.StringArray(a.Roles)
		if roles == nil {
			roles = pq.StringArray{}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO accounts
			(username, password_hash, kind, full_name, email, phone, id_number, agency_id, roles)
			VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT id FROM agencies WHERE code = NULLIF($8, '')), $9)
			ON CONFLICT (username) DO NOTHING`,
			a.Username, string(hash), a.Kind, a.FullName, a.Email, a.Phone, a.IDNumber, a.Agency, roles)
		if err != nil {
			return fmt.Errorf("demo: account %s: %w", a.Username, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("demo: commit: %w", err)
	}
	return nil
}
