package workflows

import (
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

func vnTime(t time.Time) string { return t.In(worktime.Location).Format("15:04 ngày 02/01/2006") }

func subject(st *State, what string) string { return "[" + st.Code + "] " + what }

// toCitizen is the e-mail to the citizen for kind; extra is a reason or list to quote.
func (st *State) toCitizen(kind string, now time.Time, extra ...string) domain.NotifyRequest {
	n := domain.NotifyRequest{Kind: kind, Citizen: true}
	head := "Hồ sơ " + st.Code + " (" + st.Snapshot.ProcedureName + ")"
	switch kind {
	case domain.NotifyReceived:
		n.Subject = subject(st, "Hồ sơ đã được tiếp nhận")
		n.Body = head + " đã được " + st.Snapshot.HomeAgencyName + " tiếp nhận lúc " + vnTime(now) +
			". Ngày hẹn trả kết quả: " + vnTime(st.DueAt) + "."
	case domain.NotifyRefused:
		n.Subject = subject(st, "Hồ sơ không được tiếp nhận")
		n.Body = head + " không được tiếp nhận. Lý do: " + first(extra) + "."
	case domain.NotifyPaymentRequested:
		n.Subject = subject(st, "Yêu cầu thực hiện nghĩa vụ tài chính")
		n.Body = head + " cần thực hiện nghĩa vụ tài chính. " + first(extra) + "."
	case domain.NotifyResultReady:
		n.Subject = subject(st, "Hồ sơ đã có kết quả")
		n.Body = head + " đã có kết quả giải quyết, mời ông/bà nhận kết quả tại bộ phận một cửa của " +
			st.Snapshot.HomeAgencyName + " hoặc qua bưu chính nếu đã đăng ký."
	case domain.NotifyDelivered:
		n.Subject = subject(st, "Đã trả kết quả")
		n.Body = head + " đã được trả kết quả lúc " + vnTime(now) + ". Xin mời ông/bà đánh giá mức độ hài lòng."
	case domain.NotifyStopped:
		n.Subject = subject(st, "Hồ sơ bị dừng xử lý")
		n.Body = head + " đã bị dừng xử lý. Lý do: " + first(extra) + "."
	case domain.NotifyExtended:
		n.Subject = subject(st, "Phiếu xin lỗi và hẹn lại ngày trả kết quả")
		n.Body = st.Snapshot.HomeAgencyName + " xin lỗi vì hồ sơ " + st.Code + " chưa giải quyết được đúng hẹn. Lý do: " +
			first(extra) + ". Ngày hẹn trả kết quả mới: " + vnTime(st.DueAt) + "."
	}
	return n
}

// supplementMail asks the citizen for the components (one a line) with the officer's
// note apart; the activity that writes it adds the link to the supplement page.
func (st *State) supplementMail(components []string, note string) domain.NotifyRequest {
	var b strings.Builder
	b.WriteString("Hồ sơ " + st.Code + " (" + st.Snapshot.ProcedureName + ") cần bổ sung, hoàn thiện:\n")
	for _, c := range components {
		if c = strings.TrimSpace(c); c != "" {
			b.WriteString("- " + c + "\n")
		}
	}
	if note != "" {
		b.WriteString("Ghi chú của cơ quan giải quyết: " + note + "\n")
	}
	b.WriteString("Hạn bổ sung: " + vnTime(st.SupplementDueAt) + ". Quá hạn này hồ sơ sẽ bị dừng xử lý.")
	return domain.NotifyRequest{Kind: domain.NotifySupplementRequested, Citizen: true,
		Subject: subject(st, "Yêu cầu bổ sung, hoàn thiện hồ sơ"), Body: b.String()}
}

// toAssignee notifies whoever holds the dossier now: the named officer, or every officer
// of the holding agency with the step's role.
func (st *State) toAssignee(kind, body string) domain.NotifyRequest {
	n := domain.NotifyRequest{Kind: kind, Subject: subject(st, "Hồ sơ cần xử lý"), Body: body + " " +
		st.Snapshot.ProcedureName + "."}
	if st.AssigneeID != 0 {
		n.AccountID = st.AssigneeID
	} else {
		n.AgencyID, n.Role = st.HolderAgencyID, st.AssigneeRole
	}
	return n
}

// toLeaders notifies the leaders of the holding agency.
func (st *State) toLeaders(kind, what string) domain.NotifyRequest {
	return domain.NotifyRequest{Kind: kind, AgencyID: st.HolderAgencyID, Role: domain.RoleLeader,
		Subject: subject(st, what), Body: what + ": hồ sơ " + st.Code + " (" + st.Snapshot.ProcedureName + ")."}
}

func first(xs []string) string {
	if len(xs) == 0 {
		return ""
	}
	return xs[0]
}
