package catalogue

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	err := enc.Encode(v)
	return buf.Bytes(), err
}

// Write saves c at path: one JSON file when path ends in .json, otherwise a folder with
// agencies.json, fields.json, procedures.json, calendar.json and the templates/ folder.
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
	return writeTemplates(c.Templates, path)
}
