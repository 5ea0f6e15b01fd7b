package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// reportForm is a report's filter form (agency, from, to, group_by) as typed, with the
// period's days filled in from the completed query.
func (s *Server) reportForm(c *gin.Context, q *domain.StatsQuery, keys ...string) map[string]string {
	form := map[string]string{}
	for _, k := range append([]string{"agency", "from", "to"}, keys...) {
		form[k] = c.Query(k)
	}
	if q != nil && form["from"] == "" {
		form["from"] = q.From.In(dossiercode.Location).Format(time.DateOnly)
	}
	if q != nil && form["to"] == "" {
		form["to"] = q.To.In(dossiercode.Location).Format(time.DateOnly)
	}
	return form
}

// exportLink is path?… with the form's values and format=xlsx.
func exportLink(path string, form map[string]string) string {
	v := url.Values{"format": {"xlsx"}}
	for k, x := range form {
		if x != "" {
			v.Set(k, x)
		}
	}
	return path + "?" + v.Encode()
}

// reportBase is the data every report page starts with: the form, the agencies to
// choose (supervisors) and the filter's errors.
func (s *Server) reportBase(c *gin.Context, acc domain.Account) (gin.H, error) {
	data := gin.H{"Form": s.reportForm(c, nil, "group_by")}
	if hasRole(acc, domain.RoleSupervisor, domain.RoleAdmin) {
		agencies, err := s.agencyOptions(c)
		if err != nil {
			return nil, err
		}
		data["Agencies"] = agencies
	}
	return data, nil
}

// reportFailed renders page with err: the filter's messages for a bad query (400),
// the error page otherwise. It reports whether it rendered.
func (s *Server) reportFailed(c *gin.Context, page string, data gin.H, err error) bool {
	if err == nil {
		return false
	}
	if e, ok := domain.Public(err); ok && e.Kind == domain.Invalid {
		data["Errors"], data["Error"] = fieldErrors(err)
		s.render(c, http.StatusBadRequest, page, s.consoleData(c, data))
		return true
	}
	s.pageError(c, err)
	return true
}

// consoleLate is the late-dossier report (/can-bo/tre-han): the dossiers resolved late
// in the period or past their date and unresolved at its end, with the step where most
// time was lost and its officer; an .xlsx export.
func (s *Server) consoleLate(c *gin.Context) {
	acc := consoleAccount(c)
	data, err := s.reportBase(c, acc)
	if err != nil {
		s.pageError(c, err)
		return
	}
	f, err := httpx.ReportFilter(c)
	var q domain.StatsQuery
	var rows []domain.LateDossier
	var day time.Duration
	if err == nil {
		q, rows, day, err = s.svc.LateReport(c, acc, f)
	}
	if s.reportFailed(c, "console_late", data, err) {
		return
	}
	form := s.reportForm(c, &q)
	resolved := 0
	for _, r := range rows {
		if r.FinishedAt != nil {
			resolved++
		}
	}
	data["Form"], data["Rows"], data["Day"], data["Resolved"] = form, rows, day, resolved
	data["Export"] = exportLink("/api/v1/reports/late", form)
	s.render(c, http.StatusOK, "console_late", s.consoleData(c, data))
}

// consoleWorkload is the officers' workload (/can-bo/khoi-luong): per officer of the
// agency, open dossiers, due soon, overdue, steps completed in the period and their
// average time; with officer=ID, that officer's open dossiers, which a leader can give
// to another officer.
func (s *Server) consoleWorkload(c *gin.Context) { s.renderWorkload(c, http.StatusOK, nil) }

func (s *Server) renderWorkload(c *gin.Context, status int, moved *service.ReassignResult) {
	acc := consoleAccount(c)
	data, err := s.reportBase(c, acc)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Reassign"], data["Back"], data["MovedCount"] = moved, c.Request.URL.RequestURI(), c.Query("da-chuyen")
	data["CanReassign"] = hasRole(acc, domain.RoleLeader) && acc.AgencyID != nil
	f, err := httpx.ReportFilter(c)
	var q domain.StatsQuery
	var rows []domain.Workload
	if err == nil {
		q, rows, err = s.svc.Workload(c, acc, f)
	}
	if s.reportFailed(c, "console_workload", data, err) {
		return
	}
	form := s.reportForm(c, &q, "officer")
	data["Form"], data["Rows"] = form, rows
	if id, _ := strconv.ParseInt(form["officer"], 10, 64); id > 0 {
		for _, w := range rows {
			if w.AccountID == id {
				data["Officer"] = w
			}
		}
		list, _, _, err := s.svc.Oversight(c, acc, service.OversightFilter{AgencyID: q.AgencyID, AssigneeID: id})
		if err != nil {
			s.pageError(c, err)
			return
		}
		data["Open"] = list
		if err := s.oversightOptions(c, acc, data); err != nil {
			s.pageError(c, err)
			return
		}
	}
	s.render(c, status, "console_workload", s.consoleData(c, data))
}

// consoleIndex is the service index (/can-bo/chi-so): the five groups of Decision
// 766/QĐ-TTg with each indicator's formula and figures, per agency, field or procedure
// when grouped, the gain of finishing today's due and overdue dossiers, and with
// indicator=CODE the dossiers that lose points in it.
func (s *Server) consoleIndex(c *gin.Context) {
	acc := consoleAccount(c)
	data, err := s.reportBase(c, acc)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["GroupOptions"] = []option{{"", "Không nhóm"}, {"agency", "Theo cơ quan"}, {"field", "Theo lĩnh vực"}, {"procedure", "Theo thủ tục"}}
	f, err := httpx.ReportFilter(c)
	var rep service.IndexReport
	if err == nil {
		rep, err = s.svc.ServiceIndex(c, acc, f)
	}
	if s.reportFailed(c, "console_index", data, err) {
		return
	}
	form := s.reportForm(c, &rep.Query, "group_by", "indicator")
	data["Form"], data["Index"], data["Groups"] = form, rep, domain.IndexGroups
	data["Export"] = exportLink("/api/v1/stats/index", form)
	if code := form["indicator"]; code != "" {
		losers, err := s.svc.IndexLosers(c, acc, f, code)
		if s.reportFailed(c, "console_index", data, err) {
			return
		}
		ind, _ := domain.IndicatorByCode(code)
		data["Losers"], data["Indicator"] = losers, ind
	}
	base := url.Values{}
	for _, k := range []string{"agency", "from", "to"} {
		if form[k] != "" {
			base.Set(k, form[k])
		}
	}
	data["DrillBase"] = "/can-bo/chi-so?" + base.Encode()
	s.render(c, http.StatusOK, "console_index", s.consoleData(c, data))
}
