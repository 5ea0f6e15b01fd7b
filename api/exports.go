package api

import (
	"bytes"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/vnformat"
	"github.com/dvc-project/dvc/internal/xlsx"
)

// xlsxType is the media type of an .xlsx workbook.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// sendXLSX answers sheets as the workbook name.
func (s *Server) sendXLSX(c *gin.Context, name string, sheets ...xlsx.Sheet) {
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, sheets...); err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `attachment; filename="`+name+`"`)
	c.Data(http.StatusOK, xlsxType, buf.Bytes())
}

// period is a report's period as its title writes it.
func period(from, to time.Time) string {
	return "từ " + vnformat.Date(from) + " đến hết " + vnformat.Date(to.Add(-time.Nanosecond))
}

// statsSheet is report form 06 as a sheet.
func statsSheet(q domain.StatsQuery, rows []domain.Stats) xlsx.Sheet {
	sh := xlsx.Sheet{Name: "Mẫu 06", Title: "Tình hình giải quyết hồ sơ (mẫu 06), " + period(q.From, q.To),
		Columns: []xlsx.Column{{Heading: "Cơ quan, lĩnh vực", Width: 40}, {Heading: "Kỳ trước chuyển sang", Kind: xlsx.Int},
			{Heading: "Tiếp nhận trực tuyến", Kind: xlsx.Int}, {Heading: "Tiếp nhận trực tiếp", Kind: xlsx.Int},
			{Heading: "Tiếp nhận qua bưu chính", Kind: xlsx.Int}, {Heading: "Giải quyết trước hạn", Kind: xlsx.Int},
			{Heading: "Giải quyết đúng hạn", Kind: xlsx.Int}, {Heading: "Giải quyết quá hạn", Kind: xlsx.Int},
			{Heading: "Đang giải quyết trong hạn", Kind: xlsx.Int}, {Heading: "Đang giải quyết quá hạn", Kind: xlsx.Int},
			{Heading: "Chờ bổ sung", Kind: xlsx.Int}, {Heading: "Dừng xử lý", Kind: xlsx.Int}, {Heading: "Từ chối", Kind: xlsx.Int},
			{Heading: "Rút hồ sơ", Kind: xlsx.Int}, {Heading: "Tỷ lệ đúng hạn", Kind: xlsx.Percent},
			{Heading: "Số ngày giải quyết trung bình", Kind: xlsx.Decimal}, {Heading: "Rất hài lòng", Kind: xlsx.Int},
			{Heading: "Hài lòng", Kind: xlsx.Int}, {Heading: "Không hài lòng", Kind: xlsx.Int}}}
	for _, r := range rows {
		name := r.GroupName
		if name == "" {
			name = "Tất cả"
		}
		sh.Rows = append(sh.Rows, []any{name, r.CarriedOver, r.ReceivedOnline, r.ReceivedDesk, r.ReceivedPost, r.ResolvedEarly,
			r.ResolvedOnTime, r.ResolvedLate, r.InProgressOnTime, r.InProgressOverdue, r.WaitingSupplement, r.Stopped, r.Refused,
			r.Withdrawn, r.OnTimePercent, r.AvgProcessingDays, r.VerySatisfied, r.Satisfied, r.NotSatisfied})
	}
	return sh
}

// indexSheets are the service index's indicators and, when grouped, its groups.
func indexSheets(rep service.IndexReport) []xlsx.Sheet {
	ind := xlsx.Sheet{Name: "Chỉ số", Title: "Chỉ số phục vụ (Quyết định 766/QĐ-TTg), " + period(rep.Query.From, rep.Query.To),
		Columns: []xlsx.Column{{Heading: "Nhóm", Width: 30}, {Heading: "Chỉ tiêu", Width: 40}, {Heading: "Công thức", Width: 70},
			{Heading: "Đạt", Kind: xlsx.Int}, {Heading: "Tổng", Kind: xlsx.Int}, {Heading: "Điểm", Kind: xlsx.Decimal},
			{Heading: "Tối đa", Kind: xlsx.Decimal}}}
	for _, g := range domain.IndexGroups {
		grp := rep.Groups[g.Key]
		ind.Rows = append(ind.Rows, []any{grp.Name, "Cả nhóm", "", nil, nil, grp.Score, grp.Max})
		for _, i := range grp.Indicators {
			ind.Rows = append(ind.Rows, []any{grp.Name, i.Name, i.Formula, i.Numerator, i.Denominator, i.Score, i.Max})
		}
	}
	ind.Rows = append(ind.Rows, []any{"Tổng điểm", "", "", nil, nil, rep.Score, rep.Max})
	if len(rep.Items) == 0 {
		return []xlsx.Sheet{ind}
	}
	cols := []xlsx.Column{{Heading: "Tên", Width: 40}}
	for _, g := range domain.IndexGroups {
		cols = append(cols, xlsx.Column{Heading: g.Name + " (" + vnformat.Number(g.Max, 0) + ")", Kind: xlsx.Decimal, Width: 18})
	}
	items := xlsx.Sheet{Name: "Theo nhóm", Title: ind.Title, Columns: append(cols, xlsx.Column{Heading: "Tổng", Kind: xlsx.Decimal})}
	for _, it := range rep.Items {
		row := []any{it.GroupName}
		for _, g := range domain.IndexGroups {
			row = append(row, it.Groups[g.Key].Score)
		}
		items.Rows = append(items.Rows, append(row, it.Score))
	}
	return []xlsx.Sheet{ind, items}
}

// lateSheet is the late report as a sheet; durations in working days.
func lateSheet(q domain.StatsQuery, rows []domain.LateDossier, day time.Duration) xlsx.Sheet {
	sh := xlsx.Sheet{Name: "Hồ sơ trễ hạn", Title: "Hồ sơ trễ hạn, " + period(q.From, q.To),
		Columns: []xlsx.Column{{Heading: "Mã hồ sơ", Width: 28}, {Heading: "Thủ tục", Width: 40}, {Heading: "Cơ quan", Width: 30},
			{Heading: "Ngày tiếp nhận", Kind: xlsx.Date}, {Heading: "Ngày hẹn trả", Kind: xlsx.DateTime, Width: 17},
			{Heading: "Ngày có kết quả", Kind: xlsx.DateTime, Width: 17}, {Heading: "Trễ (ngày làm việc)", Kind: xlsx.Decimal},
			{Heading: "Bước chậm nhất", Width: 30}, {Heading: "Cán bộ", Width: 24},
			{Heading: "Chậm so với hạn bước (ngày làm việc)", Kind: xlsx.Decimal}}}
	days := func(d time.Duration) float64 { return float64(d) / float64(day) }
	for _, r := range rows {
		sh.Rows = append(sh.Rows, []any{r.Code, r.ProcedureName, r.AgencyName, r.ReceivedAt, r.DueAt, r.FinishedAt,
			days(r.Late), r.LostStep, r.LostOfficer, days(r.Lost)})
	}
	return sh
}

// auditSheet is an audit search as a sheet.
func auditSheet(events []domain.AuditEvent) xlsx.Sheet {
	sh := xlsx.Sheet{Name: "Nhật ký xử lý", Title: "Nhật ký xử lý hồ sơ",
		Columns: []xlsx.Column{{Heading: "Mã hồ sơ", Width: 28}, {Heading: "Cơ quan", Width: 16}, {Heading: "STT", Kind: xlsx.Int, Width: 6},
			{Heading: "Thời điểm", Kind: xlsx.DateTime, Width: 17}, {Heading: "Thao tác", Width: 30}, {Heading: "Người thực hiện", Width: 24},
			{Heading: "Đơn vị", Width: 30}, {Heading: "Người nhận", Width: 24}, {Heading: "Ghi chú", Width: 40},
			{Heading: "Trạng thái", Width: 20}, {Heading: "Đúng hạn"}}}
	timing := map[string]string{"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
	for _, e := range events {
		sh.Rows = append(sh.Rows, []any{e.Code, e.AgencyCode, e.Seq, e.At, domain.ActionLabel(e.Action), e.ActorName, e.ActorUnit,
			e.Receiver, e.Note, e.Status.Label(), timing[e.Timing]})
	}
	return sh
}
