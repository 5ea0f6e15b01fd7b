package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerDossierRoutes(r *gin.RouterGroup) {
	r.POST("/dossiers", s.createDossier)
	r.GET("/dossiers/:ref", s.getDossier)
	r.PUT("/dossiers/:ref", s.updateDossier)
	r.DELETE("/dossiers/:ref", s.deleteDossier)
	r.POST("/dossiers/:ref/submit", s.submitDossier)
	r.POST("/dossiers/:ref/files", s.uploadFile)
	r.GET("/dossiers/:ref/files/:file", s.downloadFile)
	r.DELETE("/dossiers/:ref/files/:file", s.deleteFile)
	r.POST("/dossiers/:ref/supplement", s.supplementDossier)
	r.POST("/dossiers/:ref/withdraw", s.withdrawDossier)
	r.POST("/dossiers/:ref/rating", s.rateDossier)
	r.GET("/me/dossiers", s.myDossiers)
	r.GET("/dossiers/:ref/slips/:kind", s.slip)
}

// ownDossier resolves {ref} (a numeric id, or a dossier code) to a dossier of the
// signed-in citizen. Another citizen's dossier is reported as not found.
func (s *Server) ownDossier(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.citizen(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.svc.OwnDossier(c, sess.Account, c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

// createDossier stores a draft for the signed-in citizen. Errors: login_required,
// unsupported_media_type, invalid_json, body_too_large, invalid_dossier / invalid_draft
// (422, with fields), procedure_not_found.
func (s *Server) createDossier(c *gin.Context) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	var req service.Draft
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, content, err := s.svc.NewDraft(c, sess.Account, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/dossiers/"+strconv.FormatInt(d.ID, 10))
	resp := service.NewDossierView(d)
	resp.Content = &content
	c.JSON(http.StatusCreated, resp)
}

// getDossier answers the owner's dossier (by id or code) with its content, files and
// processing log. Errors: login_required, dossier_not_found.
func (s *Server) getDossier(c *gin.Context) {
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	resp, err := s.svc.FullDossier(c, d)
	if err == nil {
		resp.UpdateCode, err = s.svc.UpdateCode(c, d.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, resp)
}

// updateDossier replaces a draft's applicant and content. Errors: login_required,
// dossier_not_found, not_draft (409), invalid_dossier / invalid_draft (422).
func (s *Server) updateDossier(c *gin.Context) {
	d, sess, ok := s.ownDossier(c)
	if !ok {
		return
	}
	var req service.Draft
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, content, err := s.svc.SaveDraft(c, sess.Account, d, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	resp := service.NewDossierView(d)
	resp.Content = &content
	c.JSON(http.StatusOK, resp)
}

// deleteDossier deletes a draft. Errors: login_required, dossier_not_found, not_draft.
func (s *Server) deleteDossier(c *gin.Context) {
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	if err := s.svc.DeleteDraft(c, d); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

var errIdempotencyKey = domain.NewError(domain.Invalid, "missing_idempotency_key", "Thiếu hoặc sai tiêu đề Idempotency-Key.")

// submitDossier sends a draft (service.Submit). The Idempotency-Key header is required;
// the same key returns the same dossier (200). Errors: login_required,
// missing_idempotency_key (400), dossier_not_found, missing_components (422),
// already_submitted (409).
func (s *Server) submitDossier(c *gin.Context) {
	key := strings.TrimSpace(c.GetHeader("Idempotency-Key"))
	if key == "" || len(key) > 200 {
		s.fail(c, errIdempotencyKey)
		return
	}
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	sub, err := s.svc.Submit(c, d, key)
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if sub.First {
		status = http.StatusCreated
	}
	resp := service.NewDossierView(sub.Dossier)
	resp.UpdateCode = sub.UpdateCode
	c.JSON(status, resp)
}

// myDossiers answers GET /me/dossiers?category=&page=. Errors: login_required, invalid_query.
func (s *Server) myDossiers(c *gin.Context) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	if err := service.CheckCategory(c.Query("category")); err != nil {
		s.fail(c, err)
		return
	}
	page, err := httpx.QueryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, total, err := s.svc.OwnerDossiers(c, sess.Account, c.Query("category"), page)
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]service.DossierView, len(ds))
	for i, d := range ds {
		items[i] = service.NewDossierView(d)
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": total, "page": page, "per_page": service.MyDossiersPerPage})
}
