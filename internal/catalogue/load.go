package catalogue

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Load reads a catalogue from a JSON file or a folder of section files. Errors name the
// file (and, for JSON syntax, the offset).
func Load(path string) (Catalogue, error) {
	st, err := os.Stat(path)
	if err != nil {
		return Catalogue{}, fmt.Errorf("catalogue: %w", err)
	}
	if !st.IsDir() {
		var c Catalogue
		return c, decodeFile(path, &c)
	}
	return LoadFS(os.DirFS(path), path)
}

// LoadFS reads a folder-form catalogue from fsys: agencies, fields and procedures as
// JSON (agencies and fields may be CSV with columns code,name,level,parent and code,name),
// and calendar.json (or calendar.csv with day,kind,name; office hours then default), and
// the form templates in templates/.
func LoadFS(fsys fs.FS, name string) (Catalogue, error) {
	var c Catalogue
	read := func(file string) ([]byte, bool, error) {
		raw, err := fs.ReadFile(fsys, file)
		if errors.Is(err, fs.ErrNotExist) {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("catalogue: %s: %w", file, err)
		}
		return raw, true, nil
	}
	for _, sec := range []struct {
		json, csv string
		into      any
		fromCSV   func([]map[string]string)
	}{
		{"agencies.json", "agencies.csv", &c.Agencies, func(rs []map[string]string) {
			for _, r := range rs {
				c.Agencies = append(c.Agencies, Agency{Code: r["code"], Name: r["name"], Level: r["level"], Parent: r["parent"]})
			}
		}},
		{"fields.json", "fields.csv", &c.Fields, func(rs []map[string]string) {
			for _, r := range rs {
				c.Fields = append(c.Fields, Field{Code: r["code"], Name: r["name"]})
			}
		}},
		{"procedures.json", "", &c.Procedures, nil},
		{"calendar.json", "calendar.csv", &c.Calendar, func(rs []map[string]string) {
			for _, r := range rs {
				c.Calendar.Days = append(c.Calendar.Days, Day{Day: r["day"], Kind: r["kind"], Name: r["name"]})
			}
		}},
	} {
		raw, ok, err := read(sec.json)
		if err != nil {
			return c, err
		}
		if ok {
			if err := decode(sec.json, raw, sec.into); err != nil {
				return c, err
			}
			continue
		}
		if sec.csv == "" {
			return c, fmt.Errorf("catalogue: %s: missing %s", name, sec.json)
		}
		raw, ok, err = read(sec.csv)
		if err != nil {
			return c, err
		}
		if !ok {
			return c, fmt.Errorf("catalogue: %s: missing %s (or %s)", name, sec.json, sec.csv)
		}
		recs, err := readCSV(sec.csv, raw)
		if err != nil {
			return c, err
		}
		sec.fromCSV(recs)
	}
	var err error
	c.Templates, err = loadTemplates(fsys)
	return c, err
}

func decodeFile(path string, v any) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	return decode(filepath.Base(path), raw, v)
}

// decode reads strict JSON (unknown keys refused) into v.
func decode(name string, raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) {
			return fmt.Errorf("catalogue: %s: JSON error at byte %d: %w", name, syn.Offset, err)
		}
		return fmt.Errorf("catalogue: %s: %w", name, err)
	}
	return nil
}

// readCSV reads a CSV with a header row into records keyed by column name.
func readCSV(name string, raw []byte) ([]map[string]string, error) {
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("catalogue: %s: %w", name, err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	head := rows[0]
	var out []map[string]string
	for _, r := range rows[1:] {
		rec := map[string]string{}
		for i, h := range head {
			if i < len(r) {
				rec[strings.TrimSpace(h)] = strings.TrimSpace(r[i])
			}
		}
		out = append(out, rec)
	}
	return out, nil
}
