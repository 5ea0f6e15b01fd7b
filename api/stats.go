package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
)

func (s *Server) registerStatsRoutes(r *gin.RouterGroup) {
	r.GET("/stats", s.stats)
	r.GET("/stats/public", s.publicStats)
}

// statsQuery reads agency, field, from, to (default: this year until today) and group_by.
func (s *Server) statsQuery(c *gin.Context) (domain.StatsQuery, error) {
	var q domain.StatsQuery
	var err error
	if q.AgencyID, err = queryInt(c, "agency"); err != nil {
		return q, err
	}
	if q.FieldID, err = queryInt(c, "field"); err != nil {
		return q, err
	}
	from, err := queryTime(c, "from")
	if err != nil {
		return q, err
	}
	to, err := queryTime(c, "to")
	if err != nil {
		return q, err
	}
	now := s.Now().In(vnLocation)
	q.From = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vnLocation)
	q.To = time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, vnLocation)
	if from != nil {
		q.From = *from
	}
	if to != nil {
		q.To = *to
	}
	if !q.To.After(q.From) {
		return q, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Khoảng thời gian không hợp lệ.",
			Fields: map[string]string{"to": "Phải sau ngày bắt đầu."}}
	}
	switch q.GroupBy = c.Query("group_by"); q.GroupBy {
	case "", "agency", "field":
	default:
		return q, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"group_by": "Một trong: agency, field."}}
	}
	return q, nil
}

// stats answers report form 06 for supervisors, admins and leaders (JSON, or CSV with
// format=csv). Errors: login_required, staff_only, invalid_query.
func (s *Server) stats(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader); !ok {
		return
	}
	q, err := s.statsQuery(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.Store.Stats(c, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("format") != "csv" {
		c.JSON(http.StatusOK, gin.H{"from": q.From, "to": q.To, "group_by": q.GroupBy, "items": rows})
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="bao-cao-06.csv"`)
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write([]byte("\ufeff"))
	w := csv.NewWriter(c.Writer)
	_ = w.Write([]string{"nhom", "ky_truoc_chuyen_sang", "tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep", "tiep_nhan_buu_chinh",
		"da_giai_quyet_truoc_han", "da_giai_quyet_dung_han", "da_giai_quyet_qua_han", "dang_giai_quyet_trong_han",
		"dang_giai_quyet_qua_han", "cho_bo_sung", "dung_xu_ly", "tu_choi", "rut_ho_so", "ty_le_dung_han", "so_ngay_trung_binh",
		"rat_hai_long", "hai_long", "khong_hai_long"})
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprintf("%.2f", *p)
	}
	for _, r := range rows {
		_ = w.Write([]string{r.GroupName, itoa(r.CarriedOver), itoa(r.ReceivedOnline), itoa(r.ReceivedDesk), itoa(r.ReceivedPost),
			itoa(r.ResolvedEarly), itoa(r.ResolvedOnTime), itoa(r.ResolvedLate), itoa(r.InProgressOnTime), itoa(r.InProgressOverdue),
			itoa(r.WaitingSupplement), itoa(r.Stopped), itoa(r.Refused), itoa(r.Withdrawn), num(r.OnTimePercent),
			num(r.AvgProcessingDays), itoa(r.VerySatisfied), itoa(r.Satisfied), itoa(r.NotSatisfied)})
	}
	w.Flush()
}

func itoa(n int) string { return strconv.Itoa(n) }

// publicStats answers the portal's summary per agency: received, resolved, on-time rate.
func (s *Server) publicStats(c *gin.Context) {
	q, out, err := s.publicSummary(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"from": q.From, "to": q.To, "items": out})
}

// agencySummary is one agency's line of the public statistics.
type agencySummary struct {
	AgencyID      int64    `json:"agency_id"`
	Agency        string   `json:"agency"`
	Received      int      `json:"received"`
	Resolved      int      `json:"resolved"`
	OnTimePercent *float64 `json:"on_time_percent"`
}

// publicSummary computes the public statistics per agency for the query's period (the
// JSON API and the statistics page share it). Errors: invalid_query.
func (s *Server) publicSummary(c *gin.Context) (domain.StatsQuery, []agencySummary, error) {
	q, err := s.statsQuery(c)
	if err != nil {
		return q, nil, err
	}
	q.GroupBy, q.FieldID = "agency", 0
	rows, err := s.Store.Stats(c, q)
	if err != nil {
		return q, nil, err
	}
	out := []agencySummary{}
	for _, r := range rows {
		out = append(out, agencySummary{AgencyID: r.GroupID, Agency: r.GroupName, Received: r.Received + r.CarriedOver,
			Resolved: r.Resolved, OnTimePercent: r.OnTimePercent})
	}
	return q, out, nil
}
