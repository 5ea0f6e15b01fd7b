package slips

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
)

// desk is the one-stop shop of the dossier's agency, as the forms name it.
func (w *writer) desk() string {
	return "Bộ phận tiếp nhận và trả kết quả " + w.in.Dossier.AgencyName
}

// applicant writes who the dossier is for and what it asks.
func (w *writer) applicant(label string) {
	d := w.in.Dossier
	w.field(label, d.Name)
	if d.IDNumber != "" {
		w.field("Số giấy tờ tùy thân:", d.IDNumber)
	}
	w.field("Địa chỉ:", d.Address)
	contact := d.Phone
	if d.Email != "" {
		contact = strings.TrimSpace(contact + "     Email: " + d.Email)
	}
	w.field("Số điện thoại:", contact)
	w.field("Nội dung yêu cầu giải quyết:", d.ProcedureName)
}

// receipt is form 01: the receipt and appointment.
func (w *writer) receipt(row *domain.Event) {
	d := w.in.Dossier
	w.para("", w.desk()+" đã tiếp nhận hồ sơ như sau:")
	w.applicant("Tiếp nhận hồ sơ của:")
	w.field("1. Thành phần hồ sơ nộp gồm:", "")
	if len(w.in.Components) == 0 {
		w.para("I", "Hồ sơ điện tử: các thành phần hồ sơ được lưu trên Hệ thống thông tin giải quyết thủ tục hành chính.")
	} else {
		rows := make([][]string, len(w.in.Components))
		for i, c := range w.in.Components {
			rows[i] = []string{fmt.Sprint(i + 1), c.Name, count(c.Originals), count(c.Copies)}
		}
		w.table([]column{{"STT", 12, "C"}, {"Tên giấy tờ", 118, "L"}, {"Bản chính", 20, "C"}, {"Bản sao", 20, "C"}}, rows)
	}
	w.field("2. Số lượng hồ sơ:", "01 (bộ)")
	if w.in.ProcessingDays > 0 {
		w.field("3. Thời gian giải quyết hồ sơ theo quy định:", fmt.Sprintf("%d ngày làm việc", w.in.ProcessingDays))
	} else {
		w.field("3. Thời gian giải quyết hồ sơ theo quy định:", "theo quy định của thủ tục hành chính")
	}
	w.field("4. Thời gian nhận hồ sơ:", hourDay(row.At))
	due := "chưa xác định"
	if d.DueAt != nil {
		due = hourDay(*d.DueAt)
	}
	w.field("5. Thời gian trả kết quả giải quyết hồ sơ:", due)
	place := w.in.ResultPlace
	if place == "" {
		place = w.desk()
	}
	w.field("6. Đăng ký nhận kết quả tại:", place)
	w.signatures(sigBlock{"NGƯỜI NỘP HỒ SƠ", "(Ký và ghi rõ họ tên)", d.Name},
		sigBlock{"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", row.ActorName})
}

// supplement is form 02: the request to supplement the dossier.
func (w *writer) supplement(row *domain.Event) {
	d := w.in.Dossier
	w.applicant("Hồ sơ của:")
	w.field("Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", "")
	w.para("", row.Note)
	if d.SupplementDueAt != nil {
		w.field("Thời hạn bổ sung, hoàn thiện hồ sơ:", hourDay(*d.SupplementDueAt))
	}
	w.para("", "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông/bà liên hệ với "+row.ActorName+
		", "+w.desk()+" để được hướng dẫn.")
	w.signatures(sigBlock{"NGƯỜI HƯỚNG DẪN", "(Ký và ghi rõ họ tên)", row.ActorName})
}

// refusal is form 03: the refusal to receive and handle the dossier.
func (w *writer) refusal(row *domain.Event) {
	w.para("", w.desk()+" tiếp nhận hồ sơ của:")
	w.applicant("Ông/bà:")
	w.para("", "Sau khi xem xét, đối chiếu với quy định, "+w.desk()+
		" từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:")
	w.para("", row.Note)
	w.para("", "Xin thông báo cho ông/bà được biết và thực hiện./.")
	w.signatures(sigBlock{"NGƯỜI TIẾP NHẬN HỒ SƠ", "(Ký và ghi rõ họ tên)", row.ActorName})
}

// apology is form 04: the apology with a new appointment.
func (w *writer) apology(row *domain.Event) {
	d := w.in.Dossier
	w.field("Kính gửi:", d.Name)
	received := ""
	if d.ReceivedAt != nil {
		received = ", tiếp nhận ngày " + day(*d.ReceivedAt)
	}
	w.para("", d.AgencyName+" xin lỗi ông/bà vì hồ sơ đề nghị giải quyết "+d.ProcedureName+" (mã hồ sơ "+
		*d.Code+received+") chậm trả kết quả so với thời hạn được hẹn trong Giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
	w.field("Lý do:", row.Note)
	w.para("", "Sự chậm trễ này đã gây phiền hà, tốn kém chi phí đi lại của ông/bà. Chúng tôi thành thật xin lỗi.")
	if d.DueAt != nil {
		w.para("", d.AgencyName+" hẹn lại thời gian trả kết quả vào "+hourDay(*d.DueAt)+".")
	}
	w.para("", "Rất mong nhận được sự cảm thông của ông/bà vì sự chậm trễ này.")
	w.signatures(sigBlock{"THỦ TRƯỞNG CƠ QUAN", "(Ký tên, đóng dấu)", row.ActorName})
}

// delivery is the result delivery slip (no form number).
func (w *writer) delivery(row *domain.Event) {
	d := w.in.Dossier
	w.para("", w.desk()+" trả kết quả giải quyết hồ sơ:")
	w.applicant("Hồ sơ của:")
	w.field("Kết quả giải quyết:", d.ResultRef)
	w.field("Thời gian trả kết quả:", hourDay(row.At))
	w.field("Người nhận / hình thức nhận:", row.Receiver)
	w.signatures(sigBlock{"NGƯỜI NHẬN KẾT QUẢ", "(Ký và ghi rõ họ tên)", ""},
		sigBlock{"NGƯỜI TRẢ KẾT QUẢ", "(Ký và ghi rõ họ tên)", row.ActorName})
}

// logColumns are the process-control slip's columns (170 mm, the text width).
var logColumns = []column{{"STT", 10, "C"}, {"Thời gian giao, nhận", 21, "L"}, {"Bên giao", 24, "L"},
	{"Nội dung", 24, "L"}, {"Bên nhận", 25, "L"}, {"Hạn xử lý", 21, "L"},
	{"Kết quả (trước, đúng, quá hạn)", 17, "C"}, {"Ghi chú", 28, "L"}}

// processLog is form 05 (2018) / 06 (2025): the process-control slip, every hand-off of
// the log with its deadline and timing.
func (w *writer) processLog() {
	d := w.in.Dossier
	w.field("Cơ quan (bộ phận) giải quyết hồ sơ:", d.AgencyName)
	var partners []string
	for _, e := range w.in.Events {
		if e.Action == domain.ActionInteragencySent && e.Receiver != "" && !slices.Contains(partners, e.Receiver) {
			partners = append(partners, e.Receiver)
		}
	}
	if len(partners) > 0 {
		w.field("Cơ quan phối hợp giải quyết hồ sơ:", strings.Join(partners, "; "))
	}
	w.p.Ln(2)
	rows := make([][]string, len(w.in.Events))
	for i, e := range w.in.Events {
		due := ""
		if e.StepDueAt != nil {
			due = stamp(*e.StepDueAt)
		}
		sender := e.ActorName
		if e.ActorUnit != "" {
			sender += " (" + e.ActorUnit + ")"
		}
		rows[i] = []string{fmt.Sprint(e.Seq), stamp(e.At), sender, domain.ActionLabel(e.Action), e.Receiver, due,
			timingLabels[e.Timing], e.Note}
	}
	w.table(logColumns, rows)
}
