package postgres_test

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/internal/textsearch"
)

// shipped is the demo catalogue.
func shipped(t *testing.T) catalogue.Catalogue {
	t.Helper()
	c, err := demo.Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestCatalogueRoundTrip: import, export, import again gives the same database.
func TestCatalogueRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t)
	s := postgres.NewStore(db)
	c := shipped(t)
	sum, err := s.ImportCatalogue(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ProceduresCreated != len(c.Procedures) {
		t.Fatalf("first import: %+v", sum)
	}
	first, err := s.ExportCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Exported as a folder and read back, then imported: nothing changes.
	dir := filepath.Join(t.TempDir(), "export")
	if err := catalogue.Write(first, dir); err != nil {
		t.Fatal(err)
	}
	back, err := catalogue.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	sum, err = s.ImportCatalogue(ctx, back)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ProceduresUnchanged != len(c.Procedures) || sum.ProceduresCreated+sum.ProceduresUpdated+sum.ProceduresVersioned != 0 {
		t.Fatalf("re-import changed procedures: %+v", sum)
	}
	second, err := s.ExportCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(first, second) {
		t.Fatal("export after re-import differs")
	}
	// The one-file form reads back the same.
	file := filepath.Join(t.TempDir(), "catalogue.json")
	if err := catalogue.Write(first, file); err != nil {
		t.Fatal(err)
	}
	if one, err := catalogue.Load(file); err != nil || !reflect.DeepEqual(one, first) {
		t.Fatalf("one-file form: %v", err)
	}
	// What was shipped is what is stored.
	if len(first.Procedures) != len(c.Procedures) || len(first.Agencies) != len(c.Agencies) || len(first.Calendar.Days) != len(c.Calendar.Days) {
		t.Fatalf("export has %d procedures, %d agencies, %d days", len(first.Procedures), len(first.Agencies), len(first.Calendar.Days))
	}
}

// TestCatalogueRefusedWhole: a catalogue with errors is refused whole, every error listed with its
// file, record and field, and nothing is written.
func TestCatalogueRefusedWhole(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t)
	c := shipped(t)
	c.Procedures[0].Agency = "999.99.99.H99"
	c.Procedures[1].Level = "galaxy"
	c.Procedures[2].Steps = append(c.Procedures[2].Steps, catalogue.Step{Name: "Liên thông", Role: "specialist", BudgetHours: 1, Interagency: "000.00.77.H03"})
	c.Procedures[3].Form = append(c.Procedures[3].Form, catalogue.FormField{Name: "loai", Label: "Loại", Type: "select"})
	c.Fields = append(c.Fields, c.Fields[0])
	c.Calendar.Days = append(c.Calendar.Days, catalogue.Day{Day: "2026-11-28", Kind: "holiday", Name: "Thứ bảy"})
	c.Agencies[3].Parent = "nowhere"
	_, err := postgres.NewStore(db).ImportCatalogue(ctx, c)
	var v *catalogue.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("err = %v", err)
	}
	want := []struct{ file, record, field string }{
		{"procedures.json", c.Procedures[0].Code, "agency"},
		{"procedures.json", c.Procedures[1].Code, "level"},
		{"procedures.json", c.Procedures[2].Code, "interagency"},
		{"procedures.json", c.Procedures[3].Code, "options"},
		{"fields.json", c.Fields[0].Code, "code"},
		{"calendar.json", "2026-11-28", "kind"},
		{"agencies.json", c.Agencies[3].Code, "parent"},
	}
	for _, w := range want {
		found := false
		for _, p := range v.Problems {
			if p.File == w.file && strings.Contains(p.Record, w.record) && strings.Contains(p.Field, w.field) && p.Message != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("no problem reported for %s %s %s in %+v", w.file, w.record, w.field, v.Problems)
		}
	}
	var n int
	if err := db.Get(&n, `SELECT (SELECT count(*) FROM agencies) + (SELECT count(*) FROM procedures) + (SELECT count(*) FROM calendar_days)`); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("a refused catalogue wrote %d rows", n)
	}
}

// TestCatalogueVersioning: re-importing a changed procedure while a dossier of it is in flight
// leaves the dossier on its old version; a procedure nobody uses is updated in place.
func TestCatalogueVersioning(t *testing.T) {
	ctx := context.Background()
	db := testdb.Migrated(t)
	c := shipped(t)
	s := postgres.NewStore(db)
	if _, err := s.ImportCatalogue(ctx, c); err != nil {
		t.Fatal(err)
	}
	code, unused := "1.004496", "2.000488"
	var oldID, unusedID int64
	if err := db.Get(&oldID, `SELECT id FROM procedures WHERE code = $1 AND active`, code); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&unusedID, `SELECT id FROM procedures WHERE code = $1 AND active`, unused); err != nil {
		t.Fatal(err)
	}
	d, err := s.CreateDraft(ctx, domain.DraftInput{ProcedureID: oldID, Applicant: domain.Applicant{
		Name: "Đinh Văn Tú", IDNumber: "012345678", Phone: "0912345678"}})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = s.Submit(ctx, d.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	for i := range c.Procedures {
		switch c.Procedures[i].Code {
		case code:
			c.Procedures[i].ProcessingDays += 5
			c.Procedures[i].Components[0].Name += " (mẫu mới)"
		case unused:
			c.Procedures[i].FeeVND += 1000
		}
	}
	sum, err := s.ImportCatalogue(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if sum.ProceduresVersioned != 1 || sum.ProceduresUpdated != 1 {
		t.Fatalf("summary %+v", sum)
	}
	var newID, newUnusedID int64
	if err := db.Get(&newID, `SELECT id FROM procedures WHERE code = $1 AND active`, code); err != nil {
		t.Fatal(err)
	}
	if err := db.Get(&newUnusedID, `SELECT id FROM procedures WHERE code = $1 AND active`, unused); err != nil {
		t.Fatal(err)
	}
	if newID == oldID || newUnusedID != unusedID {
		t.Fatalf("ids: used %d → %d, unused %d → %d", oldID, newID, unusedID, newUnusedID)
	}
	snap, err := s.Snapshot(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	old, _ := s.ProcedureDetail(ctx, newID)
	var oldDays int
	if err := db.Get(&oldDays, `SELECT processing_days FROM procedures WHERE id = $1`, oldID); err != nil {
		t.Fatal(err)
	}
	if snap.ProcessingDays != oldDays || old.ProcessingDays != oldDays+5 || strings.Contains(old.Components[0].Name, "mẫu mới") == false {
		t.Fatalf("dossier sees %d days, old version %d, new version %d %q", snap.ProcessingDays, oldDays, old.ProcessingDays, old.Components[0].Name)
	}
	if got, _ := s.DossierByID(ctx, d.ID); got.ProcedureID != oldID {
		t.Fatal("the dossier moved to the new version")
	}
}

// TestCataloguePages: after loading the demo, the counts per field and the search results
// are those of the shipped data.
func TestCataloguePages(t *testing.T) {
	ctx := context.Background()
	db := testdb.Seeded(t)
	s := postgres.NewStore(db)
	c := shipped(t)
	want := map[string]int{}
	for _, p := range c.Procedures {
		want[p.Field]++
	}
	fields, err := s.Fields(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	total := 0
	for _, f := range fields {
		if f.Count != want[f.Code] {
			t.Errorf("field %s counts %d, shipped %d", f.Code, f.Count, want[f.Code])
		}
		total += f.Count
	}
	if total != len(c.Procedures) {
		t.Errorf("fields count %d procedures, shipped %d", total, len(c.Procedures))
	}
	for _, q := range []string{"thanh lap truong", "Giấy phép", "khai sinh", "dang ky"} {
		expect := 0
		for _, p := range c.Procedures {
			name := textsearch.Fold(p.Name + " " + p.Code)
			all := true
			for _, w := range strings.Fields(textsearch.Fold(q)) {
				all = all && strings.Contains(name, w)
			}
			if all {
				expect++
			}
		}
		page, err := s.SearchProcedures(ctx, domain.ProcedureQuery{Q: q, PerPage: 100})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != expect || expect == 0 {
			t.Errorf("search %q finds %d, shipped data has %d", q, page.Total, expect)
		}
	}
}
