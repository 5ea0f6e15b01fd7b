package web

import (
	"fmt"
	"html"
	"html/template"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/service"
)

// portalFuncs are the template functions of the citizen portal's pages.
var portalFuncs = template.FuncMap{
	"vnd":         formatVND,
	"date":        func(t time.Time) string { return t.In(dossiercode.Location).Format("02/01/2006") },
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
	"percent": func(p *float64) string {
		if p == nil {
			return "—"
		}
		return strings.Replace(fmt.Sprintf("%.1f%%", *p), ".", ",", 1)
	},
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
	s := strconv.FormatInt(n, 10)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String() + " đồng"
}

func fileSize(n int64) string {
	switch {
	case n >= 1<<20:
		return strings.Replace(fmt.Sprintf("%.1f MB", float64(n)/(1<<20)), ".", ",", 1)
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

// Charts are inline SVG drawn here, with colours as attributes (the CSP forbids inline
// styles) and a title and description for screen readers; each has a table beside it.

const (
	colourReceived = "#0b5cad"
	colourResolved = "#1e7b34"
)

// barChart draws horizontal bars: one row per label, one bar per series.
func barChart(title string, labels []string, series [][]float64, colours, names []string, max float64, unit string) template.HTML {
	if len(labels) == 0 {
		return ""
	}
	const width, labelW, rowGap, barH = 640, 230, 10, 14
	rowH := barH*len(series) + rowGap
	height := 30 + rowH*len(labels) + 10
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" xmlns="http://www.w3.org/2000/svg">`, width, height, chartID(title))
	fmt.Fprintf(&b, `<title id="%s">%s</title>`, chartID(title), html.EscapeString(title))
	for i, n := range names { // legend
		x := labelW + i*160
		fmt.Fprintf(&b, `<rect x="%d" y="6" width="12" height="12" fill="%s"/><text x="%d" y="16" font-size="12" fill="#1a1a1a">%s</text>`,
			x, colours[i], x+16, html.EscapeString(n))
	}
	if max <= 0 {
		max = 1
	}
	for i, l := range labels {
		y := 30 + i*rowH
		short := l
		if r := []rune(l); len(r) > 34 {
			short = string(r[:33]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" font-size="12" text-anchor="end" fill="#1a1a1a">%s<title>%s</title></text>`,
			labelW-8, y+barH, html.EscapeString(short), html.EscapeString(l))
		for j, ser := range series {
			w := ser[i] / max * float64(width-labelW-70)
			by := y + j*barH
			fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`, labelW, by, w, barH-2, colours[j])
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" font-size="11" fill="#1a1a1a">%s%s</text>`, float64(labelW)+w+4, by+barH-3,
				strconv.FormatFloat(ser[i], 'f', -1, 64), unit)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func chartID(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return "chart-" + b.String()
}

// volumeChart: received and resolved dossiers per agency.
func volumeChart(rows []service.AgencySummary) template.HTML {
	var labels []string
	received, resolved := []float64{}, []float64{}
	max := 0.0
	for _, r := range rows {
		labels = append(labels, r.Agency)
		received, resolved = append(received, float64(r.Received)), append(resolved, float64(r.Resolved))
		max = float64(maxInt(int(max), r.Received, r.Resolved))
	}
	return barChart("Số hồ sơ tiếp nhận và đã giải quyết theo cơ quan", labels, [][]float64{received, resolved},
		[]string{colourReceived, colourResolved}, []string{"Tiếp nhận", "Đã giải quyết"}, max, "")
}

func maxInt(a int, bs ...int) int {
	for _, b := range bs {
		a = max(a, b)
	}
	return a
}

// shareChart draws one stacked bar of parts (a share of the whole) with a legend.
func shareChart(title string, parts []float64, colours, names []string) template.HTML {
	total := 0.0
	for _, p := range parts {
		total += p
	}
	const width, height = 640, 90
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s" xmlns="http://www.w3.org/2000/svg">`, width, height, chartID(title))
	fmt.Fprintf(&b, `<title id="%s">%s</title>`, chartID(title), html.EscapeString(title))
	if total == 0 {
		fmt.Fprintf(&b, `<rect x="0" y="10" width="%d" height="30" fill="#e1e4e8"/><text x="10" y="30" font-size="13" fill="#1a1a1a">Chưa có số liệu trong kỳ</text>`, width)
	}
	x := 0.0
	for i, p := range parts {
		if total == 0 {
			break
		}
		w := p / total * width
		fmt.Fprintf(&b, `<rect x="%.1f" y="10" width="%.1f" height="30" fill="%s"><title>%s: %d</title></rect>`, x, w, colours[i], html.EscapeString(names[i]), int(p))
		x += w
	}
	for i, n := range names {
		lx := i * (width / len(names))
		share := ""
		if total > 0 {
			share = fmt.Sprintf(" (%d%%)", int(parts[i]/total*100+0.5))
		}
		fmt.Fprintf(&b, `<rect x="%d" y="58" width="12" height="12" fill="%s"/><text x="%d" y="68" font-size="12" fill="#1a1a1a">%s: %d%s</text>`,
			lx, colours[i], lx+16, html.EscapeString(n), int(parts[i]), share)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// timingChart: resolved dossiers before, on and after their deadline.
func timingChart(s domain.Stats) template.HTML {
	return shareChart("Hồ sơ đã giải quyết theo thời hạn", []float64{float64(s.ResolvedEarly), float64(s.ResolvedOnTime), float64(s.ResolvedLate)},
		[]string{"#1e7b34", colourReceived, "#b00020"}, []string{"Trước hạn", "Đúng hạn", "Quá hạn"})
}

// ratingChart: citizens' satisfaction.
func ratingChart(s domain.Stats) template.HTML {
	return shareChart("Mức độ hài lòng của người dân", []float64{float64(s.VerySatisfied), float64(s.Satisfied), float64(s.NotSatisfied)},
		[]string{"#1e7b34", colourReceived, "#b00020"}, []string{"Rất hài lòng", "Hài lòng", "Không hài lòng"})
}
