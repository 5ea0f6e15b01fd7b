package catalogue_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/filestore"
)

func shipped(t *testing.T) catalogue.Catalogue {
	t.Helper()
	c, err := demo.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestShippedCatalogue: the demo is a real province's catalogue, and it is valid.
func TestShippedCatalogue(t *testing.T) {
	c := shipped(t)
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	departments, interagency := 0, 0
	for _, a := range c.Agencies {
		if a.Level == "department" {
			departments++
		}
	}
	for _, p := range c.Procedures {
		for _, s := range p.Steps {
			if s.Interagency != "" {
				interagency++
				break
			}
		}
	}
	years := map[string]int{}
	for _, d := range c.Calendar.Days {
		if d.Kind == "holiday" {
			years[d.Day[:4]]++
		}
	}
	if len(c.Procedures) < 60 || departments < 20 || interagency < 1 || years["2025"] == 0 || years["2026"] == 0 || years["2027"] == 0 {
		t.Fatalf("%d procedures, %d departments, %d inter-agency procedures, holidays %v", len(c.Procedures), departments, interagency, years)
	}
}

// TestCSVSections: agencies, fields and calendar days may be CSV files in a folder.
func TestCSVSections(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("agencies.csv", "code,name,level,parent\n000.00.00.H03,UBND tỉnh Bắc Kạn,province,\n000.00.04.H03,Sở Tư pháp,department,000.00.00.H03\n")
	write("fields.csv", "\ufeffcode,name\nLLTP,Lý lịch tư pháp\n")
	write("calendar.csv", "day,kind,name\n2026-09-02,holiday,Quốc khánh\n")
	write("procedures.json", `[{"code":"2.000488","name":"Cấp Phiếu lý lịch tư pháp","agency":"000.00.04.H03","field":"LLTP","level":"province",
		"online_level":"full","processing_days":10,"day_kind":"working","fee_vnd":200000,"legal_basis":"","guide":"","postal_send":true,
		"postal_receive":true,"components":[],"form":[],"steps":[]}]`)
	c, err := catalogue.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if len(c.Agencies) != 2 || c.Agencies[1].Parent != "000.00.00.H03" || c.Fields[0].Name != "Lý lịch tư pháp" || c.Calendar.Days[0].Kind != "holiday" {
		t.Fatalf("%+v", c)
	}
}

// TestTemplates: form templates are files of the catalogue (templates/ in the folder
// form), every template a component names must be one of them (or an http(s) link), of
// the kind its name says; they survive a write and a load.
func TestTemplates(t *testing.T) {
	c := shipped(t)
	files := map[string]bool{}
	for _, f := range c.Templates {
		files[f.Name] = true
		if filestore.Detect(f.Content) != filestore.DOCX {
			t.Errorf("shipped template %s is not a Word document", f.Name)
		}
	}
	named := 0
	for _, p := range c.Procedures {
		for _, comp := range p.Components {
			if comp.Template != "" {
				named++
				if !files[comp.Template] {
					t.Errorf("%s names %q, which the demo does not ship", p.Code, comp.Template)
				}
			}
		}
	}
	if named < 40 {
		t.Fatalf("only %d components name a template", named)
	}
	dir := filepath.Join(t.TempDir(), "cat")
	if err := catalogue.Write(c, dir); err != nil {
		t.Fatal(err)
	}
	back, err := catalogue.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Templates) != len(c.Templates) || back.Validate() != nil {
		t.Fatalf("written and read back: %d templates of %d, %v", len(back.Templates), len(c.Templates), back.Validate())
	}
	bad := shipped(t)
	bad.Procedures[0].Components[0].Template = "khong-co.docx"
	bad.Templates = append(bad.Templates, catalogue.Template{Name: "../thoat.docx", Content: c.Templates[0].Content},
		catalogue.Template{Name: "gia-mao.docx", Content: []byte("%PDF-1.4\n%%EOF\n")},
		catalogue.Template{Name: "chay.exe", Content: []byte("MZ")})
	var verr *catalogue.ValidationError
	if err := bad.Validate(); !errors.As(err, &verr) || len(verr.Problems) != 4 {
		t.Fatalf("a missing, a misnamed, a disguised and a foreign template: %v", err)
	}
}
