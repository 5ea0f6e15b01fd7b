package web

import (
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// BenchmarkRenderLookup renders the public lookup page for one dossier with ten log rows,
// with the data lookupPage builds (masked applicant).
func BenchmarkRenderLookup(b *testing.B) {
	code := "000.00.03.H03-261120-0042"
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	d := domain.Dossier{ID: 42, Code: &code, ProcedureName: "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
		AgencyName: "Sở Giáo dục và Đào tạo", Channel: "online", Status: domain.StatusProcessing, SubmittedAt: &at,
		Applicant: domain.Applicant{Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "0912345678"}}
	d.ReceivedAt, d.DueAt = &at, &at
	events := make([]domain.Event, 10)
	for i := range events {
		events[i] = domain.Event{DossierID: 42, Seq: i + 1, At: at.Add(time.Duration(i) * time.Hour),
			Action: domain.ActionTransferred, ActorName: "Lê Minh Đức", ActorUnit: "Sở Giáo dục và Đào tạo",
			Receiver: "Trần Quốc Hùng", Status: domain.StatusProcessing, StepName: "Chuyên viên thẩm định hồ sơ"}
	}
	item := service.PublicDossier{Code: code, Owner: service.MaskName(d.Name), Masked: true, Procedure: d.ProcedureName, Agency: d.AgencyName,
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Status: d.Status,
		StatusLabel: d.Status.Label(), Events: service.LogRows(events)}
	data := gin.H{"Code": code, "By": "code", "Items": []service.PublicDossier{item}, "Searched": true,
		"Errors": map[string]string{}, "Path": "/tra-cuu", "CSRF": "token", "Account": (*domain.Account)(nil)}
	b.ReportAllocs()
	for b.Loop() {
		if err := pages["lookup"].Execute(io.Discard, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderHome renders the portal's home page: 46 agencies in their groups, with
// the data homePage builds.
func BenchmarkRenderHome(b *testing.B) {
	levels := []string{"province", "department", "district", "commune"}
	as := make([]domain.AgencyRow, 46)
	total := 0
	for i := range as {
		as[i] = domain.AgencyRow{Agency: domain.Agency{ID: int64(i + 1), Code: fmt.Sprintf("000.00.%02d.H03", i+1),
			Name: fmt.Sprintf("Sở Giáo dục và Đào tạo %d", i+1), Level: levels[i%len(levels)]}, Procedures: 2}
		total += 2
	}
	data := gin.H{"Groups": groupAgencies(as), "Total": total,
		"Errors": map[string]string{}, "Path": "/", "CSRF": "token", "Account": (*domain.Account)(nil)}
	b.ReportAllocs()
	for b.Loop() {
		if err := pages["home"].Execute(io.Discard, data); err != nil {
			b.Fatal(err)
		}
	}
}
