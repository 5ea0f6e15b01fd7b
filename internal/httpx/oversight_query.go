package httpx

import (
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/service"
)

// OversightFilter reads a supervision worklist's parameters: agency, list, q, status,
// all (any value: closed dossiers too), procedure, assignee, received_from, received_to,
// due_from, due_to, page. Errors: invalid_query.
func OversightFilter(c *gin.Context) (service.OversightFilter, error) {
	f := service.OversightFilter{List: c.Query("list"), Text: strings.TrimSpace(c.Query("q")), All: c.Query("all") != ""}
	var err error
	for _, p := range []struct {
		name string
		to   *int64
	}{{"agency", &f.AgencyID}, {"status", &f.Status}, {"procedure", &f.ProcedureID}, {"assignee", &f.AssigneeID}} {
		if *p.to, err = QueryInt(c, p.name); err != nil {
			return f, err
		}
	}
	for name, to := range map[string]**time.Time{"received_from": &f.ReceivedFrom, "received_to": &f.ReceivedTo,
		"due_from": &f.DueFrom, "due_to": &f.DueTo} {
		if *to, err = QueryTime(c, name); err != nil {
			return f, err
		}
	}
	f.Page, err = QueryPage(c)
	return f, err
}

// ReportFilter reads a report's parameters: agency, from, to, group_by. Errors:
// invalid_query.
func ReportFilter(c *gin.Context) (service.ReportFilter, error) {
	sf, err := StatsFilter(c)
	return service.ReportFilter{AgencyID: sf.AgencyID, From: sf.From, To: sf.To, GroupBy: sf.GroupBy}, err
}
