package httpx

import (
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/service"
)

func invalidQuery(name, msg string) error {
	return &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
		Fields: map[string]string{name: msg}}
}

// QueryInt reads an optional non-negative integer query parameter (0 when absent).
// Errors: invalid_query.
func QueryInt(c *gin.Context, name string) (int64, error) {
	v := c.Query(name)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, invalidQuery(name, "Phải là số nguyên không âm.")
	}
	return n, nil
}

// maxPage bounds page numbers: beyond it no list has anything to show, and the offset
// (page-1)*per_page must not overflow.
const maxPage = 100000

// QueryPage reads the optional page parameter: 1 when absent or 0, at most 100000.
// Errors: invalid_query.
func QueryPage(c *gin.Context) (int, error) {
	n, err := QueryInt(c, "page")
	if err == nil && n > maxPage {
		err = invalidQuery("page", "Số trang tối đa là 100000.")
	}
	if err != nil {
		return 0, err
	}
	return int(max(n, 1)), nil
}

// QueryTime reads an optional date (YYYY-MM-DD, in Vietnam) or RFC 3339 instant; nil
// when absent. Errors: invalid_query.
func QueryTime(c *gin.Context, name string) (*time.Time, error) {
	v := c.Query(name)
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.ParseInLocation(layout, v, dossiercode.Location); err == nil {
			return &t, nil
		}
	}
	return nil, invalidQuery(name, "Ngày dạng YYYY-MM-DD hoặc RFC 3339.")
}

// StatsFilter reads a statistics request's parameters: agency, field, from, to,
// group_by. Errors: invalid_query.
func StatsFilter(c *gin.Context) (service.StatsFilter, error) {
	var f service.StatsFilter
	var err error
	if f.AgencyID, err = QueryInt(c, "agency"); err != nil {
		return f, err
	}
	if f.FieldID, err = QueryInt(c, "field"); err != nil {
		return f, err
	}
	if f.From, err = QueryTime(c, "from"); err != nil {
		return f, err
	}
	if f.To, err = QueryTime(c, "to"); err != nil {
		return f, err
	}
	f.GroupBy = c.Query("group_by")
	return f, nil
}

// EventQuery reads an audit search's parameters: agency, actor, action, from, to, page
// (50 a page). Errors: invalid_query.
func EventQuery(c *gin.Context) (domain.EventQuery, error) {
	agency, err := QueryInt(c, "agency")
	var page int
	if err == nil {
		page, err = QueryPage(c)
	}
	q := domain.EventQuery{AgencyID: agency, Actor: c.Query("actor"), Action: c.Query("action"), Page: page, PerPage: 50}
	if err == nil {
		q.From, err = QueryTime(c, "from")
	}
	if err == nil {
		q.To, err = QueryTime(c, "to")
	}
	return q, err
}
