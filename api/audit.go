package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
)

func (s *Server) registerAuditRoutes(r *gin.RouterGroup) {
	r.GET("/audit/dossiers/:ref", s.auditDossier)
	r.GET("/audit/events", s.auditEvents)
	r.GET("/audit/check", s.auditCheck)
}

// auditDossier answers a dossier's whole log with the verdict of its hash chain and the
// reads of its personal data (supervisors, admins); the read is itself logged. Errors:
// login_required, staff_only, dossier_not_found.
func (s *Server) auditDossier(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin)
	if !ok {
		return
	}
	a, err := s.svc.AuditDossier(c, sess.Account, c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}

// auditEvents searches the processing log of every dossier (?agency, actor, action, from,
// to, page), as JSON or, with format=csv or xlsx, as a CSV file or a workbook of every match. Errors:
// login_required, staff_only, invalid_query.
func (s *Server) auditEvents(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin); !ok {
		return
	}
	q, err := httpx.EventQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	csvOut, xlsxOut := c.Query("format") == "csv", c.Query("format") == "xlsx"
	if csvOut || xlsxOut {
		q.PerPage, q.Page = 0, 1
	}
	events, total, err := s.svc.SearchEvents(c, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if xlsxOut {
		s.sendXLSX(c, "nhat-ky-xu-ly.xlsx", auditSheet(events))
		return
	}
	if !csvOut {
		c.JSON(http.StatusOK, gin.H{"items": events, "total": total, "page": q.Page, "per_page": q.PerPage})
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="nhat-ky-xu-ly.csv"`)
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write([]byte("\ufeff")) // so that spreadsheet programs read UTF-8
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"ma_ho_so", "co_quan", "stt", "thoi_gian", "thao_tac", "nguoi_gui", "don_vi", "nguoi_nhan", "ghi_chu", "trang_thai", "dung_han"})
	for _, e := range events {
		_ = w.Write([]string{e.Code, e.AgencyCode, strconv.Itoa(e.Seq), e.At.In(dossiercode.Location).Format(time.RFC3339),
			domain.ActionLabel(e.Action), e.ActorName, e.ActorUnit, e.Receiver, e.Note, e.Status.Label(), e.Timing})
	}
	w.Flush()
}

// auditCheck verifies every dossier's hash chain. Errors: login_required, staff_only.
func (s *Server) auditCheck(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin); !ok {
		return
	}
	breaks, checked, err := s.svc.CheckChains(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"checked": checked, "valid": len(breaks) == 0, "breaks": breaks})
}
