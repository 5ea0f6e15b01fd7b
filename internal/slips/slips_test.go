package slips

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
)

// pdfText extracts a PDF's text with poppler's pdftotext (installed by .ci/run).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "slip.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (apt-get install poppler-utils): %v", err)
	}
	return string(out)
}

func sample() (domain.Dossier, []domain.Event) {
	code := "000.00.03.H03-261123-0007"
	submitted := time.Date(2026, 11, 23, 8, 15, 0, 0, dossiercode.Location)
	received := submitted.Add(45 * time.Minute)
	due := time.Date(2026, 12, 21, 9, 0, 0, 0, dossiercode.Location)
	d := domain.Dossier{ID: 7, Code: &code, ProcedureName: "Thủ tục cho phép trường trung học phổ thông hoạt động giáo dục",
		AgencyName: "Sở Giáo dục và Đào tạo", SubmittedAt: &submitted,
		Applicant: domain.Applicant{Name: "Nguyễn Thị Hường", IDNumber: "001203004567", Phone: "0912345678",
			Address: "Tổ 5, phường Đức Xuân, thành phố Bắc Kạn"}}
	d.ReceivedAt, d.DueAt = &received, &due
	events := []domain.Event{
		{Seq: 1, At: submitted, Action: domain.ActionSubmitted, ActorName: "Nguyễn Thị Hường", Status: domain.StatusNew},
		{Seq: 2, At: received, Action: domain.ActionReceived, ActorName: "Hoàng Thị Thu", Status: domain.StatusReceived},
		{Seq: 3, At: received.Add(time.Hour), Action: domain.ActionTransferred, ActorName: "Hoàng Thị Thu",
			Receiver: "Lãnh đạo – Sở Giáo dục và Đào tạo", Status: domain.StatusProcessing},
	}
	return d, events
}

func TestReceipt(t *testing.T) {
	d, events := sample()
	pdf, err := Render("receipt", d, events)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"000.00.03.H03-261123-0007", "Nguyễn Thị Hường", "21/12/2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
		"Hoàng Thị Thu", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "phường Đức Xuân"} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt's text lacks %q:\n%s", want, text)
		}
	}
}

func TestLogSlip(t *testing.T) {
	d, events := sample()
	pdf, err := Render("log", d, events)
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, pdf)
	for _, want := range []string{"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Tiếp nhận hồ sơ", "Chuyển xử lý", "Nộp hồ sơ trực tuyến"} {
		if !strings.Contains(text, want) {
			t.Errorf("the log slip lacks %q:\n%s", want, text)
		}
	}
}

func TestNotAvailable(t *testing.T) {
	d, events := sample()
	for _, kind := range []string{"refusal", "apology", "delivery", "supplement", "nonsense"} {
		if _, err := Render(kind, d, events); err != ErrNotAvailable {
			t.Errorf("%s: %v", kind, err)
		}
	}
}
