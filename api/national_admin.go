package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

// The administration of the national portal's connection: the outbox (messages refused
// by the portal wait, with its reason, to be sent again or discarded), the catalogue
// sync (the differences shown, then applied) and the mapping to national codes.
func (s *Server) registerNationalAdminRoutes(r *gin.RouterGroup) {
	r.GET("/admin/national/outbox", s.nationalOutbox)
	r.POST("/admin/national/outbox/:id/:resolution", s.resolveParked)
	r.GET("/admin/national/catalogue", s.nationalCatalogue)
	r.POST("/admin/national/catalogue", s.applyNationalCatalogue)
	r.PUT("/admin/national/mapping", s.nationalMapping)
}

// nationalOutbox lists the outbox's messages of state (pending, sent, parked,
// discarded; default parked) with the counts by state. Errors: login_required,
// staff_only, invalid_query.
func (s *Server) nationalOutbox(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleAdmin)
	if !ok {
		return
	}
	v, err := s.svc.NationalOutboxView(c, sess.Account, c.DefaultQuery("state", "parked"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, v)
}

// resolveParked sends a parked message again (resolution "requeue") or discards it
// ("discard"). Errors: login_required, staff_only, route_not_found, outbox_message_not_found,
// message_not_parked (409).
func (s *Server) resolveParked(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleAdmin)
	if !ok {
		return
	}
	res := c.Param("resolution")
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if (res != "requeue" && res != "discard") || err != nil {
		s.fail(c, domain.NewError(domain.NotFound, "outbox_message_not_found", "Không tìm thấy bản tin."))
		return
	}
	if err := s.svc.ResolveParked(c, sess.Account, id, res == "requeue"); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// nationalCatalogue answers the national catalogue compared with the local one, and the
// digest that applies this comparison. Errors: login_required, staff_only, national_off
// (404), national_unavailable (503), national_refused (422).
func (s *Server) nationalCatalogue(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleAdmin)
	if !ok {
		return
	}
	sync, err := s.svc.NationalCatalogue(c, sess.Account)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sync)
}

// applyNationalCatalogue applies the comparison named by {"digest"}. Errors:
// login_required, staff_only, invalid_json, national_off, catalogue_changed (409), and
// those of nationalCatalogue.
func (s *Server) applyNationalCatalogue(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleAdmin)
	if !ok {
		return
	}
	var req struct {
		Digest string `json:"digest"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	n, err := s.svc.ApplyNationalCatalogue(c, sess.Account, req.Digest)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"applied": n})
}

// nationalMapping maps a local agency, field or procedure to a national code
// ({"kind", "local_code", "national_code"}; an empty national_code unmaps it). Errors:
// login_required, staff_only, invalid_json, invalid_mapping (422),
// catalogue_item_not_found (404), national_code_taken (409).
func (s *Server) nationalMapping(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleAdmin)
	if !ok {
		return
	}
	var req struct {
		Kind         string `json:"kind"`
		LocalCode    string `json:"local_code"`
		NationalCode string `json:"national_code"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.SetNationalMapping(c, sess.Account, req.Kind, req.LocalCode, req.NationalCode); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
