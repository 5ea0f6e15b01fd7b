package catalogue

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/dvc-project/dvc/internal/validate"
)

// fuzzSeed is a small valid one-file catalogue.
const fuzzSeed = `{"agencies":[{"code":"000.00.00.H03","name":"UBND tỉnh Bắc Kạn","level":"province","parent":""},
{"code":"000.00.03.H03","name":"Sở Giáo dục và Đào tạo","level":"department","parent":"000.00.00.H03"},
{"code":"000.00.06.H03","name":"Sở Tài nguyên và Môi trường","level":"department","parent":"000.00.00.H03"}],
"fields":[{"code":"gd","name":"Giáo dục"}],
"procedures":[{"code":"1.004496","name":"Cho phép trường hoạt động","agency":"000.00.03.H03","field":"gd","level":"province",
"online_level":"full","processing_days":20,"day_kind":"working","fee_vnd":0,"legal_basis":"Nghị định 46/2017","guide":"Nộp trực tuyến",
"postal_send":true,"postal_receive":false,"components":[{"name":"Tờ trình","originals":1,"copies":0,"required":true,"template":""}],
"form":[{"name":"ten_truong","label":"Tên trường","type":"text","required":true,"max_length":200},
{"name":"loai","label":"Loại","type":"select","options":["Công lập","Tư thục"],"required":true,"max_length":0}],
"steps":[{"name":"Tiếp nhận","role":"reception","budget_hours":8,"interagency":""},
{"name":"Thẩm định","role":"specialist","budget_hours":100,"interagency":"000.00.06.H03"}]}],
"calendar":{"sessions":["07:00-11:30","13:30-17:00"],"cutoff":"15:00","days":[{"day":"2026-09-02","kind":"holiday","name":"Quốc khánh"}]}}`

// FuzzCatalogue decodes a one-file catalogue and a folder whose agencies are CSV, and
// validates them. Whatever the input: no panic; a catalogue that passes Validate has only
// storable text (valid UTF-8, no NUL or other control character), route budgets within
// its processing time, and survives an export round trip unchanged and still valid.
func FuzzCatalogue(f *testing.F) {
	f.Add([]byte(fuzzSeed), []byte("code,name,level,parent\n000.00.00.H03,UBND tỉnh,province,\n"))
	f.Add([]byte(strings.Replace(fuzzSeed, `"budget_hours":100`, `"budget_hours":9223372036854775807`, 1)), []byte("code,name\n"))
	f.Add([]byte(strings.Replace(fuzzSeed, `Giáo dục"}]`, `Giáo\u0000dục"}]`, 1)), []byte("\ufeffcode,name,level\n\"x"))
	f.Add([]byte(`{"agencies":[{"code":"000.00.00.H03","name":"A","level":"province","parent":"000.00.00.H03"}]}`), []byte(",,,\n,,,,,,\n"))
	f.Add([]byte(`{"procedures":[{"form":[{"type":"select","options":[]}]}],"unknown":1}`), []byte{})
	f.Fuzz(func(t *testing.T, oneFile, agenciesCSV []byte) {
		var c Catalogue
		if err := decode("catalogue.json", oneFile, &c); err == nil {
			checkValidCatalogue(t, c)
		}
		folder, err := LoadFS(fstest.MapFS{
			"agencies.csv":    {Data: agenciesCSV},
			"fields.json":     {Data: []byte(`[{"code":"gd","name":"Giáo dục"}]`)},
			"procedures.json": {Data: []byte(`[]`)},
			"calendar.json":   {Data: []byte(`{}`)},
		}, "fuzz")
		if err == nil {
			checkValidCatalogue(t, folder)
		}
	})
}

func checkValidCatalogue(t *testing.T, c Catalogue) {
	t.Helper()
	if c.Validate() != nil {
		return
	}
	text := func(what, s string) {
		if !validate.Text(s, 100000) {
			t.Fatalf("valid catalogue with unstorable text in %s: %q", what, s)
		}
	}
	for _, a := range c.Agencies {
		text("agency", a.Code+a.Name+a.Level+a.Parent)
	}
	for _, f := range c.Fields {
		text("field", f.Code+f.Name)
	}
	for _, p := range c.Procedures {
		text("procedure", p.Code+p.Name+p.Agency+p.Field+p.Level+p.OnlineLevel+p.DayKind+p.LegalBasis+p.Guide)
		var budget int64
		for _, s := range p.Steps {
			text("step", s.Name+s.Role+s.Interagency)
			if s.BudgetHours <= 0 || int64(s.BudgetHours) > int64(p.ProcessingDays)*24 {
				t.Fatalf("valid catalogue with a step budget of %d h for %d days", s.BudgetHours, p.ProcessingDays)
			}
			budget += int64(s.BudgetHours)
		}
		if p.DayKind == "working" && budget > int64(p.ProcessingDays)*8 {
			t.Fatalf("valid catalogue whose steps take %d h of %d working days", budget, p.ProcessingDays)
		}
		for _, comp := range p.Components {
			text("component", comp.Name+comp.Template)
		}
		for _, ff := range p.Form {
			text("form field", ff.Name+ff.Label+ff.Type+strings.Join(ff.Options, ""))
		}
	}
	for _, d := range c.Calendar.Days {
		text("day", d.Day+d.Kind+d.Name)
	}
	raw, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("marshal a valid catalogue: %v", err)
	}
	var back Catalogue
	if err := decode("export.json", raw, &back); err != nil {
		t.Fatalf("a valid catalogue does not read back: %v", err)
	}
	if !reflect.DeepEqual(normalizeNil(back), normalizeNil(c)) {
		t.Fatalf("round trip changed the catalogue:\n%+v\n%+v", c, back)
	}
	if err := back.Validate(); err != nil {
		t.Fatalf("a valid catalogue is invalid after a round trip: %v", err)
	}
}

// normalizeNil makes empty and nil slices compare equal after a JSON round trip.
func normalizeNil(c Catalogue) string {
	raw, _ := json.Marshal(c)
	return strings.ReplaceAll(string(raw), "null", "[]")
}
