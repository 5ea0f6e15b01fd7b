package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

func (s *Server) registerCatalogueRoutes(r *gin.RouterGroup) {
	r.GET("/agencies", s.listAgencies)
	r.GET("/fields", s.listFields)
	r.GET("/procedures", s.searchProcedures)
	r.GET("/procedures/:id", s.procedureDetail)
}

// queryInt reads an optional positive integer query parameter; Errors: invalid_query.
func queryInt(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{name: "Phải là số nguyên không âm."}}
	}
	return n, nil
}

// maxPage bounds page numbers: beyond it no list has anything to show, and the offset
// (page-1)*per_page must not overflow.
const maxPage = 100000

// queryPage reads the optional page parameter: 1 when absent or 0, at most maxPage.
// Errors: invalid_query.
func queryPage(c *gin.Context) (int, error) {
	n, err := queryInt(c, "page")
	if err == nil && n > maxPage {
		err = &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"page": "Số trang tối đa là 100000."}}
	}
	if err != nil {
		return 0, err
	}
	return int(max(n, 1)), nil
}

func (s *Server) listAgencies(c *gin.Context) {
	as, err := s.Store.Agencies(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": as})
}

func (s *Server) listFields(c *gin.Context) {
	agency, err := queryInt(c, "agency")
	if err != nil {
		s.fail(c, err)
		return
	}
	fs, err := s.Store.Fields(c, agency)
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
		if *p.to, err = queryInt(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if q.Page, err = queryPage(c); err != nil {
		s.fail(c, err)
		return
	}
	q.Q, q.Level = c.Query("q"), c.Query("level")
	switch q.Level {
	case "", "province", "district", "commune":
	default:
		s.fail(c, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"level": "Cấp phải là province, district hoặc commune."}})
		return
	}
	res, err := s.Store.SearchProcedures(c, q)
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
	d, err := s.Store.ProcedureDetail(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, d)
}
