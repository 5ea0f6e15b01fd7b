package workflows

import (
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// The decisions along the route: moving the dossier from step to step, finishing it,
// the leader's apology with a new date and stop, and giving the step to an officer.
const (
	UpdateTransfer = "transfer"
	UpdateFinish   = "finish"
	UpdateExtend   = "extend"
	UpdateStop     = "stop"
	// UpdateAssign gives the current step to a named officer: a leader of the holding
	// agency assigns anyone; an officer with the step's role claims an unassigned step.
	UpdateAssign = "assign"
)

// ChangeClaimLogged is the workflow.GetVersion change (version 1) after which a claim,
// an officer assigning the step to themself, is logged as domain.ActionClaimed and
// notifies nobody. Runs that claimed before it keep logging claims as assignments with a
// notice to the officer, as their histories recorded.
const ChangeClaimLogged = "claim-logged"

var processingDecisions = []decision{
	{Name: UpdateTransfer, Order: 40, Label: "Chuyển xử lý", Officer: true,
		Roles: stepRoles,
		Fields: []Field{
			{Name: "back", Form: "direction", Label: "Chuyển tới", Kind: FieldDirection,
				Options: []Option{{"next", "Bước tiếp theo"}, {"back", "Chuyển trả bước trước"}}},
			fieldOfficer, fieldNote},
		Check: (*State).checkTransfer, Apply: (*State).applyTransfer},
	{Name: UpdateFinish, Order: 100, Label: "Kết thúc xử lý", Officer: true,
		Roles: stepRoles, // whoever holds the last step, usually a leader approving
		Fields: []Field{{Name: "result_ref", Form: "result_file", Label: "Văn bản kết quả giải quyết", Kind: FieldFile,
			Required: true}, fieldNote},
		Check: (*State).checkFinish, Apply: (*State).applyFinish},
	{Name: UpdateExtend, Order: 110, Label: "Xin lỗi, hẹn lại ngày trả", Officer: true,
		Roles: []string{domain.RoleLeader},
		Fields: []Field{
			{Name: "new_due_at", Form: "new_due_date", Label: "Ngày hẹn trả mới", Kind: FieldDate, Required: true},
			{Name: "note", Label: "Lý do chậm trễ", Kind: FieldTextArea, Required: true}},
		Check: (*State).checkExtend, Apply: (*State).applyExtend},
	{Name: UpdateStop, Order: 120, Label: "Dừng xử lý", Officer: true, Danger: true,
		Roles:  []string{domain.RoleLeader},
		Fields: []Field{fieldReasons, fieldNote},
		Check:  (*State).checkStop, Apply: (*State).applyStop},
	{Name: UpdateAssign, Order: 160, Label: "Phân công xử lý",
		Roles:  stepRoles, // a leader assigns; an officer with the step's role claims
		Fields: []Field{{Name: "officer_id", Label: "Cán bộ được phân công", Kind: FieldOfficer, Required: true}},
		Check:  (*State).checkAssign, Apply: (*State).applyAssign},
}

// checkTransfer: forward to the next step of the route, or back to the previous one.
func (st *State) checkTransfer(d Decision, _ time.Time) error {
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

func (st *State) applyTransfer(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	out.Timing = st.stepTiming(now, cal)
	target := st.Step + 1
	if d.Back {
		target = st.Step - 1
		out.Action = domain.ActionTransferredBack
	}
	st.enterStep(target, now, cal)
	st.assign(st.Snapshot.Route[target-1].Role, d.ToOfficerID, d.ToOfficerName)
	st.Status = domain.StatusProcessing
	out.Receiver = st.receiver()
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Hồ sơ được chuyển đến bạn: "+st.StepName+"."))
}

func (st *State) checkFinish(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusProcessing) || st.Interagency != "" {
		return st.wrongState(UpdateFinish)
	}
	if err := st.assignee(d.Actor); err != nil {
		return err
	}
	if st.Step < len(st.Snapshot.Route) {
		return conflict("Hồ sơ chưa qua hết các bước của quy trình: chuyển sang bước tiếp theo.")
	}
	if strings.TrimSpace(d.ResultRef) == "" {
		return invalidInput("result_ref", "Phải đính kèm văn bản kết quả giải quyết.")
	}
	return nil
}

func (st *State) applyFinish(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	st.FinishedAt = now
	st.ResultRef = strings.TrimSpace(d.ResultRef)
	out.Timing = st.dueTiming(now, cal)
	st.Status = domain.StatusProcessed
	st.StepDueAt = time.Time{}
	st.HolderAgencyID, st.HolderAgencyName = st.Snapshot.HomeAgencyID, st.Snapshot.HomeAgencyName
	st.assign(domain.RoleReception, 0, "")
	out.Receiver = "Bộ phận một cửa"
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyResultReady, now),
		st.toAssignee(domain.NotifyAssigned, "Hồ sơ đã có kết quả, chờ trả cho công dân."))
}

// checkExtend: the leader's apology with a new appointment date, before the old one.
func (st *State) checkExtend(d Decision, now time.Time) error {
	if !st.statusIn(domain.StatusReceived, domain.StatusProcessing) {
		return st.wrongState(UpdateExtend)
	}
	if err := officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleLeader); err != nil {
		return err
	}
	if !now.Before(st.DueAt) {
		return conflict("Đã quá ngày hẹn trả kết quả: phiếu xin lỗi phải được lập trước ngày hẹn.")
	}
	if !d.NewDueAt.After(st.DueAt) {
		return invalidInput("new_due_at", "Ngày hẹn mới phải sau ngày hẹn hiện tại.")
	}
	if strings.TrimSpace(d.Note) == "" {
		return invalidInput("note", "Phải nêu lý do xin lỗi và hẹn lại ngày trả kết quả.")
	}
	return nil
}

func (st *State) applyExtend(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	if st.OriginalDueAt.IsZero() {
		st.OriginalDueAt = st.DueAt
	}
	st.DueAt = cal.Add(d.NewDueAt, 0)
	st.Extensions++
	st.DueReminded, st.Overdue = false, false
	out.Receiver = "Công dân"
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyExtended, now, out.Note))
}

// checkStop: a leader of the home agency stops the dossier in any state but a final one
// and but processed (9): a dossier whose result is ready can only be delivered.
func (st *State) checkStop(d Decision, now time.Time) error {
	if st.statusIn(domain.StatusProcessed) {
		return conflict("Hồ sơ đã xử lý xong, có kết quả: không thể dừng xử lý, chỉ còn trả kết quả.")
	}
	return st.checkStopAnyOpen(d, now)
}

// checkStopAnyOpen is checkStop as it was before a processed dossier was refused: runs
// that stopped one then replay it (run.recheck).
func (st *State) checkStopAnyOpen(d Decision, _ time.Time) error {
	if err := officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleLeader); err != nil {
		return err
	}
	if !nonBlank(d.Reasons) {
		return invalidInput(fieldReasons.Name, "Phải nêu lý do dừng xử lý.")
	}
	return nil
}

func (st *State) applyStop(d Decision, now time.Time, _ *worktime.Calendar, out *outcome) {
	st.Status = domain.StatusStopped
	out.Note = joinNote(d.Reasons, out.Note)
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyStopped, now, out.Note))
}

// claim reports whether d assigns the step to its own author.
func (d Decision) claim() bool { return d.Actor.ID != 0 && d.ToOfficerID == d.Actor.ID }

// checkAssign: a leader of the holding agency assigns the step to anyone; an officer
// with the step's role claims it for themself while nobody else holds it.
func (st *State) checkAssign(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusNew, domain.StatusReceived, domain.StatusProcessing, domain.StatusProcessed) {
		return st.wrongState(UpdateAssign)
	}
	if d.ToOfficerID == 0 {
		return invalidInput("officer_id", "Phải chọn cán bộ được phân công.")
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

func (st *State) applyAssign(d Decision, _ time.Time, _ *worktime.Calendar, out *outcome) {
	st.assign(st.AssigneeRole, d.ToOfficerID, d.ToOfficerName)
	if d.claim() && out.changes.claimLogged {
		out.Action = domain.ActionClaimed
		return
	}
	out.Receiver = d.ToOfficerName
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Hồ sơ được phân công cho bạn."))
}
