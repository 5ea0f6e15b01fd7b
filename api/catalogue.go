package api

import (
	"mime"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
)

func (s *Server) registerCatalogueRoutes(r *gin.RouterGroup) {
	r.GET("/agencies", s.listAgencies)
	r.GET("/fields", s.listFields)
	r.GET("/procedures", s.searchProcedures)
	r.GET("/procedures/:id", s.procedureDetail)
	r.GET("/templates/:name", s.template)
}

// template answers GET /templates/{name}: a form template of the catalogue as a download
// of its own type, with its content hash as ETag (an API answer is never stored, but a
// client may revalidate). Errors: template_not_found (404).
func (s *Server) template(c *gin.Context) {
	t, err := s.svc.Template(c, c.Param("name"))
	if err != nil {
		s.fail(c, err)
		return
	}
	etag := `"` + t.SHA256 + `"`
	c.Header("ETag", etag)
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": t.Name}))
	c.Data(http.StatusOK, t.MediaType, t.Content)
}

func (s *Server) listAgencies(c *gin.Context) {
	as, err := s.svc.Agencies(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": as})
}

func (s *Server) listFields(c *gin.Context) {
	agency, err := httpx.QueryInt(c, "agency")
	if err != nil {
		s.fail(c, err)
		return
	}
	fs, err := s.svc.Fields(c, agency)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": fs})
}

// searchProcedures answers GET /procedures?agency=&field=&level=&q=&page=.
// Errors: invalid_query.
func (s *Server) searchProcedures(c *gin.Context) {
	var q domain.ProcedureQuery
	var err error
	for _, p := range []struct {
		name string
		to   *int64
	}{{"agency", &q.AgencyID}, {"field", &q.FieldID}} {
		if *p.to, err = httpx.QueryInt(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if q.Page, err = httpx.QueryPage(c); err != nil {
		s.fail(c, err)
		return
	}
	q.Q, q.Level = c.Query("q"), c.Query("level")
	res, err := s.svc.SearchProcedures(c, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}

// procedureDetail answers GET /procedures/{id}. Errors: invalid_id, procedure_not_found.
func (s *Server) procedureDetail(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, domain.NewError(domain.Invalid, "invalid_id", "Mã số thủ tục không hợp lệ."))
		return
	}
	d, err := s.svc.ProcedureDetail(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}
