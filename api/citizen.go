package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// citizenAction runs a citizen decision (supplement, withdraw) for the owner or the
// update-code holder. Errors: login_required, dossier_not_found, wrong_update_code,
// decision_refused (409), workflow_unavailable (503).
func (s *Server) citizenAction(c *gin.Context, name string) {
	var req service.CitizenActionInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, by, err := s.svc.CitizenAccess(c, httpx.Viewer(c), c.Param("ref"), req.UpdateCode)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.svc.CitizenAction(c, d, by, name, req, c.GetHeader("Idempotency-Key"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"code": st.Code, "status": st.Status, "status_label": st.Status.Label()})
}

func (s *Server) supplementDossier(c *gin.Context) { s.citizenAction(c, workflows.UpdateSupplement) }
func (s *Server) withdrawDossier(c *gin.Context)   { s.citizenAction(c, workflows.UpdateWithdraw) }

// rateDossier records the owner's satisfaction after delivery. Errors: login_required,
// dossier_not_found, invalid_rating, not_delivered (409), already_rated (409).
func (s *Server) rateDossier(c *gin.Context) {
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	var req service.RatingInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.Rate(c, d, req); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"rating": req.Rating})
}
