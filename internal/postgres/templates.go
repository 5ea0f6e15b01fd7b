package postgres

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
)

var errTemplateNotFound = domain.NewError(domain.NotFound, "template_not_found", "Không tìm thấy mẫu đơn, tờ khai.")

// importTemplates writes the catalogue's templates, replacing a file of the same name
// whose content changed (an unchanged one is left as it is, with its date).
func importTemplates(ctx context.Context, tx *sqlx.Tx, ts []catalogue.Template) error {
	for _, t := range ts {
		sum := sha256.Sum256(t.Content)
		if _, err := tx.ExecContext(ctx, `INSERT INTO catalogue_templates (name, media_type, content, sha256) VALUES ($1, $2, $3, $4)
			ON CONFLICT (name) DO UPDATE SET media_type = EXCLUDED.media_type, content = EXCLUDED.content,
				sha256 = EXCLUDED.sha256, updated_at = now()
			WHERE catalogue_templates.sha256 <> EXCLUDED.sha256`,
			t.Name, catalogue.TemplateType(t.Name), t.Content, hex.EncodeToString(sum[:])); err != nil {
			return fmt.Errorf("catalogue: template %s: %w", t.Name, err)
		}
	}
	return nil
}

// exportTemplates reads every template, by name.
func exportTemplates(ctx context.Context, q sqlx.QueryerContext) ([]catalogue.Template, error) {
	var ts []catalogue.Template
	if err := sqlx.SelectContext(ctx, q, &ts, `SELECT name, content FROM catalogue_templates ORDER BY name`); err != nil {
		return nil, fmt.Errorf("catalogue: export templates: %w", err)
	}
	return ts, nil
}

// Template returns the catalogue's template file called name. Errors: template_not_found.
func (s *Store) Template(ctx context.Context, name string) (domain.TemplateFile, error) {
	var t domain.TemplateFile
	err := s.db.GetContext(ctx, &t, `SELECT name, media_type, content, sha256, updated_at FROM catalogue_templates WHERE name = $1`, name)
	if errors.Is(err, sql.ErrNoRows) {
		return t, errTemplateNotFound
	}
	if err != nil {
		return t, fmt.Errorf("store: template: %w", err)
	}
	return t, nil
}
