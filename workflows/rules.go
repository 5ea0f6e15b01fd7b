package workflows

import (
	"fmt"
	"strings"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

func forbidden(msg string) error { return temporal.NewApplicationError(msg, ErrForbidden) }
func conflict(msg string) error  { return temporal.NewApplicationError(msg, ErrConflict) }
func invalid(msg string) error   { return temporal.NewApplicationError(msg, ErrInvalid) }

// cal is the working calendar of the dossier's rule set.
func (st *State) cal() *worktime.Calendar {
	c, err := worktime.New(st.Rules.Calendar)
	if err != nil { // rule sets are validated when loaded; fall back to the default schedule
		return worktime.MustNew(domain.DefaultCalendarSpec())
	}
	return c
}

// Terminal reports whether a dossier in status s is closed: its workflow has ended.
func Terminal(s domain.Status) bool { return terminal(s) }

func terminal(s domain.Status) bool {
	switch s {
	case domain.StatusRefused, domain.StatusWithdrawalRequested, domain.StatusStopped, domain.StatusDelivered:
		return true
	}
	return false
}

func (st *State) statusIn(allowed ...domain.Status) bool {
	for _, s := range allowed {
		if st.Status == s {
			return true
		}
	}
	return false
}

func (st *State) wrongState(action string) error {
	return conflict(fmt.Sprintf("Không thể thực hiện thao tác \"%s\" khi hồ sơ đang ở trạng thái \"%s\".",
		domain.ActionLabel(action), st.Status.Label()))
}

// officer checks that a is an officer of agency holding one of roles.
func officer(a Actor, agency int64, roles ...string) error {
	if a.Has(domain.RoleCitizen) || a.ID == 0 && len(a.Roles) == 0 {
		return forbidden("Chỉ cán bộ được giao mới thực hiện được thao tác này.")
	}
	if a.AgencyID != agency {
		return forbidden("Cán bộ không thuộc cơ quan đang giữ hồ sơ.")
	}
	if !a.Has(roles...) {
		return forbidden("Vai trò của cán bộ không được thực hiện thao tác này.")
	}
	return nil
}

// assignee checks that a may act on the current step: an officer of the holding agency
// with the step's role, and the named officer when the step is assigned to one.
func (st *State) assignee(a Actor) error {
	if err := officer(a, st.HolderAgencyID, st.AssigneeRole); err != nil {
		return err
	}
	if st.AssigneeID != 0 && a.ID != st.AssigneeID {
		return forbidden("Hồ sơ đang được giao cho cán bộ khác (" + st.AssigneeName + ").")
	}
	return nil
}

// localAssignee is assignee for a dossier not away at another agency.
func (st *State) localAssignee(a Actor) error {
	if st.Interagency != "" {
		return conflict("Hồ sơ đang được xử lý liên thông tại cơ quan khác.")
	}
	return st.assignee(a)
}

func (st *State) citizen(a Actor) error {
	if !a.Has(domain.RoleCitizen) {
		return forbidden("Chỉ công dân nộp hồ sơ mới thực hiện được thao tác này.")
	}
	if st.Snapshot.OwnerID != 0 && a.ID != 0 && a.ID != st.Snapshot.OwnerID {
		return forbidden("Hồ sơ không thuộc tài khoản này.")
	}
	return nil
}

func nonBlank(xs []string) bool {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return true
		}
	}
	return false
}

// check decides whether d may be applied as action now, without changing st.
func (st *State) check(action string, d Decision, now time.Time) error {
	if terminal(st.Status) {
		return conflict("Hồ sơ đã kết thúc (" + st.Status.Label() + ").")
	}
	home := st.Snapshot.HomeAgencyID
	switch action {
	case UpdateReceive:
		if !st.statusIn(domain.StatusNew) {
			return st.wrongState(action)
		}
		return officer(d.Actor, home, domain.RoleReception)
	case UpdateRefuse:
		if !st.statusIn(domain.StatusNew) {
			return st.wrongState(action)
		}
		if err := officer(d.Actor, home, domain.RoleReception); err != nil {
			return err
		}
		if !nonBlank(d.Reasons) {
			return invalid("Phải nêu lý do từ chối tiếp nhận.")
		}
	case UpdateRequestSupplement:
		switch st.Status {
		case domain.StatusNew, domain.StatusReceived:
			if err := officer(d.Actor, home, domain.RoleReception); err != nil {
				return err
			}
		case domain.StatusProcessing:
			if err := st.localAssignee(d.Actor); err != nil {
				return err
			}
		default:
			return st.wrongState(action)
		}
		if !nonBlank(d.Components) {
			return invalid("Phải liệt kê các thành phần hồ sơ cần bổ sung, hoàn thiện.")
		}
	case UpdateSupplement:
		if !st.statusIn(domain.StatusSupplementRequested) {
			return st.wrongState(action)
		}
		return st.citizen(d.Actor)
	case UpdateWithdraw:
		if !st.statusIn(domain.StatusNew, domain.StatusSupplementRequested) {
			return st.wrongState(action)
		}
		return st.citizen(d.Actor)
	case UpdateTransfer:
		return st.checkTransfer(d)
	case UpdateTransferInteragency:
		if !st.statusIn(domain.StatusReceived, domain.StatusProcessing) || st.Interagency != "" {
			return st.wrongState(action)
		}
		if err := st.assignee(d.Actor); err != nil {
			return err
		}
		if st.Step >= len(st.Snapshot.Route) || st.Snapshot.Route[st.Step].InteragencyID == 0 {
			return conflict("Bước tiếp theo của quy trình không phải là bước liên thông.")
		}
	case UpdateReceiveInteragency:
		if !st.statusIn(domain.StatusProcessing) || st.Interagency != InteragencySent {
			return conflict("Hồ sơ không chờ tiếp nhận liên thông.")
		}
		return officer(d.Actor, st.HolderAgencyID, domain.RoleReception, domain.RoleClerk, domain.RoleLeader)
	case UpdateReturnInteragency:
		if !st.statusIn(domain.StatusProcessing) || st.Interagency != InteragencyReceived {
			return conflict("Hồ sơ chưa được tiếp nhận liên thông.")
		}
		if err := officer(d.Actor, st.HolderAgencyID, domain.RoleSpecialist, domain.RoleLeader,
			domain.RoleReception, domain.RoleClerk); err != nil {
			return err
		}
		if st.AssigneeID != 0 && d.Actor.ID != st.AssigneeID && !d.Actor.Has(domain.RoleLeader) {
			return forbidden("Hồ sơ đang được giao cho cán bộ khác (" + st.AssigneeName + ").")
		}
	case UpdateRequestPayment:
		if !st.statusIn(domain.StatusProcessing) || st.Interagency != "" {
			return st.wrongState(action)
		}
		if err := st.assignee(d.Actor); err != nil {
			return err
		}
		if d.AmountVND <= 0 {
			return invalid("Số tiền nghĩa vụ tài chính phải lớn hơn 0.")
		}
	case UpdateConfirmPayment:
		if !st.statusIn(domain.StatusPaymentRequested) {
			return st.wrongState(action)
		}
		if officer(d.Actor, home, domain.RoleReception) != nil {
			return st.assignee(d.Actor)
		}
	case UpdateFinish:
		if !st.statusIn(domain.StatusProcessing) || st.Interagency != "" {
			return st.wrongState(action)
		}
		if err := st.assignee(d.Actor); err != nil {
			return err
		}
		if st.Step < len(st.Snapshot.Route) {
			return conflict("Hồ sơ chưa qua hết các bước của quy trình: chuyển sang bước tiếp theo.")
		}
		if strings.TrimSpace(d.ResultRef) == "" {
			return invalid("Phải đính kèm văn bản kết quả giải quyết.")
		}
	case UpdateExtend:
		if !st.statusIn(domain.StatusReceived, domain.StatusProcessing) {
			return st.wrongState(action)
		}
		if err := officer(d.Actor, home, domain.RoleLeader); err != nil {
			return err
		}
		if !now.Before(st.DueAt) {
			return conflict("Đã quá ngày hẹn trả kết quả: phiếu xin lỗi phải được lập trước ngày hẹn.")
		}
		if !d.NewDueAt.After(st.DueAt) {
			return invalid("Ngày hẹn mới phải sau ngày hẹn hiện tại.")
		}
		if strings.TrimSpace(d.Note) == "" {
			return invalid("Phải nêu lý do xin lỗi và hẹn lại ngày trả kết quả.")
		}
	case UpdateStop:
		if err := officer(d.Actor, home, domain.RoleLeader); err != nil {
			return err
		}
		if !nonBlank(d.Reasons) {
			return invalid("Phải nêu lý do dừng xử lý.")
		}
	case UpdateDeliver:
		if !st.statusIn(domain.StatusProcessed) {
			return conflict("Chỉ trả kết quả khi hồ sơ đã xử lý xong.")
		}
		if err := officer(d.Actor, home, domain.RoleReception); err != nil {
			return err
		}
		switch d.Method {
		case "desk":
			if strings.TrimSpace(d.ReceivedBy) == "" {
				return invalid("Phải ghi tên người nhận kết quả.")
			}
		case "post":
		default:
			return invalid("Hình thức trả kết quả phải là \"desk\" (tại bộ phận một cửa) hoặc \"post\" (qua bưu chính).")
		}
	case UpdateAssign:
		return st.checkAssign(d)
	default:
		return invalid("Thao tác không hợp lệ: " + action)
	}
	return nil
}

func (st *State) checkAssign(d Decision) error {
	if !st.statusIn(domain.StatusNew, domain.StatusReceived, domain.StatusProcessing, domain.StatusProcessed) {
		return st.wrongState(UpdateAssign)
	}
	if d.ToOfficerID == 0 {
		return invalid("Phải chọn cán bộ được phân công.")
	}
	if officer(d.Actor, st.HolderAgencyID, domain.RoleLeader) == nil {
		return nil
	}
	if err := officer(d.Actor, st.HolderAgencyID, st.AssigneeRole); err != nil {
		return err
	}
	if d.ToOfficerID != d.Actor.ID {
		return forbidden("Chỉ lãnh đạo mới phân công hồ sơ cho cán bộ khác.")
	}
	if st.AssigneeID != 0 && st.AssigneeID != d.Actor.ID {
		return conflict("Hồ sơ đã được giao cho cán bộ khác (" + st.AssigneeName + ").")
	}
	return nil
}

func (st *State) checkTransfer(d Decision) error {
	switch st.Status {
	case domain.StatusReceived:
		if d.Back {
			return conflict("Hồ sơ đang ở bộ phận một cửa, không có bước trước để chuyển trả.")
		}
		if err := st.assignee(d.Actor); err != nil {
			return err
		}
	case domain.StatusProcessing:
		if err := st.localAssignee(d.Actor); err != nil {
			return err
		}
		if d.Back {
			if st.Step <= 1 {
				return conflict("Đây là bước đầu tiên của quy trình, không có bước trước để chuyển trả.")
			}
			return nil
		}
		if st.Step >= len(st.Snapshot.Route) {
			return conflict("Đây là bước cuối cùng của quy trình: hãy kết thúc xử lý.")
		}
	default:
		return st.wrongState(UpdateTransfer)
	}
	if st.Step >= len(st.Snapshot.Route) {
		return conflict("Thủ tục chưa có quy trình xử lý.")
	}
	if next := st.Snapshot.Route[st.Step]; next.InteragencyID != 0 {
		return conflict("Bước tiếp theo là bước liên thông: hãy chuyển liên thông tới " + next.InteragencyName + ".")
	}
	return nil
}
