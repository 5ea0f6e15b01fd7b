package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// slip serves a PDF slip (receipt, supplement, refusal, apology, log, delivery) of a
// dossier to its owner or to the officers handling it. Errors: login_required,
// dossier_not_found, slip_not_available (404).
func (s *Server) slip(c *gin.Context) {
	d, sess, ok := s.readableDossier(c)
	if !ok {
		return
	}
	kind := strings.TrimSuffix(c.Param("kind"), ".pdf")
	pdf, err := s.svc.Slip(c, sess, d, kind)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="`+kind+`-`+*d.Code+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}
