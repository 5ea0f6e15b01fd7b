package api

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/validate"
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
		var req service.Draft
		if err := decodeJSON(c, &req); err != nil {
			b.Fatal(err)
		}
		in := domain.DraftInput{ProcedureID: req.ProcedureID, Applicant: req.Applicant(domain.Account{})}
		if err := validate.Draft(&in); err != nil {
			b.Fatal(err)
		}
		if _, err := req.DraftContent(); err != nil {
			b.Fatal(err)
		}
	}
}
