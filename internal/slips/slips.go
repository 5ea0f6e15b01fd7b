// Package slips renders the one-stop shop's slips as PDF from a dossier and its
// processing log: the receipt with the appointment date, the supplement request, the
// refusal, the apology with a new date, the processing log and the result delivery. Text
// is set in DejaVu Sans (embedded), which has every Vietnamese glyph.
package slips

import (
	"bytes"
	_ "embed"
	"fmt"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
)

//go:embed fonts/DejaVuSans.ttf
var regular []byte

//go:embed fonts/DejaVuSans-Bold.ttf
var bold []byte

// Kinds of slips, with the log action each is made from.
var Kinds = map[string]struct {
	Title  string
	Action string // "" for the processing log (every row)
}{
	"receipt":    {"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", domain.ActionReceived},
	"supplement": {"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", domain.ActionSupplementRequested},
	"refusal":    {"PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", domain.ActionRefused},
	"apology":    {"PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", domain.ActionExtended},
	"log":        {"PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", ""},
	"delivery":   {"PHIẾU TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ", domain.ActionDelivered},
}

// ErrNotAvailable: the dossier has no log row for that slip (e.g. no refusal).
var ErrNotAvailable = fmt.Errorf("slips: not available for this dossier")

func day(t time.Time) string { return t.In(dossiercode.Location).Format("02/01/2006") }

func stamp(t time.Time) string { return t.In(dossiercode.Location).Format("15:04 02/01/2006") }

// Render draws slip kind for d from its log; the latest matching row is used.
func Render(kind string, d domain.Dossier, events []domain.Event) ([]byte, error) {
	k, ok := Kinds[kind]
	if !ok || d.Code == nil {
		return nil, ErrNotAvailable
	}
	var row *domain.Event
	for i := range events {
		if k.Action != "" && events[i].Action == k.Action {
			row = &events[i]
		}
	}
	if k.Action != "" && row == nil {
		return nil, ErrNotAvailable
	}
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("DejaVu", "", regular)
	p.AddUTF8FontFromBytes("DejaVu", "B", bold)
	p.SetMargins(18, 15, 18)
	p.AddPage()
	p.SetFont("DejaVu", "B", 11)
	p.CellFormat(80, 6, strings.ToUpper(d.AgencyName), "", 0, "C", false, 0, "")
	p.CellFormat(0, 6, "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "", 1, "C", false, 0, "")
	p.SetFont("DejaVu", "", 10)
	p.CellFormat(80, 6, "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ", "", 0, "C", false, 0, "")
	p.CellFormat(0, 6, "Độc lập - Tự do - Hạnh phúc", "", 1, "C", false, 0, "")
	p.Ln(8)
	p.SetFont("DejaVu", "B", 13)
	p.MultiCell(0, 7, k.Title, "", "C", false)
	p.SetFont("DejaVu", "", 10)
	p.CellFormat(0, 6, "Mã hồ sơ: "+*d.Code, "", 1, "C", false, 0, "")
	p.Ln(4)
	line := func(label, value string) {
		p.SetFont("DejaVu", "B", 10)
		p.CellFormat(52, 6, label, "", 0, "L", false, 0, "")
		p.SetFont("DejaVu", "", 10)
		p.MultiCell(0, 6, value, "", "L", false)
	}
	line("Người nộp hồ sơ:", d.Name)
	line("Số giấy tờ tùy thân:", d.IDNumber)
	line("Địa chỉ:", d.Address)
	line("Số điện thoại:", d.Phone)
	line("Thủ tục:", d.ProcedureName)
	if d.SubmittedAt != nil {
		line("Ngày nộp:", stamp(*d.SubmittedAt))
	}
	switch kind {
	case "receipt":
		line("Thời gian tiếp nhận:", stamp(row.At))
		line("Cán bộ tiếp nhận:", row.ActorName)
		if d.DueAt != nil {
			line("Ngày hẹn trả kết quả:", day(*d.DueAt))
		}
	case "supplement":
		line("Ngày yêu cầu:", stamp(row.At))
		line("Nội dung cần bổ sung:", row.Note)
		if d.SupplementDueAt != nil {
			line("Hạn bổ sung:", day(*d.SupplementDueAt))
		}
		line("Cán bộ yêu cầu:", row.ActorName)
	case "refusal":
		line("Ngày từ chối:", stamp(row.At))
		line("Lý do:", row.Note)
		line("Cán bộ:", row.ActorName)
	case "apology":
		line("Ngày lập phiếu:", stamp(row.At))
		line("Lý do chậm trễ:", row.Note)
		if d.DueAt != nil {
			line("Ngày hẹn trả mới:", day(*d.DueAt))
		}
		p.Ln(2)
		p.MultiCell(0, 6, d.AgencyName+" xin lỗi ông/bà vì sự chậm trễ này.", "", "L", false)
	case "delivery":
		line("Thời gian trả kết quả:", stamp(row.At))
		line("Người nhận / hình thức:", row.Receiver)
		line("Kết quả:", d.ResultRef)
		line("Cán bộ trả kết quả:", row.ActorName)
	case "log":
		p.Ln(3)
		logTable(p, events)
	}
	p.Ln(6)
	p.SetFont("DejaVu", "", 9)
	p.MultiCell(0, 5, "Tra cứu tình trạng hồ sơ trên Cổng Dịch vụ công bằng mã hồ sơ "+*d.Code+".", "", "L", false)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		return nil, fmt.Errorf("slips: %w", err)
	}
	return buf.Bytes(), nil
}

func logTable(p *fpdf.Fpdf, events []domain.Event) {
	widths := []float64{8, 30, 38, 38, 38, 22}
	heads := []string{"#", "Thời gian", "Người gửi", "Thao tác", "Người nhận", "Đúng hạn"}
	p.SetFont("DejaVu", "B", 9)
	for i, h := range heads {
		p.CellFormat(widths[i], 7, h, "1", 0, "C", false, 0, "")
	}
	p.Ln(-1)
	p.SetFont("DejaVu", "", 8)
	timing := map[string]string{"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Trễ hạn"}
	for _, e := range events {
		cells := []string{fmt.Sprint(e.Seq), stamp(e.At), e.ActorName, domain.ActionLabel(e.Action), e.Receiver, timing[e.Timing]}
		for i, c := range cells {
			p.CellFormat(widths[i], 6, truncate(c, int(widths[i]/1.6)), "1", 0, "L", false, 0, "")
		}
		p.Ln(-1)
	}
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
