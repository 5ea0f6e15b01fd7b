package web

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestChartReadable renders a chart as the pages do and checks what a reader needs: every
// text at least 12 units in a 320-unit view box (a unit is about a pixel at a 360 px wide
// screen), values on the bars in the pages' number format, both axis titles, the scale,
// and nothing drawn past the view box.
func TestChartReadable(t *testing.T) {
	rows := []domain.Stats{{GroupName: "Sở Giáo dục và Đào tạo tỉnh Bắc Kạn, một tên rất dài để cắt bớt", Received: 1234, CarriedOver: 10, Total: 1244, Resolved: 1200},
		{GroupName: "Sở Tư pháp", Received: 7, Total: 7, Resolved: 0}}
	var b strings.Builder
	if err := pages["console_stats"].ExecuteTemplate(&b, "chart", groupChart(rows, false)); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	for _, want := range []string{`viewBox="0 0 320 `, ">1.244<", ">1.200<", ">7<", ">Số hồ sơ<", ">Cơ quan<", ">Phải giải quyết<",
		"<title>Sở Giáo dục và Đào tạo tỉnh Bắc Kạn, một tên rất dài để cắt bớt</title>", "Sở Giáo dục và Đào tạo tỉnh Bắc Kạn, …"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the chart lacks %q", want)
		}
	}
	texts := regexp.MustCompile(`<text [^>]*>`).FindAllString(svg, -1)
	if len(texts) < 10 {
		t.Fatalf("%d texts", len(texts))
	}
	for _, tag := range texts {
		m := regexp.MustCompile(`font-size="(\d+)"`).FindStringSubmatch(tag)
		if m == nil {
			t.Errorf("a text without its size: %s", tag)
			continue
		}
		if n, _ := strconv.Atoi(m[1]); n < 12 {
			t.Errorf("a text under 12 units: %s", tag)
		}
	}
	for _, m := range regexp.MustCompile(`<rect x="(\d+)" y="\d+" width="(\d+)"`).FindAllStringSubmatch(svg, -1) {
		x, _ := strconv.Atoi(m[1])
		w, _ := strconv.Atoi(m[2])
		if x+w > chartWidth {
			t.Errorf("a bar past the view box: %s", m[0])
		}
	}
	ch := groupChart(rows, false)
	for _, r := range ch.Rows {
		for _, bar := range r.Bars {
			end := bar.ValueX + textWidth(bar.Value)
			if bar.Inside {
				end = bar.ValueX
			}
			if end > chartWidth || bar.ValueX < 0 {
				t.Errorf("value %q drawn at %d past the view box", bar.Value, bar.ValueX)
			}
		}
	}
	if empty := groupChart(nil, false); !empty.Empty {
		t.Error("a chart without figures is not marked empty")
	}
}
