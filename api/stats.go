package api

import (
	"encoding/csv"
	"fmt"
	"net/http"
	"strconv"
	"strings"

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
	total := domain.Totals(rows)
	if c.Query("format") != "csv" {
		c.JSON(http.StatusOK, gin.H{"from": q.From, "to": q.To, "group_by": q.GroupBy, "items": rows, "total": total})
		return
	}
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Header("Content-Disposition", `attachment; filename="bao-cao-06.csv"`)
	c.Status(http.StatusOK)
	_, _ = c.Writer.Write([]byte("\ufeff"))
	w := csv.NewWriter(c.Writer)
	_ = w.Write(statsHeader)
	for _, r := range rows {
		_ = w.Write(statsRecord(r))
	}
	_ = w.Write(statsRecord(total))
	w.Flush()
}

// statsHeader names the CSV's columns: the group, the balance (tong_so = ky_truoc_chuyen_sang
// + tiep_nhan_* = da_giai_quyet + dang_giai_quyet + cho_bo_sung + dung_xu_ly + rut_ho_so),
// then the refusals, rates, averages and ratings.
var statsHeader = []string{"nhom", "tong_so", "ky_truoc_chuyen_sang", "tiep_nhan_truc_tuyen", "tiep_nhan_truc_tiep", "tiep_nhan_buu_chinh",
	"da_giai_quyet", "da_giai_quyet_truoc_han", "da_giai_quyet_dung_han", "da_giai_quyet_qua_han", "dang_giai_quyet",
	"dang_giai_quyet_trong_han", "dang_giai_quyet_qua_han", "cho_bo_sung", "dung_xu_ly", "rut_ho_so", "tu_choi",
	"so_lan_yeu_cau_bo_sung", "ho_so_bo_sung_nhieu_lan", "ty_le_dung_han", "so_ngay_lam_viec_trung_binh",
	"thoi_gian_trung_binh_theo_don_vi", "rat_hai_long", "hai_long", "khong_hai_long"}

// statsRecord is one CSV row (the total row is named "Tổng cộng").
func statsRecord(r domain.Stats) []string {
	num := func(p *float64) string {
		if p == nil {
			return ""
		}
		return fmt.Sprintf("%.2f", *p)
	}
	var units []string
	for _, u := range r.AvgByUnit {
		units = append(units, u.Text)
	}
	name, itoa := r.GroupName, strconv.Itoa
	if name == "" {
		name = "Tất cả"
	}
	return []string{name, itoa(r.Total), itoa(r.CarriedOver), itoa(r.ReceivedOnline), itoa(r.ReceivedDesk), itoa(r.ReceivedPost),
		itoa(r.Resolved), itoa(r.ResolvedEarly), itoa(r.ResolvedOnTime), itoa(r.ResolvedLate), itoa(r.InProgress),
		itoa(r.InProgressOnTime), itoa(r.InProgressOverdue), itoa(r.WaitingSupplement), itoa(r.Stopped), itoa(r.Withdrawn),
		itoa(r.Refused), itoa(r.SupplementRequests), itoa(r.Resupplemented), num(r.OnTimePercent), num(r.AvgProcessingDays),
		strings.Join(units, "; "), itoa(r.VerySatisfied), itoa(r.Satisfied), itoa(r.NotSatisfied)}
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
