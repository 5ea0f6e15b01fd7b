package workflows

import (
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// The one-stop shop's decisions: receiving a dossier or refusing it, asking for a
// supplement, and delivering the result.
const (
	UpdateReceive           = "receive"
	UpdateRefuse            = "refuse"
	UpdateRequestSupplement = "request_supplement"
	UpdateDeliver           = "deliver"
)

var receptionDecisions = []decision{
	{Name: UpdateReceive, Order: 10, Label: "Tiếp nhận hồ sơ", Officer: true,
		Roles:  []string{domain.RoleReception},
		Fields: []Field{fieldNote},
		Check:  (*State).checkReceive, Apply: (*State).applyReceive},
	{Name: UpdateRefuse, Order: 20, Label: "Từ chối tiếp nhận", Officer: true, Danger: true,
		Roles:  []string{domain.RoleReception},
		Fields: []Field{fieldReasons, fieldNote},
		Check:  (*State).checkRefuse, Apply: (*State).applyRefuse},
	{Name: UpdateRequestSupplement, Order: 30, Label: "Yêu cầu bổ sung", Officer: true,
		Roles: stepRoles, // the desk before processing, then whoever holds the step
		Fields: []Field{{Name: "components", Label: "Thành phần cần bổ sung, hoàn thiện (mỗi dòng một thành phần)",
			Kind: FieldLines, Required: true}, fieldNote},
		Check: (*State).checkRequestSupplement, Apply: (*State).applyRequestSupplement},
	{Name: UpdateDeliver, Order: 130, Label: "Trả kết quả", Officer: true,
		Roles: []string{domain.RoleReception},
		Fields: []Field{
			{Name: "method", Label: "Hình thức trả kết quả", Kind: FieldSelect, Required: true,
				Options: []Option{{"desk", "Tại bộ phận một cửa"}, {"post", "Qua bưu chính"}}},
			{Name: "received_by", Label: "Người nhận kết quả (khi nhận tại bộ phận một cửa)", Kind: FieldText},
			fieldNote},
		Check: (*State).checkDeliver, Apply: (*State).applyDeliver},
}

func (st *State) checkReceive(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusNew) {
		return st.wrongState(UpdateReceive)
	}
	return officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception)
}

func (st *State) applyReceive(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	st.ReceivedAt = now
	st.ClockStartAt = cal.ClockStart(now)
	st.DueAt = cal.Due(st.ClockStartAt, st.Snapshot.ProcessingDays, st.Snapshot.DayKind)
	st.Status = domain.StatusReceived
	st.assign(domain.RoleReception, d.Actor.ID, d.Actor.Name)
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyReceived, now))
}

func (st *State) checkRefuse(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusNew) {
		return st.wrongState(UpdateRefuse)
	}
	if err := officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception); err != nil {
		return err
	}
	if !nonBlank(d.Reasons) {
		return invalid("Phải nêu lý do từ chối tiếp nhận.")
	}
	return nil
}

func (st *State) applyRefuse(d Decision, now time.Time, _ *worktime.Calendar, out *outcome) {
	st.Status = domain.StatusRefused
	out.Note = joinNote(d.Reasons, out.Note)
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyRefused, now, out.Note))
}

// checkRequestSupplement: the desk asks before processing starts, the step's assignee
// during processing.
func (st *State) checkRequestSupplement(d Decision, _ time.Time) error {
	switch st.Status {
	case domain.StatusNew, domain.StatusReceived:
		if err := officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception); err != nil {
			return err
		}
	case domain.StatusProcessing:
		if err := st.localAssignee(d.Actor); err != nil {
			return err
		}
	default:
		return st.wrongState(UpdateRequestSupplement)
	}
	if !nonBlank(d.Components) {
		return invalid("Phải liệt kê các thành phần hồ sơ cần bổ sung, hoàn thiện.")
	}
	return nil
}

func (st *State) applyRequestSupplement(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	st.pause(now, cal)
	st.SupplementDueAt = cal.Add(now, time.Duration(max(st.Rules.SupplementDays, 1))*cal.Day())
	st.Status = domain.StatusSupplementRequested
	note := out.Note
	out.Note = joinNote(d.Components, out.Note)
	out.Receiver = "Công dân"
	out.Notify = append(out.Notify, st.supplementMail(d.Components, note))
}

func (st *State) checkDeliver(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusProcessed) {
		return conflict("Chỉ trả kết quả khi hồ sơ đã xử lý xong.")
	}
	if err := officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception); err != nil {
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
	return nil
}

func (st *State) applyDeliver(d Decision, now time.Time, _ *worktime.Calendar, out *outcome) {
	st.Status = domain.StatusDelivered
	if d.Method == "post" {
		out.Receiver = "Gửi qua bưu chính"
	} else {
		out.Receiver = strings.TrimSpace(d.ReceivedBy)
	}
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyDelivered, now))
}
