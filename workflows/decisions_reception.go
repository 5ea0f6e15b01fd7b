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
			Kind: FieldLines, Required: true}, fieldNote,
			{Name: "approval_reason", Label: "Lý do yêu cầu bổ sung thêm lần nữa (lãnh đạo phê duyệt; chỉ khi giai đoạn này đã yêu cầu bổ sung)",
				Kind: FieldTextArea}},
		Check: (*State).checkRequestSupplement, Apply: (*State).applyRequestSupplement},
	{Name: UpdateDeliver, Order: 130, Label: "Trả kết quả", Officer: true,
		Roles: []string{domain.RoleReception},
		Fields: []Field{
			{Name: "method", Label: "Hình thức trả kết quả", Kind: FieldSelect, Required: true,
				Options: []Option{{DeliverDesk, "Tại bộ phận một cửa"}, {DeliverPost, "Qua bưu chính"},
					{DeliverOnline, "Trực tuyến (vào kho dữ liệu của công dân)"}}},
			{Name: "received_by", Label: "Người nhận kết quả (khi nhận tại bộ phận một cửa)", Kind: FieldText},
			{Name: "tracking_number", Label: "Mã bưu gửi (khi gửi qua bưu chính)", Kind: FieldText},
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
	if st.Clock != ClockTimeline || !st.timeline(cal) {
		st.ClockStartAt = cal.ClockStart(now)
		st.DueAt = cal.Due(st.ClockStartAt, st.Snapshot.ProcessingDays, st.Snapshot.DayKind)
	}
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
		return invalidInput(fieldReasons.Name, "Phải nêu lý do từ chối tiếp nhận.")
	}
	return nil
}

func (st *State) applyRefuse(d Decision, now time.Time, _ *worktime.Calendar, out *outcome) {
	st.Status = domain.StatusRefused
	out.Note = joinNote(d.Reasons, out.Note)
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyRefused, now, out.Note))
}

// checkRequestSupplement: the desk asks before processing starts, the step's assignee
// during processing; once per stage (oneSupplement), a further request only by a leader
// who approves it with a reason.
func (st *State) checkRequestSupplement(d Decision, _ time.Time) error {
	stage := st.supplementStage()
	if stage == "" {
		return st.wrongState(UpdateRequestSupplement)
	}
	if st.supplementsIn(stage) > 0 {
		if err := st.approvesSupplement(d); err != nil {
			return err
		}
	} else if err := st.asksSupplement(d); err != nil {
		return err
	}
	if !nonBlank(d.Components) {
		return invalidInput("components", "Phải liệt kê các thành phần hồ sơ cần bổ sung, hoàn thiện.")
	}
	return nil
}

// checkRequestSupplementAnyTime is checkRequestSupplement as it was before the one-time
// rule: runs that asked twice in a stage then replay it (run.recheck).
func (st *State) checkRequestSupplementAnyTime(d Decision, _ time.Time) error {
	if st.supplementStage() == "" {
		return st.wrongState(UpdateRequestSupplement)
	}
	if err := st.asksSupplement(d); err != nil {
		return err
	}
	if !nonBlank(d.Components) {
		return invalidInput("components", "Phải liệt kê các thành phần hồ sơ cần bổ sung, hoàn thiện.")
	}
	return nil
}

func (st *State) applyRequestSupplement(d Decision, now time.Time, cal *worktime.Calendar, out *outcome) {
	req := SupplementRequest{Stage: st.supplementStage(), At: now, Components: trimmed(d.Components)}
	if reason := strings.TrimSpace(d.ApprovalReason); reason != "" && st.supplementsIn(req.Stage) > 0 {
		req.ApprovedBy, req.Reason = d.Actor.Name, reason
	}
	st.Supplements = append(st.Supplements, req)
	st.pause(now, cal, stopSupplement, true)
	st.SupplementDueAt = cal.Add(now, time.Duration(max(st.Rules.SupplementDays, 1))*cal.Day())
	st.Status = domain.StatusSupplementRequested
	note := out.Note
	out.Note = supplementNote(req, len(st.Supplements), out.Note)
	out.Receiver = "Công dân"
	out.Notify = append(out.Notify, st.supplementMail(d.Components, note))
}

// The ways a result is delivered (Decision.Method of UpdateDeliver).
const (
	DeliverDesk   = "desk"   // handed over at the one-stop shop
	DeliverPost   = "post"   // sent by post, with the postal item's tracking number
	DeliverOnline = "online" // the signed result placed in the citizen's document store
)

// ReceiverOnline is the log's receiver of a result delivered online.
const ReceiverOnline = "Kho dữ liệu điện tử của công dân"

func (st *State) checkDeliver(d Decision, _ time.Time) error {
	if !st.statusIn(domain.StatusProcessed) {
		return conflict("Chỉ trả kết quả khi hồ sơ đã xử lý xong.")
	}
	if err := officer(d.Actor, st.Snapshot.HomeAgencyID, domain.RoleReception); err != nil {
		return err
	}
	switch d.Method {
	case DeliverDesk:
		if strings.TrimSpace(d.ReceivedBy) == "" {
			return invalidInput("received_by", "Phải ghi tên người nhận kết quả.")
		}
	case DeliverPost:
		if strings.TrimSpace(d.TrackingNumber) == "" && !d.legacyDelivery {
			return invalid("Phải ghi mã bưu gửi khi trả kết quả qua bưu chính.")
		}
	case DeliverOnline:
		if st.Snapshot.OwnerID == 0 {
			return invalid("Hồ sơ không gắn với tài khoản công dân nên không trả kết quả trực tuyến được.")
		}
	default:
		return invalidInput("method", "Hình thức trả kết quả phải là \"desk\" (tại bộ phận một cửa), \"post\" (qua bưu chính) hoặc \"online\" (trực tuyến).")
	}
	return nil
}

// applyDeliver ends the dossier. A result delivered online is delivered at once: the
// store, in the same transaction as the log row, puts the signed result in the
// citizen's document store (an electronic result has the legal value of the paper).
func (st *State) applyDeliver(d Decision, now time.Time, _ *worktime.Calendar, out *outcome) {
	st.Status = domain.StatusDelivered
	switch d.Method {
	case DeliverPost:
		out.Receiver = "Gửi qua bưu chính"
		if n := strings.TrimSpace(d.TrackingNumber); n != "" {
			out.Receiver += ", mã bưu gửi " + n
		}
	case DeliverOnline:
		out.Receiver = ReceiverOnline
	default:
		out.Receiver = strings.TrimSpace(d.ReceivedBy)
	}
	out.Notify = append(out.Notify, st.toCitizen(domain.NotifyDelivered, now))
}
