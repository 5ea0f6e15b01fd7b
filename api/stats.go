package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerStatsRoutes(r *gin.RouterGroup) {
	r.GET("/stats", s.stats)
	r.GET("/stats/public", s.publicStats)
}

// statsQuery reads and completes a statistics request. Errors: invalid_query.
func statsQuery(c *gin.Context, svc *service.Service) (domain.StatsQuery, error) {
	f, err := httpx.StatsFilter(c)
	if err != nil {
		return domain.StatsQuery{}, err
	}
	return svc.StatsQuery(f)
}

// stats answers report form 06 (supervisors, admins, leaders) as JSON or, with
// format=csv, as a CSV file, with format=xlsx as an .xlsx workbook. Errors: login_required, staff_only, invalid_query.
func (s *Server) stats(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader); !ok {
		return
	}
	q, err := statsQuery(c, s.svc)
	if err != nil {
		s.fail(c, err)
		return
	}
	rows, err := s.svc.Stats(c, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("format") == "xlsx" {
		s.sendXLSX(c, "bao-cao-06.xlsx", statsSheet(q, rows))
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
	itoa := strconv.Itoa
	for _, r := range rows {
		_ = w.Write([]string{r.GroupName, itoa(r.CarriedOver), itoa(r.ReceivedOnline), itoa(r.ReceivedDesk), itoa(r.ReceivedPost),
			itoa(r.ResolvedEarly), itoa(r.ResolvedOnTime), itoa(r.ResolvedLate), itoa(r.InProgressOnTime), itoa(r.InProgressOverdue),
			itoa(r.WaitingSupplement), itoa(r.Stopped), itoa(r.Refused), itoa(r.Withdrawn), num(r.OnTimePercent),
			num(r.AvgProcessingDays), itoa(r.VerySatisfied), itoa(r.Satisfied), itoa(r.NotSatisfied)})
	}
	w.Flush()
}

// publicStats answers the public statistics, one row per agency. Errors: invalid_query.
func (s *Server) publicStats(c *gin.Context) {
	f, err := httpx.StatsFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	q, out, err := s.svc.PublicSummary(c, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"from": q.From, "to": q.To, "items": out})
}
