package api

import (
	"errors"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
)

// maxCatalogueBytes bounds an uploaded catalogue.
const maxCatalogueBytes = 32 << 20

func (s *Server) registerCatalogueAdminRoutes(r *gin.RouterGroup) {
	r.GET("/admin/catalogue", s.exportCatalogue)
	r.POST("/admin/catalogue", s.postCatalogue)
}

// exportCatalogue answers the catalogue in force in the one-file format (admins).
func (s *Server) exportCatalogue(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	cat, err := s.Store.ExportCatalogue(c)
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
	sum, err := s.importCatalogue(c, cat)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, sum)
}

// importCatalogue imports cat as a whole. Errors: catalogue_invalid, its Fields keyed
// "file record field" (the *catalogue.ValidationError is wrapped: errors.As finds it).
func (s *Server) importCatalogue(c *gin.Context, cat catalogue.Catalogue) (catalogue.Summary, error) {
	sum, err := s.Store.ImportCatalogue(c, cat)
	var invalid *catalogue.ValidationError
	if errors.As(err, &invalid) {
		fields := map[string]string{}
		for _, p := range invalid.Problems {
			fields[strings.TrimSpace(p.File+" "+p.Record+" "+p.Field)] = p.Message
		}
		return sum, &domain.Error{Kind: domain.Unprocessable, Code: "catalogue_invalid",
			Message: "Danh mục có lỗi, chưa nhập dữ liệu nào.", Fields: fields, Err: invalid}
	}
	return sum, err
}
