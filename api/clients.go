package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerClientRoutes(r *gin.RouterGroup) {
	r.GET("/admin/clients", s.listClients)
	r.POST("/admin/clients", s.createClient)
	r.POST("/admin/clients/:id/secret", s.rotateClientSecret)
	r.POST("/admin/clients/:id/revoke", s.revokeClient)
	s.registerTokenRoute(r)
}

// listClients answers the registered machine clients (admins). Errors: login_required,
// staff_only.
func (s *Server) listClients(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	cs, err := s.svc.Clients(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": cs})
}

// createClient registers a machine client and answers its client id and secret, shown
// once (admins). Errors: invalid_client (422, with fields).
func (s *Server) createClient(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	var req service.ClientInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	cred, err := s.svc.RegisterClient(c, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, cred)
}

// rotateClientSecret gives a client a new secret, answered once; its old secrets stay
// valid for grace_seconds (the configured grace when absent, 0 ends them at once)
// (admins). Errors: client_not_found.
func (s *Server) rotateClientSecret(c *gin.Context) {
	id, ok := s.adminClientID(c)
	if !ok {
		return
	}
	var req struct {
		GraceSeconds *int64 `json:"grace_seconds"`
	}
	if c.Request.ContentLength != 0 {
		if err := decodeJSON(c, &req); err != nil {
			s.fail(c, err)
			return
		}
	}
	grace := time.Duration(-1)
	if req.GraceSeconds != nil {
		grace = time.Duration(max(0, *req.GraceSeconds)) * time.Second
	}
	cred, err := s.svc.RotateClientSecret(c, id, grace)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cred)
}

// revokeClient revokes a client: its tokens are refused from the next request on
// (admins). Errors: client_not_found.
func (s *Server) revokeClient(c *gin.Context) {
	id, ok := s.adminClientID(c)
	if !ok {
		return
	}
	cl, err := s.svc.RevokeClient(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cl)
}

// adminClientID checks that the caller is an admin and returns the route's client id.
func (s *Server) adminClientID(c *gin.Context) (int64, bool) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.ErrClientNotFound)
		return 0, false
	}
	return id, true
}
