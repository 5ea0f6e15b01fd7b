package web

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/vnformat"
)

// portalFuncs are the template functions of the citizen portal's pages.
var portalFuncs = template.FuncMap{
	"vnd":         formatVND,
	"date":        vnformat.Date,
	"isodate":     vnformat.ISODate,
	"num":         number,
	"dec":         func(p *float64) string { return vnformat.NumberOf(p, 2) },
	"div":         func(a, b int) int { return a / b },
	"linkify":     linkify,
	"dict":        dict,
	"str":         func(id int64) string { return strconv.FormatInt(id, 10) },
	"fileSize":    fileSize,
	"level":       func(l string) string { return levelLabels[l] },
	"onlineLevel": func(l string) string { return onlineLevelLabels[l] },
	"cutoffLabel": domain.CutoffLabel,
	"rating":      func(r string) string { return service.RatingLabels[r] },
	"categories":  func() []category { return categories },
	"add":         func(a, b int) int { return a + b },
	"percent":     vnformat.PercentOf,
	"worktime":    workingTime,
	"neg":         func(n int) int { return -n },
	"deref":       func(p *float64) float64 { return *p },
}

// number writes an integer of any size in the pages' format ("1.234").
func number(n any) string {
	switch n := n.(type) {
	case int:
		return vnformat.Int(int64(n))
	case int64:
		return vnformat.Int(n)
	case float64:
		return vnformat.Number(n, 2)
	}
	return fmt.Sprint(n)
}

var levelLabels = map[string]string{"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã", "department": "Sở, ngành"}

var onlineLevelLabels = map[string]string{"full": "Dịch vụ công trực tuyến toàn trình", "partial": "Dịch vụ công trực tuyến một phần"}

// category is one tab of "my dossiers" (activities.Categories).
type category struct{ Key, Label string }

var categories = []category{{"unsent", "Chưa gửi"}, {"sent", "Đã gửi"}, {"supplement", "Yêu cầu bổ sung"},
	{"processing", "Đang xử lý"}, {"returned", "Đã trả kết quả"}, {"refused", "Bị từ chối, rút hoặc dừng"}}

// formatVND writes an amount in đồng with dots between thousands ("Không thu phí" for 0).
func formatVND(n int64) string {
	if n <= 0 {
		return "Không thu phí"
	}
	return vnformat.Int(n) + " đồng"
}

func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return vnformat.Number(float64(n)/(1<<20), 1) + " MB"
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d byte", n)
}

// dict builds a map from pairs, for passing several values to a partial template.
func dict(kv ...any) map[string]any {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		if k, ok := kv[i].(string); ok {
			m[k] = kv[i+1]
		}
	}
	return m
}

var urlPattern = regexp.MustCompile(`https?://[^\s<>"]+`)

// linkify escapes a mail's text and makes its web addresses clickable.
func linkify(text string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range urlPattern.FindAllStringIndex(text, -1) {
		b.WriteString(html.EscapeString(text[last:m[0]]))
		u := strings.TrimRight(text[m[0]:m[1]], ".,;)")
		b.WriteString(`<a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a>`)
		last = m[0] + len(u)
	}
	b.WriteString(html.EscapeString(text[last:]))
	return template.HTML(b.String())
}
