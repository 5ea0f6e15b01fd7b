package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/slips"
)

// slip serves a PDF slip (receipt, supplement, refusal, apology, log, delivery) of a
// dossier to its owner or to the officers handling it. Errors: login_required,
// dossier_not_found, slip_not_available (404).
func (s *Server) slip(c *gin.Context) {
	d, sess, ok := s.readableDossier(c)
	if !ok {
		return
	}
	if d.Code == nil {
		s.fail(c, errDossierNotFound) // a draft has no slips
		return
	}
	events, err := s.Store.Events(c, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	kind := strings.TrimSuffix(c.Param("kind"), ".pdf")
	pdf, err := slips.Render(kind, d, events)
	if errors.Is(err, slips.ErrNotAvailable) {
		s.fail(c, domain.NewError(domain.NotFound, "slip_not_available", "Hồ sơ không có phiếu này."))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.logStaffRead(c, sess, d, "slip:"+kind); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="`+kind+`-`+*d.Code+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}
