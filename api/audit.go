package api

import (
	"encoding/csv"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

func (s *Server) registerAuditRoutes(r *gin.RouterGroup) {
	r.GET("/audit/dossiers/:ref", s.auditDossier)
	r.GET("/audit/events", s.auditEvents)
	r.GET("/audit/check", s.auditCheck)
}

// auditDossier answers a dossier's whole processing log with its hash chain verified, and
// who read its personal data. Supervisors and admins. Errors: login_required, staff_only,
// dossier_not_found.
func (s *Server) auditDossier(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin)
	if !ok {
		return
	}
	d, err := s.dossierByRef(c, c.Param("ref"))
	if err == nil && d.Code == nil {
		err = errDossierNotFound
	}
	var events []domain.Event
	if err == nil {
		events, err = s.Store.Events(c, d.ID)
	}
	var reads []domain.AccessEntry
	if err == nil {
		err = s.Store.LogAccess(c, sess.Account.ID, d.ID, "audit")
	}
	if err == nil {
		reads, err = s.Store.AccessLog(c, d.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	broken := domain.VerifyChain(events)
	c.JSON(http.StatusOK, gin.H{"code": *d.Code, "chain_valid": broken == 0, "broken_at": broken,
		"events": events, "personal_data_reads": reads})
}

func queryTime(c *gin.Context, name string) (*time.Time, error) {
	v := c.Query(name)
	if v == "" {
		return nil, nil
	}
	for _, layout := range []string{time.RFC3339, time.DateOnly} {
		if t, err := time.ParseInLocation(layout, v, vnLocation); err == nil {
			return &t, nil
		}
	}
	return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
		Fields: map[string]string{name: "Ngày dạng YYYY-MM-DD hoặc RFC 3339."}}
}

// auditEvents searches the processing log: agency, actor, action, from, to, page; with
// format=csv, every match as CSV. Supervisors and admins. Errors: invalid_query.
func (s *Server) auditEvents(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin); !ok {
		return
	}
	q, err := eventQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	csvOut := c.Query("format") == "csv"
	if csvOut {
		q.PerPage, q.Page = 0, 1
	}
	events, total, err := s.Store.SearchEvents(c, q)
	if err != nil {
		s.fail(c, err)
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
		_ = w.Write([]string{e.Code, e.AgencyCode, strconv.Itoa(e.Seq), e.At.In(vnLocation).Format(time.RFC3339),
			domain.ActionLabel(e.Action), e.ActorName, e.ActorUnit, e.Receiver, e.Note, e.Status.Label(), e.Timing})
	}
	w.Flush()
}

// eventQuery reads the audit search's filters: agency, actor, action, from, to, page (50
// a page). Errors: invalid_query.
func eventQuery(c *gin.Context) (domain.EventQuery, error) {
	agency, err := queryInt(c, "agency")
	var page int
	if err == nil {
		page, err = queryPage(c)
	}
	q := domain.EventQuery{AgencyID: agency, Actor: c.Query("actor"), Action: c.Query("action"), Page: page, PerPage: 50}
	if err == nil {
		q.From, err = queryTime(c, "from")
	}
	if err == nil {
		q.To, err = queryTime(c, "to")
	}
	return q, err
}

// auditCheck verifies every dossier's hash chain and reports the breaks. Supervisors and
// admins.
func (s *Server) auditCheck(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin); !ok {
		return
	}
	breaks, checked, err := s.Store.CheckChains(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"checked": checked, "valid": len(breaks) == 0, "breaks": breaks})
}
