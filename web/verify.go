package web

import (
	"errors"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// errNoDocument: the verification form was sent without a file.
var errNoDocument = &domain.Error{Kind: domain.Invalid, Code: "invalid_upload", Message: "Chưa chọn văn bản cần kiểm tra.",
	Fields: map[string]string{"document": "Chọn tệp PDF đã nhận (giấy tiếp nhận, phiếu, kết quả, biên lai)."}}

// verifySubmit checks a PDF someone presents on the lookup page ("Kiểm tra văn bản điện
// tử"): whether it is, unchanged, a document the system issued, and who signed it when.
func (s *Server) verifySubmit(c *gin.Context) {
	data := gin.H{"By": "code", "Verifying": true}
	fh, err := c.FormFile("document")
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.formFailure(c, "lookup", data, service.ErrFileTooLarge)
			return
		}
		s.formFailure(c, "lookup", data, errNoDocument)
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.pageError(c, err)
		return
	}
	defer f.Close()
	v, err := s.svc.VerifyDocument(c, c.ClientIP(), service.Upload{Name: fh.Filename, Body: f})
	if err != nil {
		if e, ok := domain.Public(err); ok && e.Fields == nil {
			err = &domain.Error{Kind: e.Kind, Code: e.Code, Message: e.Message, RetryAfter: e.RetryAfter, Err: e.Err,
				Fields: map[string]string{"document": e.Message}}
		}
		s.formFailure(c, "lookup", data, err)
		return
	}
	data["Verdict"] = v
	data["FileName"] = service.UploadName(fh.Filename)
	s.render(c, http.StatusOK, "lookup", s.pageData(c, data))
}
