package web

import (
	"fmt"
	"math"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/vnformat"
)

// Charts are horizontal bar charts drawn as inline SVG by the "chart" template
// (templates/_charts.html), the same on the console and the public pages: they need no
// JavaScript, their colours are attributes (the CSP forbids inline styles), and they are
// laid out for a 320-unit wide view box, so that at a 360 px wide screen (318 px of card)
// a unit is about a pixel and the 13–14 unit text stays at least 12 px; wider screens
// scale them up to the stylesheets' max-width. Each category's label stands on its own
// line above its bars, every bar carries its value in the pages' number format, and the
// value axis has its scale (0 and the largest value) and a title.

// Chart geometry, in view-box units.
const (
	chartWidth    = 320
	chartPlotW    = 240 // the longest bar; the rest holds its value
	chartBarH     = 18
	chartBarGap   = 3
	chartLabelH   = 18 // a category label's line
	chartRowGap   = 10
	chartLegendH  = 20
	chartAxisH    = 40 // the scale and the axis title below the bars
	chartLabelMax = 38 // characters of a label before it is shortened
)

// chart is one chart for the "chart" template.
type chart struct {
	ID, Title, Desc string
	// ValueAxis titles the value axis (below the bars); CategoryAxis the labels' column.
	ValueAxis, CategoryAxis string
	Width, Height           int
	Legend                  []chartLegend
	Rows                    []chartRow
	// PlotTop and PlotBottom bound the bars; AxisY is the scale's line, Peak its largest value.
	PlotTop, PlotBottom, AxisY int
	PlotRight                  int
	Peak                       string
	Empty                      bool
}

// chartLegend is a series' swatch and name.
type chartLegend struct {
	X, Y          int
	Colour, Label string
}

// chartRow is a category: its label and one bar per series.
type chartRow struct {
	Label, Full string
	Y           int // the label's baseline
	Bars        []chartBar
}

// chartBar is one bar with its value written at its end (inside it, in white, when the
// bar leaves no room).
type chartBar struct {
	X, Y, W, H     int
	Colour, Series string
	Value          string
	ValueX, ValueY int
	Inside         bool
}

// chartSeries is a series: its name, colour and one value per category.
type chartSeries struct {
	Name, Colour string
	Values       []float64
	// Shares adds each value's share of the series' total ("12 (40%)").
	Shares bool
}

// Series colours, contrasting with white text and with each other.
const (
	colourBlue   = "#0b5cad"
	colourGreen  = "#1e7b34"
	colourRed    = "#b3261e"
	colourAmber  = "#a86400"
	colourSlate  = "#4a5f7a"
	colourPurple = "#6b3fa0"
)

// newChart lays out categories (labels) against series.
func newChart(id, title, desc, categoryAxis, valueAxis string, labels []string, series []chartSeries) chart {
	ch := chart{ID: id, Title: title, Desc: desc, CategoryAxis: categoryAxis, ValueAxis: valueAxis, Width: chartWidth}
	y := 4
	if len(series) > 1 {
		for i, s := range series {
			col, line := i%2, i/2
			ch.Legend = append(ch.Legend, chartLegend{X: col * 160, Y: y + line*chartLegendH, Colour: s.Colour, Label: s.Name})
		}
		y += (len(series)+1)/2*chartLegendH + 4
	}
	if categoryAxis != "" {
		y += chartLabelH // the category axis title's line
	}
	ch.PlotTop = y
	peak, total := 0.0, make([]float64, len(series))
	for i, s := range series {
		for _, v := range s.Values {
			peak = math.Max(peak, v)
			total[i] += v
		}
	}
	for i, l := range labels {
		row := chartRow{Label: shorten(l, chartLabelMax), Full: l, Y: y + chartLabelH - 4}
		y += chartLabelH
		for j, s := range series {
			v := s.Values[i]
			b := chartBar{X: 0, Y: y, H: chartBarH, W: scaleBar(v, peak), Colour: s.Colour, Series: s.Name,
				Value: vnformat.Number(v, 2), ValueY: y + chartBarH - 5}
			if s.Shares && total[j] > 0 {
				b.Value += " (" + vnformat.Percent(100*v/total[j]) + ")"
			}
			if b.W+6+textWidth(b.Value) <= chartWidth {
				b.ValueX = b.W + 4
			} else {
				b.ValueX, b.Inside = b.W-4, true
			}
			row.Bars = append(row.Bars, b)
			y += chartBarH + chartBarGap
		}
		ch.Rows = append(ch.Rows, row)
		y += chartRowGap
	}
	ch.PlotBottom, ch.AxisY, ch.PlotRight = y, y, chartPlotW
	ch.Peak = vnformat.Number(peak, 2)
	ch.Height = y + chartAxisH
	ch.Empty = peak == 0
	return ch
}

// scaleBar is v's bar length against peak.
func scaleBar(v, peak float64) int {
	if peak <= 0 || v <= 0 {
		return 0
	}
	return max(1, int(math.Round(v*chartPlotW/peak)))
}

// textWidth estimates the width of a value written at 13 units (digits and signs).
func textWidth(s string) int { return 8 * len([]rune(s)) }

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// groupChart: per group of form 06, the dossiers to handle (received and carried over)
// and those resolved.
func groupChart(rows []domain.Stats, byField bool) chart {
	labels := make([]string, len(rows))
	toHandle, resolved := make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		labels[i] = r.GroupName
		if labels[i] == "" {
			labels[i] = "Tất cả"
		}
		toHandle[i], resolved[i] = float64(r.Total), float64(r.Resolved)
	}
	axis := "Cơ quan"
	if byField {
		axis = "Lĩnh vực"
	}
	return newChart("chart-groups", "Hồ sơ phải giải quyết và đã giải quyết",
		"Mỗi nhóm: số hồ sơ phải giải quyết (tiếp nhận trong kỳ và kỳ trước chuyển sang) và số đã giải quyết.",
		axis, "Số hồ sơ", labels, []chartSeries{{Name: "Phải giải quyết", Colour: colourBlue, Values: toHandle},
			{Name: "Đã giải quyết", Colour: colourGreen, Values: resolved}})
}

// progressChart: where the dossiers handled in the period stand, each in one bar: resolved
// early, on time, late, in progress within and past the deadline, waiting for a
// supplement, stopped, withdrawn; the bars add up to the total in the description.
func progressChart(t domain.Stats) chart {
	return categoryChart("chart-progress", "Tiến độ giải quyết",
		fmt.Sprintf("Tổng số %d hồ sơ phải giải quyết (kỳ trước chuyển sang %d, tiếp nhận mới %d), mỗi hồ sơ ở một cột.", t.Total, t.CarriedOver, t.Received), "Tiến độ",
		[]string{"Giải quyết trước hạn", "Giải quyết đúng hạn", "Giải quyết quá hạn", "Đang giải quyết trong hạn", "Đang giải quyết quá hạn",
			"Chờ bổ sung", "Dừng xử lý", "Rút hồ sơ"},
		[]int{t.ResolvedEarly, t.ResolvedOnTime, t.ResolvedLate, t.InProgressOnTime, t.InProgressOverdue, t.WaitingSupplement, t.Stopped, t.Withdrawn}, colourBlue)
}

// satisfactionChart: citizens' ratings.
func satisfactionChart(t domain.Stats) chart {
	return countChart("chart-satisfaction", "Mức độ hài lòng của người dân", "Số đánh giá của người dân theo mức độ hài lòng.", "Mức độ",
		"Số đánh giá", []string{"Rất hài lòng", "Hài lòng", "Không hài lòng"}, []int{t.VerySatisfied, t.Satisfied, t.NotSatisfied}, colourGreen)
}

// timingChart: resolved dossiers before, on and after their deadline.
func timingChart(t domain.Stats) chart {
	return categoryChart("chart-timing", "Hồ sơ đã giải quyết theo thời hạn", "Số hồ sơ đã giải quyết trong kỳ: trước hạn, đúng hạn, quá hạn.", "Thời hạn",
		[]string{"Trước hạn", "Đúng hạn", "Quá hạn"}, []int{t.ResolvedEarly, t.ResolvedOnTime, t.ResolvedLate}, colourBlue)
}

// volumeChart: received and resolved dossiers per agency (the public page).
func volumeChart(rows []service.AgencySummary) chart {
	labels := make([]string, len(rows))
	received, resolved := make([]float64, len(rows)), make([]float64, len(rows))
	for i, r := range rows {
		labels[i], received[i], resolved[i] = r.Agency, float64(r.Received), float64(r.Resolved)
	}
	return newChart("chart-agencies", "Số hồ sơ tiếp nhận và đã giải quyết theo cơ quan",
		"Mỗi cơ quan: số hồ sơ tiếp nhận (kể cả kỳ trước chuyển sang) và số đã giải quyết trong kỳ.",
		"Cơ quan", "Số hồ sơ", labels, []chartSeries{{Name: "Tiếp nhận", Colour: colourBlue, Values: received},
			{Name: "Đã giải quyết", Colour: colourGreen, Values: resolved}})
}

// categoryChart is one series of counts over categories, each with its share.
func categoryChart(id, title, desc, axis string, labels []string, counts []int, colour string) chart {
	return countChart(id, title, desc, axis, "Số hồ sơ", labels, counts, colour)
}

// countChart is categoryChart with its value axis titled unit.
func countChart(id, title, desc, axis, unit string, labels []string, counts []int, colour string) chart {
	vs := make([]float64, len(counts))
	for i, n := range counts {
		vs[i] = float64(n)
	}
	return newChart(id, title, desc, axis, unit, labels, []chartSeries{{Name: unit, Colour: colour, Values: vs, Shares: true}})
}
