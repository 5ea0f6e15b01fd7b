package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerLookupRoutes(r *gin.RouterGroup) {
	r.GET("/lookup", s.lookup)
	r.POST("/lookup/verify", s.verifyDocument)
}

// lookup answers GET /lookup?code= (one dossier) or ?id_number= (the ID number's
// dossiers), http.lookup_limit (30) lookups a minute per client; with the procedure= and
// applicant= of a scanned QR code, it says whether they match the dossier. Errors:
// invalid_code (400), dossier_not_found (404), too_many_requests (429).
func (s *Server) lookup(c *gin.Context) {
	code := strings.TrimSpace(c.Query("code"))
	items, err := s.svc.Lookup(c, service.LookupQuery{Code: code, IDNumber: c.Query("id_number"),
		UpdateCode: c.Query("update_code"), Procedure: c.Query("procedure"), Applicant: c.Query("applicant"),
		Viewer: httpx.Viewer(c), ClientIP: c.ClientIP()})
	if err != nil {
		s.fail(c, err)
		return
	}
	if code != "" {
		c.JSON(http.StatusOK, items[0])
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// verifyDocument answers POST /lookup/verify (multipart "file"): whether the PDF is a
// document the system issued, unchanged, with a valid signature. It counts as a lookup.
// Errors: invalid_upload (400), file_too_large (413), pdf_required (415), pdf_invalid
// (422), too_many_requests (429).
func (s *Server) verifyDocument(c *gin.Context) {
	_, up, err := uploadForm(c, false)
	if e, ok := domain.AsError(err); ok && e.Code == "invalid_upload" {
		err = &domain.Error{Kind: e.Kind, Code: e.Code, Message: "Chưa chọn văn bản cần kiểm tra.", Fields: e.Fields}
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	defer up.close()
	v, err := s.svc.VerifyDocument(c, c.ClientIP(), up.Upload)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}
