package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
)

// The supervisors' and leaders' JSON (issue 21): the service index, the late report,
// the officers' workload, the supervision worklist and its reassignment; the reports
// also as .xlsx workbooks (format=xlsx, see exports.go).

func (s *Server) registerOversightRoutes(r *gin.RouterGroup) {
	r.GET("/stats/index", s.serviceIndex)
	r.GET("/reports/late", s.lateReport)
	r.GET("/reports/workload", s.workload)
	r.GET("/oversight/dossiers", s.oversight)
	r.POST("/oversight/reassign", s.reassignDossiers)
}

// overseer is the signed-in supervisor, admin or leader, or answers 401/403.
func (s *Server) overseer(c *gin.Context) (domain.Session, bool) {
	return s.staff(c, domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader)
}

// serviceIndex answers the service index of an agency (agency, 0 or absent: every
// agency; a leader's own) and period (from, to) with its five groups, each with its
// score, points and indicators (formula, numerator, denominator); group_by (agency,
// field, procedure) adds items; format=xlsx answers a workbook. Errors:
// login_required, staff_only, not_handling_agency, invalid_query.
func (s *Server) serviceIndex(c *gin.Context) {
	sess, ok := s.overseer(c)
	if !ok {
		return
	}
	f, err := httpx.ReportFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rep, err := s.svc.ServiceIndex(c, sess.Account, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("format") == "xlsx" {
		s.sendXLSX(c, "chi-so-phuc-vu.xlsx", indexSheets(rep)...)
		return
	}
	c.JSON(http.StatusOK, gin.H{"agency_id": rep.Query.AgencyID, "from": rep.Query.From, "to": rep.Query.To,
		"score": rep.Score, "max": rep.Max, "groups": rep.Groups, "counts": rep.Counts, "items": rep.Items,
		"due_soon": rep.DueSoon, "overdue": rep.Overdue, "gain_due_soon": rep.GainDueSoon, "gain_overdue": rep.GainOverdue})
}

// lateReport answers the late dossiers of an agency and period with the step where most
// time was lost and its officer; format=xlsx answers a workbook. Errors: as serviceIndex.
func (s *Server) lateReport(c *gin.Context) {
	sess, ok := s.overseer(c)
	if !ok {
		return
	}
	f, err := httpx.ReportFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q, rows, day, err := s.svc.LateReport(c, sess.Account, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("format") == "xlsx" {
		s.sendXLSX(c, "ho-so-tre-han.xlsx", lateSheet(q, rows, day))
		return
	}
	c.JSON(http.StatusOK, gin.H{"agency_id": q.AgencyID, "from": q.From, "to": q.To, "items": rows})
}

// workload answers the officers' workload of an agency over a period. Errors: as
// serviceIndex, and invalid_query without an agency.
func (s *Server) workload(c *gin.Context) {
	sess, ok := s.overseer(c)
	if !ok {
		return
	}
	f, err := httpx.ReportFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q, rows, err := s.svc.Workload(c, sess.Account, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"agency_id": q.AgencyID, "from": q.From, "to": q.To, "items": rows})
}

// oversight answers a page (50) of the supervision worklist: agency, list (due_soon,
// overdue, supplement), q, status, all, procedure, assignee, received_from, received_to,
// due_from, due_to, page. Errors: login_required, staff_only, not_handling_agency,
// invalid_query.
func (s *Server) oversight(c *gin.Context) {
	sess, ok := s.overseer(c)
	if !ok {
		return
	}
	f, err := httpx.OversightFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, total, q, err := s.svc.Oversight(c, sess.Account, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": rows, "total": total, "page": q.Page, "per_page": q.PerPage})
}

// reassignDossiers gives the current step of each listed dossier ({"codes": […],
// "to_officer_id": N}) to an officer of the leader's agency and answers which moved and
// why the others did not. Errors: login_required, staff_only, invalid_reassign,
// officer_not_found.
func (s *Server) reassignDossiers(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleLeader)
	if !ok {
		return
	}
	var req struct {
		Codes       []string `json:"codes"`
		ToOfficerID int64    `json:"to_officer_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	res, err := s.svc.ReassignDossiers(c, sess.Account, req.Codes, req.ToOfficerID, c.GetHeader("Idempotency-Key"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, res)
}
