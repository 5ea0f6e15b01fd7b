package api

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerLookupRoutes(r *gin.RouterGroup) {
	r.GET("/lookup", s.lookup)
}

// lookup answers GET /lookup?code= (one dossier) or ?id_number= (the ID number's
// dossiers), http.lookup_limit (30) lookups a minute per client. Errors: invalid_code (400),
// dossier_not_found (404), too_many_requests (429).
func (s *Server) lookup(c *gin.Context) {
	code := strings.TrimSpace(c.Query("code"))
	items, err := s.svc.Lookup(c, service.LookupQuery{Code: code, IDNumber: c.Query("id_number"),
		UpdateCode: c.Query("update_code"), Viewer: httpx.Viewer(c), ClientIP: c.ClientIP()})
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
