package api

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/activities"
)

// BenchmarkDecodeDraft measures one API submission body: JSON decoding with the strict
// decoder, then the applicant's validation (ID number, phone, e-mail, lengths).
//
//	go test -run '^$' -bench DecodeDraft ./api/
func BenchmarkDecodeDraft(b *testing.B) {
	gin.SetMode(gin.ReleaseMode)
	body := []byte(`{"procedure_id":12,"applicant_name":"Nguyễn Văn An","id_number":"001203004567",
		"phone":"0912 345 678","email":"an@example.vn","address":"Tổ 5, phường Đức Xuân, thành phố Bắc Kạn",
		"content":"Đề nghị cấp bản sao văn bằng tốt nghiệp","form_data":{"school":"THPT Bắc Kạn","year":"2010"}}`)
	b.ReportAllocs()
	for b.Loop() {
		c, _ := gin.CreateTestContext(httptest.NewRecorder())
		c.Request = httptest.NewRequest(http.MethodPost, "/api/v1/dossiers", bytes.NewReader(body))
		c.Request.Header.Set("Content-Type", "application/json")
		var req draftRequest
		if err := decodeJSON(c, &req); err != nil {
			b.Fatal(err)
		}
		in := activities.DraftInput{ProcedureID: req.ProcedureID, Applicant: req.applicant(activities.Account{})}
		if err := in.Validate(); err != nil {
			b.Fatal(err)
		}
		if _, err := req.content(); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderLookup renders the public lookup page of a dossier with a ten-row log.
func BenchmarkRenderLookup(b *testing.B) {
	code := "000.00.03.H03-261120-0042"
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	d := activities.Dossier{ID: 42, Code: &code, ProcedureName: "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc",
		AgencyName: "Sở Giáo dục và Đào tạo", Channel: "online", Status: activities.StatusProcessing, SubmittedAt: &at,
		Applicant: activities.Applicant{Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "0912345678"}}
	d.ReceivedAt, d.DueAt = &at, &at
	events := make([]activities.Event, 10)
	for i := range events {
		events[i] = activities.Event{DossierID: 42, Seq: i + 1, At: at.Add(time.Duration(i) * time.Hour),
			Action: activities.ActionTransferred, ActorName: "Lê Minh Đức", ActorUnit: "Sở Giáo dục và Đào tạo",
			Receiver: "Trần Quốc Hùng", Status: activities.StatusProcessing, StepName: "Chuyên viên thẩm định hồ sơ"}
	}
	data := gin.H{"Code": code, "Dossier": d, "Events": events}
	b.ReportAllocs()
	for b.Loop() {
		if err := pages["lookup"].Execute(io.Discard, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderHome renders the portal's home page listing 70 procedures.
func BenchmarkRenderHome(b *testing.B) {
	ps := make([]activities.Procedure, 70)
	for i := range ps {
		ps[i] = activities.Procedure{ID: int64(i + 1), Code: fmt.Sprintf("1.%06d", 4000+i),
			Name: "Thủ tục cấp giấy phép hoạt động số " + fmt.Sprint(i+1), AgencyName: "Sở Giáo dục và Đào tạo",
			FieldName: "Giáo dục và Đào tạo", Level: "province", OnlineLevel: "full", ProcessingDays: 10, DayKind: "working"}
	}
	data := gin.H{"Procedures": ps}
	b.ReportAllocs()
	for b.Loop() {
		if err := pages["home"].Execute(io.Discard, data); err != nil {
			b.Fatal(err)
		}
	}
}
