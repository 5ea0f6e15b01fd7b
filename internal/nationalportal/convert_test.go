package nationalportal_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

func TestTimeFormat(t *testing.T) {
	if got := nationalportal.FormatTime(time.Date(2026, 12, 31, 18, 5, 9, 0, time.UTC)); got != "20270101010509" {
		t.Errorf("FormatTime = %q, want Vietnam time 20270101010509", got)
	}
	if nationalportal.FormatTime(time.Time{}) != "" {
		t.Error("zero time should be empty")
	}
	back, err := nationalportal.ParseTime("20270101010509")
	if err != nil || !back.Equal(time.Date(2026, 12, 31, 18, 5, 9, 0, time.UTC)) {
		t.Errorf("ParseTime = %v, %v", back, err)
	}
	for _, bad := range []string{"2027-01-01", "20271301010509", "2027010101050"} {
		_, err := nationalportal.ParseTime(bad)
		if e, ok := domain.AsError(err); !ok || e.Code != "national_date_invalid" || e.Kind != domain.Invalid {
			t.Errorf("ParseTime(%q) error = %v", bad, err)
		}
	}
}

func TestStatusCode(t *testing.T) {
	for s := domain.StatusNew; s <= domain.StatusDelivered; s++ {
		code, err := nationalportal.StatusCode(s)
		if err != nil || code != strings.TrimSpace(code) || code == "" {
			t.Fatalf("StatusCode(%d) = %q, %v", s, code, err)
		}
	}
	if c, _ := nationalportal.StatusCode(domain.StatusStopped); c != "8" {
		t.Errorf("stopped = %q, want 8 (Dừng xử lý)", c)
	}
	for _, s := range []domain.Status{domain.StatusDraft, 11, -1} {
		if _, err := nationalportal.StatusCode(s); !domain.IsKind(err, domain.Invalid) {
			t.Errorf("StatusCode(%d) error = %v", s, err)
		}
	}
}

// allStrings fails the test if any value in v (decoded JSON) is not a string, an array
// or an object.
func allStrings(t *testing.T, path string, v any) {
	switch x := v.(type) {
	case string:
	case []any:
		for _, item := range x {
			allStrings(t, path+"[]", item)
		}
	case map[string]any:
		for k, item := range x {
			allStrings(t, path+"."+k, item)
		}
	default:
		t.Errorf("%s is %T, not a string", path, v)
	}
}

func TestDossierMessage(t *testing.T) {
	code := "000.00.04.H03-260302-00001"
	recv := time.Date(2026, 3, 2, 2, 0, 0, 0, time.UTC)
	d := domain.Dossier{Code: &code, Status: domain.StatusProcessing, AgencyName: "Sở Tư pháp", Channel: "desk",
		Applicant: domain.Applicant{Name: "Nguyễn Văn An", IDNumber: "001099000001"}}
	d.ReceivedAt = &recv
	m, err := nationalportal.DossierMessage(nationalportal.DossierFacts{Dossier: d, Code: code, TechID: "tech-1",
		Summary:   strings.Repeat("ễ", 1200),
		Procedure: nationalportal.NationalProcedure{Code: "2.000488", Name: "Cấp Phiếu lý lịch tư pháp", FieldCode: "LLTP", FieldName: "Lý lịch tư pháp"},
		Files:     []nationalportal.FileRef{{ID: "5501", Name: "Đơn.pdf", URL: "https://tinh.example/tep/5501"}}})
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := json.Marshal(m)
	var decoded map[string]any
	if err := json.Unmarshal(raw, &decoded); err != nil {
		t.Fatal(err)
	}
	allStrings(t, "data", decoded)
	for k, want := range map[string]string{"MaHoSo": code, "TrangThaiHoSo": "4", "NgayTiepNhan": "20260302090000",
		"KenhThucHien": "1", "MaDoiTuong": "tech-1", "LoaiDoiTuong": "1", "HinhThuc": "0", "MaTTHC": "2.000488"} {
		if decoded[k] != want {
			t.Errorf("%s = %v, want %q", k, decoded[k], want)
		}
	}
	if n := len([]rune(m.Summary)); n != 1000 {
		t.Errorf("summary is %d characters, want cut to 1000", n)
	}
	if files := decoded["TaiLieuNop"].([]any); len(files) != 1 || files[0].(map[string]any)["IsDeleted"] != "False" {
		t.Errorf("TaiLieuNop = %v", files)
	}
	plain, _ := nationalportal.DossierMessage(nationalportal.DossierFacts{Dossier: d, Code: code,
		Procedure: nationalportal.NationalProcedure{Code: "2.000488", Name: "Cấp Phiếu lý lịch tư pháp"}})
	if plain.Summary != "Cấp Phiếu lý lịch tư pháp" {
		t.Errorf("TrichYeuHoSo is required: without a summary it is the procedure's name, got %q", plain.Summary)
	}
	d.Status = domain.StatusDraft
	if _, err := nationalportal.DossierMessage(nationalportal.DossierFacts{Dossier: d, Code: code,
		Procedure: nationalportal.NationalProcedure{Code: "x"}}); err == nil {
		t.Error("a draft must not be sent")
	}
	d.Status = domain.StatusNew
	_, err = nationalportal.DossierMessage(nationalportal.DossierFacts{Dossier: d, Code: code})
	if e, ok := domain.AsError(err); !ok || e.Code != "national_code_missing" {
		t.Errorf("unmapped procedure: %v", err)
	}
}

func TestProgressMessage(t *testing.T) {
	due := time.Date(2026, 3, 5, 10, 0, 0, 0, time.UTC)
	e := domain.Event{At: time.Date(2026, 3, 2, 2, 15, 0, 0, time.UTC), Action: domain.ActionTransferred,
		ActorName: strings.Repeat("Nguyễn ", 20), ActorUnit: "Phòng Hành chính tư pháp", Note: " Thẩm định ",
		Status: domain.StatusProcessing, StepDueAt: &due}
	p, ok, err := nationalportal.ProgressMessage("X-1", e)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	if p.At != "20260302091500" || p.Status != "4" || p.Content != "Chuyển xử lý-Thẩm định" ||
		p.StepDueAt != "20260305170000" || p.Department != "Phòng Hành chính tư pháp" || len([]rune(p.Actor)) != 50 {
		t.Errorf("entry %+v", p)
	}
	e.Action = domain.ActionReminder
	if _, ok, _ := nationalportal.ProgressMessage("X-1", e); ok {
		t.Error("a reminder is not progress")
	}
	e.Action, e.ActorName = domain.ActionSupplementExpired, ""
	if p, ok, _ := nationalportal.ProgressMessage("X-1", e); !ok || p.Actor != "Hệ thống" {
		t.Errorf("timer row: %+v", p)
	}
}
