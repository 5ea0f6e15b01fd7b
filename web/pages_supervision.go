package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/vnformat"
)

// The supervisors' and leaders' pages (issue 21): a dossier's audit page, the
// supervision worklists with reassignment, the late-dossier report, the officers'
// workload and the service index. Supervisors and admins see every agency; a leader sees
// their own.

// registerSupervisionPages adds the supervision pages to g, the console's group.
func (s *Server) registerSupervisionPages(g *gin.RouterGroup) {
	oversee := s.consoleStaff(domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader)
	g.GET("/kiem-tra/:ref", oversee, s.consoleDossierAudit)
	g.GET("/giam-sat", oversee, s.consoleOversight)
	g.POST("/giam-sat/chuyen", s.consoleStaff(domain.RoleLeader), s.consoleReassign)
	g.POST("/giam-sat/bo-loc", oversee, s.consoleSaveFilter)
	g.POST("/giam-sat/bo-loc/xoa", oversee, s.consoleDeleteFilter)
	g.GET("/tre-han", oversee, s.consoleLate)
	g.GET("/khoi-luong", oversee, s.consoleWorkload)
	g.GET("/chi-so", oversee, s.consoleIndex)
}

// supervisionLinks are the console menu's entries of the supervision pages for acc.
func supervisionLinks(acc domain.Account) []navLink {
	if !hasRole(acc, domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader) {
		return nil
	}
	return []navLink{{Href: "/can-bo/giam-sat", Label: "Giám sát hồ sơ"}, {Href: "/can-bo/tre-han", Label: "Hồ sơ trễ hạn"},
		{Href: "/can-bo/khoi-luong", Label: "Khối lượng công việc"}, {Href: "/can-bo/chi-so", Label: "Chỉ số phục vụ"}}
}

// workflowHistoryURL is the Temporal Web UI's page of the dossier's workflow, or "" when
// no UI is configured.
func (s *Server) workflowHistoryURL(code string) string {
	if s.WorkflowUI == "" {
		return ""
	}
	return strings.TrimRight(s.WorkflowUI, "/") + "/" + url.PathEscape(code)
}

// consoleDossierAudit is a dossier's audit page (kiểm tra hồ sơ): the whole processing
// log with actors, units and each step's timing, the hash chain's verdict, who read the
// applicant's personal data and when, and the link to the workflow's history; it prints
// without the console's menus.
func (s *Server) consoleDossierAudit(c *gin.Context) {
	v, err := s.svc.AuditPage(c, consoleAccount(c), c.Param("ref"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "console_dossier_audit", s.consoleData(c, gin.H{"A": v,
		"History": s.workflowHistoryURL(v.Code), "Day": v.WorkingDay}))
}

// workingTime writes a working time in working days ("1,5 ngày") from a day upwards and
// in hours below ("3,5 giờ"); zero is None.
func workingTime(d, day time.Duration) string {
	switch {
	case d <= 0:
		return vnformat.None
	case day > 0 && d >= day:
		return vnformat.Number(float64(d)/float64(day), 1) + " ngày"
	case d < time.Hour:
		return vnformat.Int(int64(d/time.Minute)) + " phút"
	}
	return vnformat.Number(d.Hours(), 1) + " giờ"
}
