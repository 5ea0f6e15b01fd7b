package slips

import (
	_ "embed"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/dvc-project/dvc/internal/qr"
)

//go:embed fonts/DejaVuSans.ttf
var regular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var bold []byte

//go:embed fonts/DejaVuSans-Oblique.ttf
var oblique []byte

// Page geometry (mm), after Decree 30/2020/NĐ-CP's margins.
const (
	marginLeft, marginTop, marginRight, marginBottom = 25.0, 15.0, 15.0, 18.0
	headerLeft                                       = 72.0 // width of the agency column
	lineH                                            = 6.0  // body line height
	font                                             = "DejaVu"
)

// writer draws one slip.
type writer struct {
	p   *fpdf.Fpdf
	cfg Config
	in  Input
}

func newWriter(cfg Config, in Input, at time.Time) *writer {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes(font, "", regular)
	p.AddUTF8FontFromBytes(font, "B", bold)
	p.AddUTF8FontFromBytes(font, "I", oblique)
	p.SetMargins(marginLeft, marginTop, marginRight)
	p.SetAutoPageBreak(true, marginBottom)
	p.SetCreationDate(at)
	p.SetModificationDate(at)
	p.SetAuthor(in.Dossier.AgencyName, true)
	p.SetCreator("dvc", true)
	p.AddPage()
	return &writer{p: p, cfg: cfg, in: in}
}

// width is the text width of the page.
func (w *writer) width() float64 {
	pw, _ := w.p.GetPageSize()
	return pw - marginLeft - marginRight
}

// room reports whether h mm fit above the bottom margin; if not, it starts a page.
func (w *writer) room(h float64) {
	_, ph := w.p.GetPageSize()
	if w.p.GetY()+h > ph-marginBottom {
		w.p.AddPage()
	}
}

func (w *writer) parent() string {
	if w.cfg.Parent != "" {
		return upper(w.cfg.Parent)
	}
	return "ỦY BAN NHÂN DÂN TỈNH " + upper(w.cfg.Province)
}

func (w *writer) place() string {
	if w.cfg.Place != "" {
		return w.cfg.Place
	}
	return w.cfg.Province
}

// header draws the form number, the governing body and agency on the left, the
// national motto on the right, the dossier code and the place and date line.
func (w *writer) header(form string, at time.Time) {
	p := w.p
	top := p.GetY()
	if form != "" {
		p.SetFont(font, "I", 8)
		p.CellFormat(0, 4, form, "", 1, "R", false, 0, "")
		top = p.GetY()
	}
	right := w.width() - headerLeft
	p.SetFont(font, "", 10.5)
	p.MultiCell(headerLeft, 5, w.parent(), "", "C", false)
	p.SetFont(font, "B", 10.5)
	p.MultiCell(headerLeft, 5, upper(w.in.Dossier.AgencyName), "", "C", false)
	leftEnd := p.GetY()
	w.rule(marginLeft+headerLeft/2-12, leftEnd+0.8, 24)
	p.SetXY(marginLeft+headerLeft, top)
	w.fitFont("B", 10.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", right)
	p.MultiCell(right, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", "C", false)
	p.SetX(marginLeft + headerLeft)
	p.SetFont(font, "B", 11)
	motto := "Độc lập - Tự do - Hạnh phúc"
	p.MultiCell(right, 5.5, motto, "", "C", false)
	mottoW := p.GetStringWidth(motto)
	w.rule(marginLeft+headerLeft+(right-mottoW)/2, p.GetY()+0.8, mottoW)
	p.SetY(max(leftEnd, p.GetY()) + 4)
	y := p.GetY()
	p.SetFont(font, "", 10)
	p.MultiCell(headerLeft, 5, "Mã hồ sơ: "+*w.in.Dossier.Code, "", "C", false)
	codeEnd := p.GetY()
	p.SetXY(marginLeft+headerLeft, y)
	p.SetFont(font, "I", 10.5)
	p.MultiCell(right, 5, dateLine(w.place(), at), "", "C", false)
	p.SetY(max(codeEnd, p.GetY()) + 6)
}

// fitFont sets style at size, smaller (down to 8.5 pt) while text is wider than width.
func (w *writer) fitFont(style string, size float64, text string, width float64) {
	for ; size > 8.5; size -= 0.5 {
		w.p.SetFont(font, style, size)
		if w.p.GetStringWidth(text)+2*w.p.GetCellMargin() <= width {
			return
		}
	}
	w.p.SetFont(font, style, size)
}

// rule draws the short line under a header block.
func (w *writer) rule(x, y, length float64) {
	w.p.SetLineWidth(0.3)
	w.p.Line(x, y, x+length, y)
	w.p.SetLineWidth(0.2)
}

// title draws the slip's title, and a subtitle in italics when not empty.
func (w *writer) title(title, subtitle string) {
	w.p.SetFont(font, "B", 13)
	w.p.MultiCell(0, 7, title, "", "C", false)
	if subtitle != "" {
		w.p.SetFont(font, "I", 10)
		w.p.MultiCell(0, 5, subtitle, "", "C", false)
	}
	w.p.Ln(4)
}

// field writes "label value" as one paragraph that wraps, the label in bold.
func (w *writer) field(label, value string) {
	w.p.SetFont(font, "B", 11)
	w.p.Write(lineH, label+" ")
	w.p.SetFont(font, "", 11)
	w.p.Write(lineH, value)
	w.p.Ln(lineH)
}

// para writes text as paragraphs (one per line of text), wrapped and aligned left: a
// long unbreakable word (a dossier code, a link) would spread a justified line apart.
func (w *writer) para(style, text string) {
	w.p.SetFont(font, style, 11)
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		w.p.MultiCell(0, lineH, strings.TrimSpace(line), "", "L", false)
	}
}

// sigBlock is one signature block: its heading, the note under it, and the name.
type sigBlock struct{ heading, note, name string }

// signatures draws one block on the right, or two side by side.
func (w *writer) signatures(blocks ...sigBlock) {
	w.p.Ln(4)
	w.room(44)
	half := w.width() / 2
	y := w.p.GetY()
	bottom := y
	for i, b := range blocks {
		x := marginLeft + half
		if len(blocks) == 2 && i == 0 {
			x = marginLeft
		}
		w.p.SetXY(x, y)
		w.p.SetFont(font, "B", 11)
		w.p.MultiCell(half, lineH, b.heading, "", "C", false)
		w.p.SetX(x)
		w.p.SetFont(font, "I", 10)
		w.p.MultiCell(half, 5, b.note, "", "C", false)
		w.p.SetXY(x, w.p.GetY()+20)
		w.p.SetFont(font, "B", 11)
		w.p.MultiCell(half, lineH, b.name, "", "C", false)
		bottom = max(bottom, w.p.GetY())
	}
	w.p.SetY(bottom + 4)
}

// contact closes the slip with the portal's operator and hotline, when configured.
func (w *writer) contact() {
	var parts []string
	if w.cfg.Operator != "" {
		parts = append(parts, "Đơn vị vận hành Cổng Dịch vụ công: "+w.cfg.Operator)
	}
	if w.cfg.Hotline != "" {
		parts = append(parts, "Đường dây nóng hỗ trợ: "+w.cfg.Hotline)
	}
	if len(parts) == 0 {
		return
	}
	w.room(2 * lineH)
	w.p.Ln(2)
	w.p.SetFont(font, "I", 8.5)
	w.p.MultiCell(w.width(), 4.5, strings.Join(parts, " · "), "T", "L", false)
}

// footer draws the QR code and what it is for, on a new page if it does not fit.
func (w *writer) footer(qrText, lookupURL string) error {
	const size = 30.0
	w.room(size + 2)
	y := w.p.GetY()
	if err := qr.Draw(w.p, qrText, marginLeft, y, size); err != nil {
		return err
	}
	w.p.SetXY(marginLeft+size+4, y+3)
	w.p.SetFont(font, "I", 9)
	w.p.MultiCell(w.width()-size-4, 4.5, "Quét mã QR hoặc truy cập "+lookupURL+
		" để tra cứu tình trạng hồ sơ "+*w.in.Dossier.Code+" và kiểm tra văn bản này (tải tệp lên trang tra cứu để xác thực chữ ký số).", "", "L", false)
	w.p.SetY(max(w.p.GetY(), y+size))
	return nil
}
