package workflows

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// The decisions of an inter-agency step: the home agency sends the dossier, the other
// agency receives it and returns its result.
const (
	UpdateTransferInteragency = "transfer_interagency"
	UpdateReceiveInteragency  = "receive_interagency"
	UpdateReturnInteragency   = "return_interagency"
)

var interagencyDecisions = []decision{
	{Name: UpdateTransferInteragency, Order: 50, Label: "Chuyển liên thông", Officer: true,
		Roles:  stepRoles,
		Fields: []Field{fieldNote},
		Check:  (*State).checkTransferInteragency, Apply: (*State).applyTransferInteragency},
	{Name: UpdateReceiveInteragency, Order: 60, Label: "Tiếp nhận liên thông", Officer: true,
		Roles:  []string{domain.RoleReception, domain.RoleClerk, domain.RoleLeader}, // of the other agency
		Fields: []Field{fieldOfficer, fieldNote},
		Check:  (*State).checkReceiveInteragency, Apply: (*State).applyReceiveInteragency},
	{Name: UpdateReturnInteragency, Order: 70, Label: "Trả kết quả liên thông", Officer: true,
		Roles: []string{domain.RoleSpecialist, domain.RoleLeader, domain.RoleReception, domain.RoleClerk},
		Fields: []Field{{Name: "result_ref", Label: "Số, ký hiệu văn bản kết quả liên thông (không bắt buộc)",
			Kind: FieldText}, fieldNote},
		Check: (*State).checkReturnInteragency, Apply: (*State).applyReturnInteragency},
}

func (st *State) checkTransferInteragency(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusReceived, domain.StatusProcessing) || st.Interagency != "" {
		return st.wrongState(UpdateTransferInteragency)
	}
	if err := st.assignee(d.Actor); err != nil {
		return err
	}
	if st.Step >= len(st.Snapshot.Route) || st.Snapshot.Route[st.Step].InteragencyID == 0 {
		return conflict("Bước tiếp theo của quy trình không phải là bước liên thông.")
	}
	return nil
}

func (st *State) applyTransferInteragency(_ Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	out.Timing = st.stepTiming(now, cal)
	step := st.Snapshot.Route[st.Step]
	st.enterStep(st.Step+1, now, cal)
	st.HolderAgencyID, st.HolderAgencyName = step.InteragencyID, step.InteragencyName
	st.assign(domain.RoleReception, 0, "")
	st.Interagency = InteragencySent
	st.Status = domain.StatusProcessing
	out.Receiver = step.InteragencyName
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Có hồ sơ liên thông chờ tiếp nhận."))
}

func (st *State) checkReceiveInteragency(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusProcessing) || st.Interagency != InteragencySent {
		return conflict("Hồ sơ không chờ tiếp nhận liên thông.")
	}
	return officer(d.Actor, st.HolderAgencyID, domain.RoleReception, domain.RoleClerk, domain.RoleLeader)
}

func (st *State) applyReceiveInteragency(d Decision, _ time.Time, _ *worktime.Calendar, out *outcome) {
	st.Interagency = InteragencyReceived
	st.assign(domain.RoleSpecialist, d.ToOfficerID, d.ToOfficerName)
	out.Receiver = st.receiver()
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Hồ sơ liên thông được giao cho bạn xử lý."))
}

// checkReturnInteragency: the officer of the other agency who holds the dossier, or one
// of its leaders, returns it.
func (st *State) checkReturnInteragency(d Decision, _ time.Time) error {
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
	return nil
}

// applyReturnInteragency brings the dossier home to the next step of the route, or to
// the leaders when the inter-agency step was the last.
func (st *State) applyReturnInteragency(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	out.Timing = st.stepTiming(now, cal)
	out.Receiver = st.Snapshot.HomeAgencyName
	st.Interagency = ""
	st.HolderAgencyID, st.HolderAgencyName = st.Snapshot.HomeAgencyID, st.Snapshot.HomeAgencyName
	if st.Step < len(st.Snapshot.Route) {
		st.enterStep(st.Step+1, now, cal)
		st.assign(st.Snapshot.Route[st.Step-1].Role, 0, "")
	} else {
		st.StepDueAt, st.StepReminded, st.StepOverdue = time.Time{}, true, false
		st.assign(domain.RoleLeader, 0, "")
	}
	if d.ResultRef != "" {
		out.Note = joinNote([]string{"Kết quả liên thông: " + d.ResultRef}, out.Note)
	}
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Hồ sơ liên thông đã có kết quả trả về."))
}
