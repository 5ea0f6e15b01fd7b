package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
)

// service.MaxCatalogueBytes bounds an uploaded catalogue.

func (s *Server) registerCatalogueAdminRoutes(r *gin.RouterGroup) {
	r.GET("/admin/catalogue", s.exportCatalogue)
	r.POST("/admin/catalogue", s.postCatalogue)
}

// exportCatalogue answers the catalogue in force in the one-file format (admins).
func (s *Server) exportCatalogue(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	cat, err := s.svc.ExportCatalogue(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, cat)
}

// postCatalogue imports a catalogue (the one-file JSON format) as a whole (admins).
// Errors: catalogue_invalid (422) with every problem in fields, keyed "file record field".
func (s *Server) postCatalogue(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	var cat catalogue.Catalogue
	if err := decodeJSON(c, &cat); err != nil {
		s.fail(c, err)
		return
	}
	sum, err := s.svc.ImportCatalogue(c, cat)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sum)
}
