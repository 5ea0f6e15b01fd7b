package catalogue

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/dvc-project/dvc/internal/filestore"
)

// Template is a form template (mẫu đơn, tờ khai) that components name in their template
// key: a file shipped with the catalogue. In the folder form it is a file of the
// templates/ folder; in the one-file form an entry of the "templates" section, its
// content in base64.
type Template struct {
	Name    string `json:"name" db:"name"`
	Content []byte `json:"content" db:"content"`
}

// TemplatesDir is the folder of a folder-form catalogue that holds its templates.
const TemplatesDir = "templates"

// MaxTemplateBytes is the largest template file accepted.
const MaxTemplateBytes = 10 << 20

var templateName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$`)

// templateTypes are the kinds of template accepted, by file extension, as media types
// (the kind is also detected from the content, which must agree).
var templateTypes = map[string]string{".docx": filestore.DOCX, ".doc": filestore.DOC, ".odt": filestore.ODT,
	".pdf": filestore.PDF, ".xlsx": filestore.XLSX, ".xls": filestore.XLS}

// TemplateType is the media type of a template file named name ("" when its extension is
// not one of .docx, .doc, .odt, .pdf, .xlsx, .xls).
func TemplateType(name string) string {
	return templateTypes[strings.ToLower(path.Ext(name))]
}

// IsTemplateLink reports whether a component's template is a link to another site
// (http:// or https://) rather than the name of one of the catalogue's templates.
func IsTemplateLink(template string) bool {
	return strings.HasPrefix(template, "https://") || strings.HasPrefix(template, "http://")
}

// loadTemplates reads the templates/ folder of fsys (none when it does not exist).
func loadTemplates(fsys fs.FS) ([]Template, error) {
	entries, err := fs.ReadDir(fsys, TemplatesDir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("catalogue: %s: %w", TemplatesDir, err)
	}
	var ts []Template
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		content, err := fs.ReadFile(fsys, TemplatesDir+"/"+e.Name())
		if err != nil {
			return nil, fmt.Errorf("catalogue: %s/%s: %w", TemplatesDir, e.Name(), err)
		}
		ts = append(ts, Template{Name: e.Name(), Content: content})
	}
	return ts, nil
}

// writeTemplates writes ts as the templates/ folder of the folder-form catalogue at dir.
func writeTemplates(ts []Template, dir string) error {
	if len(ts) == 0 {
		return nil
	}
	td := filepath.Join(dir, TemplatesDir)
	if err := os.MkdirAll(td, 0o755); err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	for _, t := range ts {
		if !templateName.MatchString(t.Name) {
			return fmt.Errorf("catalogue: template %q: not a plain file name", t.Name)
		}
		if err := os.WriteFile(filepath.Join(td, t.Name), t.Content, 0o644); err != nil {
			return fmt.Errorf("catalogue: %w", err)
		}
	}
	return nil
}

// validateTemplates checks every template (a plain file name with an accepted
// extension, once, with content of that kind and at most MaxTemplateBytes) and returns
// the set of their names.
func (c *Catalogue) validateTemplates(bad func(file, record, field, format string, args ...any)) map[string]bool {
	names := map[string]bool{}
	for i, t := range c.Templates {
		rec := fmt.Sprintf("#%d %s", i+1, t.Name)
		want := TemplateType(t.Name)
		switch {
		case !templateName.MatchString(t.Name):
			bad(TemplatesDir, rec, "name", "must be a file name of letters, digits, . _ - (no folder)")
		case want == "":
			bad(TemplatesDir, rec, "name", "must end in .docx, .doc, .odt, .pdf, .xlsx or .xls")
		case names[t.Name]:
			bad(TemplatesDir, rec, "name", "appears twice")
		}
		names[t.Name] = true
		switch got := filestore.Detect(t.Content); {
		case len(t.Content) == 0:
			bad(TemplatesDir, rec, "content", "is empty")
		case len(t.Content) > MaxTemplateBytes:
			bad(TemplatesDir, rec, "content", "is larger than %d MB", MaxTemplateBytes>>20)
		case want != "" && got != want:
			bad(TemplatesDir, rec, "content", "is not a %s file (its content says %q)", strings.TrimPrefix(path.Ext(t.Name), "."), got)
		}
	}
	return names
}
