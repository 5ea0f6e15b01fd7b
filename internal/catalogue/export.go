package catalogue

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
)

// Export reads the catalogue in force: every agency and field, the active version of each
// procedure, the calendar days and the office hours of the latest rule set.
func Export(ctx context.Context, db *sqlx.DB) (Catalogue, error) {
	c := Catalogue{Agencies: []Agency{}, Fields: []Field{}, Procedures: []Procedure{}}
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
	c.Calendar = Calendar{Sessions: rs.Sessions, Cutoff: rs.Cutoff, Days: []Day{}}
	var days []struct {
		Day  time.Time `db:"day"`
		Kind string    `db:"kind"`
		Name string    `db:"name"`
	}
	if err := db.SelectContext(ctx, &days, `SELECT day, kind, name FROM calendar_days ORDER BY day`); err != nil {
		return c, fmt.Errorf("catalogue: export calendar: %w", err)
	}
	for _, d := range days {
		c.Calendar.Days = append(c.Calendar.Days, Day{Day: d.Day.Format(time.DateOnly), Kind: d.Kind, Name: d.Name})
	}
	return c, nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// Write saves c at path: one JSON file when path ends in .json, otherwise a folder with
// agencies.json, fields.json, procedures.json and calendar.json.
func Write(c Catalogue, path string) error {
	if strings.HasSuffix(path, ".json") {
		b, err := marshal(c)
		if err != nil {
			return err
		}
		return os.WriteFile(path, b, 0o644)
	}
	if err := os.MkdirAll(path, 0o755); err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	for name, v := range map[string]any{"agencies.json": c.Agencies, "fields.json": c.Fields,
		"procedures.json": c.Procedures, "calendar.json": c.Calendar} {
		b, err := marshal(v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(path, name), b, 0o644); err != nil {
			return fmt.Errorf("catalogue: %w", err)
		}
	}
	return nil
}
