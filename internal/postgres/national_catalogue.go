package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// Catalogue kinds of the national mapping.
const (
	KindAgency    = "agency"
	KindField     = "field"
	KindProcedure = "procedure"
)

// catalogueTables names each kind's table.
var catalogueTables = map[string]string{KindAgency: "agencies", KindField: "fields", KindProcedure: "procedures"}

var errUnknownKind = &domain.Error{Kind: domain.Unprocessable, Code: "invalid_mapping", Message: "Loại danh mục không hợp lệ.",
	Fields: map[string]string{"kind": "Một trong: agency, field, procedure."}}

// MappedItem is a local catalogue item with its national code ("" when not mapped) and
// the detail the national list also has (an agency's level).
type MappedItem struct {
	LocalCode    string  `db:"code"`
	NationalCode *string `db:"national_code"`
	Name         string  `db:"name"`
	Detail       string  `db:"detail"`
}

// MappedItems returns the local items of kind with their national codes, by code.
func (s *Store) MappedItems(ctx context.Context, kind string) ([]MappedItem, error) {
	detail := "''"
	switch kind {
	case KindAgency:
		detail = "level"
	case KindProcedure:
		detail = "''"
	case KindField:
	default:
		return nil, errUnknownKind
	}
	items := []MappedItem{}
	err := s.db.SelectContext(ctx, &items, `SELECT code, national_code, name, `+detail+` AS detail FROM `+catalogueTables[kind]+
		` ORDER BY code`)
	if err != nil {
		return nil, fmt.Errorf("store: mapped %s: %w", kind, err)
	}
	return items, nil
}

// SetNationalCode maps the local item of kind with code local to national code national
// ("" unmaps it). Errors: invalid_mapping, catalogue_item_not_found, national_code_taken
// (409).
func (s *Store) SetNationalCode(ctx context.Context, kind, local, national string) error {
	table, ok := catalogueTables[kind]
	if !ok {
		return errUnknownKind
	}
	res, err := s.db.ExecContext(ctx, `UPDATE `+table+` SET national_code = NULLIF($2, '') WHERE code = $1`, local, national)
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return &domain.Error{Kind: domain.Conflict, Code: "national_code_taken", Message: "Mã quốc gia đã được ánh xạ cho mục khác.",
			Fields: map[string]string{"national_code": national}}
	}
	if err != nil {
		return fmt.Errorf("store: set national code: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return &domain.Error{Kind: domain.NotFound, Code: "catalogue_item_not_found", Message: "Không tìm thấy mục danh mục.",
			Fields: map[string]string{"local_code": local}}
	}
	return nil
}

// CatalogueChange is one change of the national catalogue sync to apply: Op "add" (a
// national item not mapped locally: an agency or field is mapped to the local item with
// the same code, or created; a procedure is not created here), "change" (the local item
// takes the national name and, for an agency, level) or "remove" (the local item is
// unmapped).
type CatalogueChange struct {
	Kind, Op                              string
	LocalCode, NationalCode, Name, Detail string
}

// ApplyNationalCatalogue applies changes in one transaction and returns how many it
// applied (procedure additions are skipped: a procedure needs its route, components and
// time limit first).
func (s *Store) ApplyNationalCatalogue(ctx context.Context, changes []CatalogueChange) (int, error) {
	applied := 0
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		for _, c := range changes {
			n, err := applyChange(ctx, tx, c)
			if err != nil {
				return err
			}
			applied += n
		}
		return nil
	})
	return applied, err
}

var agencyLevels = map[string]bool{"province": true, "department": true, "district": true, "commune": true}

func applyChange(ctx context.Context, tx *sqlx.Tx, c CatalogueChange) (int, error) {
	table, ok := catalogueTables[c.Kind]
	if !ok {
		return 0, errUnknownKind
	}
	var res interface{ RowsAffected() (int64, error) }
	var err error
	switch {
	case c.Op == "change" && c.Kind == KindAgency && agencyLevels[c.Detail]:
		res, err = tx.ExecContext(ctx, `UPDATE agencies SET name = $2, level = $3 WHERE code = $1`, c.LocalCode, c.Name, c.Detail)
	case c.Op == "change":
		res, err = tx.ExecContext(ctx, `UPDATE `+table+` SET name = $2 WHERE code = $1`, c.LocalCode, c.Name)
	case c.Op == "remove":
		res, err = tx.ExecContext(ctx, `UPDATE `+table+` SET national_code = NULL WHERE code = $1`, c.LocalCode)
	case c.Op == "add" && c.Kind == KindProcedure:
		return 0, nil
	case c.Op == "add":
		res, err = tx.ExecContext(ctx, `UPDATE `+table+` SET national_code = $1 WHERE code = $1 AND national_code IS NULL`, c.NationalCode)
		if n, _ := rowsOf(res, err); err == nil && n == 0 {
			level := c.Detail
			if !agencyLevels[level] {
				level = "department"
			}
			if c.Kind == KindAgency {
				res, err = tx.ExecContext(ctx, `INSERT INTO agencies (code, name, level, national_code) VALUES ($1, $2, $3, $1)
					ON CONFLICT DO NOTHING`, c.NationalCode, c.Name, level)
			} else {
				res, err = tx.ExecContext(ctx, `INSERT INTO fields (code, name, national_code) VALUES ($1, $2, $1)
					ON CONFLICT DO NOTHING`, c.NationalCode, c.Name)
			}
		}
	default:
		return 0, fmt.Errorf("store: unknown catalogue change %q", c.Op)
	}
	n, err := rowsOf(res, err)
	if err != nil {
		return 0, fmt.Errorf("store: apply catalogue change %s %s: %w", c.Op, c.NationalCode, err)
	}
	return int(n), nil
}

func rowsOf(res interface{ RowsAffected() (int64, error) }, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
