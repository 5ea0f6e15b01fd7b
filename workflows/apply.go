package workflows

import (
	"fmt"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// outcome is what an applied decision or timer writes: the log row's fields and the
// notifications.
type outcome struct {
	Action   string
	Actor    Actor
	Receiver string
	Note     string
	Timing   string
	Notify   []domain.NotifyRequest
}

// apply changes st for an accepted decision (check passed) and says what to record.
func (st *State) apply(action string, d Decision, now time.Time) outcome {
	cal := st.cal()
	home := st.Snapshot.HomeAgencyID
	out := outcome{Action: action, Actor: d.Actor, Note: strings.TrimSpace(d.Note)}
	switch action {
	case UpdateReceive:
		st.ReceivedAt = now
		st.ClockStartAt = cal.ClockStart(now)
		st.DueAt = cal.Due(st.ClockStartAt, st.Snapshot.ProcessingDays, st.Snapshot.DayKind)
		st.Status = domain.StatusReceived
		st.assign(domain.RoleReception, d.Actor.ID, d.Actor.Name)
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyReceived, now))
	case UpdateRefuse:
		st.Status = domain.StatusRefused
		out.Note = joinNote(d.Reasons, out.Note)
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyRefused, now, out.Note))
	case UpdateRequestSupplement:
		st.pause(now, cal)
		st.SupplementDueAt = cal.Add(now, time.Duration(max(st.Rules.SupplementDays, 1))*cal.Day())
		st.Status = domain.StatusSupplementRequested
		out.Note = joinNote(d.Components, out.Note)
		out.Receiver = "Công dân"
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifySupplementRequested, now, out.Note))
	case UpdateSupplement:
		st.resume(now, cal)
		st.SupplementDueAt = time.Time{}
		out.Note = joinNote(d.Documents, out.Note)
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Công dân đã bổ sung hồ sơ."))
	case UpdateWithdraw:
		st.Status = domain.StatusWithdrawalRequested
		out.Notify = append(out.Notify, domain.NotifyRequest{Kind: domain.NotifyStopped, AgencyID: home,
			Role: domain.RoleReception, Subject: subject(st, "Công dân rút hồ sơ"), Body: "Công dân đã rút hồ sơ " + st.Code + "."})
	case UpdateTransfer:
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
	case UpdateTransferInteragency:
		out.Timing = st.stepTiming(now, cal)
		step := st.Snapshot.Route[st.Step]
		st.enterStep(st.Step+1, now, cal)
		st.HolderAgencyID, st.HolderAgencyName = step.InteragencyID, step.InteragencyName
		st.assign(domain.RoleReception, 0, "")
		st.Interagency = InteragencySent
		st.Status = domain.StatusProcessing
		out.Receiver = step.InteragencyName
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Có hồ sơ liên thông chờ tiếp nhận."))
	case UpdateReceiveInteragency:
		st.Interagency = InteragencyReceived
		st.assign(domain.RoleSpecialist, d.ToOfficerID, d.ToOfficerName)
		out.Receiver = st.receiver()
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Hồ sơ liên thông được giao cho bạn xử lý."))
	case UpdateReturnInteragency:
		out.Timing = st.stepTiming(now, cal)
		out.Receiver = st.Snapshot.HomeAgencyName
		st.Interagency = ""
		st.HolderAgencyID, st.HolderAgencyName = home, st.Snapshot.HomeAgencyName
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
	case UpdateRequestPayment:
		st.pause(now, cal)
		st.Status = domain.StatusPaymentRequested
		out.Note = joinNote([]string{fmt.Sprintf("Số tiền: %d đồng", d.AmountVND)}, out.Note)
		out.Receiver = "Công dân"
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyPaymentRequested, now, out.Note))
	case UpdateConfirmPayment:
		st.resume(now, cal)
	case UpdateFinish:
		st.FinishedAt = now
		st.ResultRef = strings.TrimSpace(d.ResultRef)
		out.Timing = st.dueTiming(now, cal)
		st.Status = domain.StatusProcessed
		st.StepDueAt = time.Time{}
		st.HolderAgencyID, st.HolderAgencyName = home, st.Snapshot.HomeAgencyName
		st.assign(domain.RoleReception, 0, "")
		out.Receiver = "Bộ phận một cửa"
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyResultReady, now),
			st.toAssignee(domain.NotifyAssigned, "Hồ sơ đã có kết quả, chờ trả cho công dân."))
	case UpdateExtend:
		if st.OriginalDueAt.IsZero() {
			st.OriginalDueAt = st.DueAt
		}
		st.DueAt = cal.Add(d.NewDueAt, 0)
		st.Extensions++
		st.DueReminded, st.Overdue = false, false
		out.Receiver = "Công dân"
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyExtended, now, out.Note))
	case UpdateStop:
		st.Status = domain.StatusStopped
		out.Note = joinNote(d.Reasons, out.Note)
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyStopped, now, out.Note))
	case UpdateAssign:
		st.assign(st.AssigneeRole, d.ToOfficerID, d.ToOfficerName)
		out.Receiver = d.ToOfficerName
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyAssigned, "Hồ sơ được phân công cho bạn."))
	case UpdateDeliver:
		st.Status = domain.StatusDelivered
		if d.Method == "post" {
			out.Receiver = "Gửi qua bưu chính"
		} else {
			out.Receiver = strings.TrimSpace(d.ReceivedBy)
		}
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyDelivered, now))
	}
	st.Version++
	return out
}

func joinNote(items []string, note string) string {
	var parts []string
	for _, it := range items {
		if it = strings.TrimSpace(it); it != "" {
			parts = append(parts, it)
		}
	}
	if note != "" {
		parts = append(parts, note)
	}
	return strings.Join(parts, "; ")
}

func (st *State) assign(role string, id int64, name string) {
	st.AssigneeRole, st.AssigneeID, st.AssigneeName = role, id, name
}

// enterStep moves to route step pos (1-based) and starts its clock.
func (st *State) enterStep(pos int, now time.Time, cal *worktime.Calendar) {
	step := st.Snapshot.Route[pos-1]
	st.Step, st.StepName = pos, step.Name
	budget := time.Duration(step.BudgetHours) * time.Hour
	st.StepDueAt = cal.Add(now, budget)
	st.StepOverdue = false
	// A step shorter than the reminder window gets no separate reminder.
	st.StepReminded = budget <= st.reminder()
}

func (st *State) reminder() time.Duration { return time.Duration(st.Rules.ReminderHours) * time.Hour }

// receiver names who holds the dossier now, for the log.
func (st *State) receiver() string {
	if st.AssigneeName != "" {
		return st.AssigneeName
	}
	return domain.RoleLabel(st.AssigneeRole) + " – " + st.HolderAgencyName
}

// pause stops the clock (when it runs) while the citizen supplements or pays.
func (st *State) pause(now time.Time, cal *worktime.Calendar) {
	st.ResumeStatus = st.Status
	if st.DueAt.IsZero() || st.Paused {
		return
	}
	st.Paused, st.PausedAt = true, now
	st.RemainingDue = cal.Between(now, st.DueAt)
	st.RemainingStep = 0
	if !st.StepDueAt.IsZero() {
		st.RemainingStep = cal.Between(now, st.StepDueAt)
	}
}

// resume restarts the clock after a supplement or payment: the deadlines shift by the
// paused working time (pause policy, and always after a payment) or the whole processing
// time starts again (restart policy, after a supplement).
func (st *State) resume(now time.Time, cal *worktime.Calendar) {
	st.Status = st.ResumeStatus
	if !st.Paused {
		return
	}
	st.Paused = false
	if st.Rules.SupplementPolicy == domain.PolicyRestart && !st.SupplementDueAt.IsZero() {
		st.ClockStartAt = cal.ClockStart(now)
		st.DueAt = cal.Due(st.ClockStartAt, st.Snapshot.ProcessingDays, st.Snapshot.DayKind)
		st.Overdue, st.DueReminded = false, false
		if st.Step > 0 {
			st.enterStep(st.Step, now, cal)
		}
		return
	}
	st.DueAt = cal.Add(now, st.RemainingDue)
	if !st.StepDueAt.IsZero() {
		st.StepDueAt = cal.Add(now, st.RemainingStep)
	}
}

func (st *State) stepTiming(now time.Time, cal *worktime.Calendar) string {
	if st.Step == 0 {
		return ""
	}
	return worktime.CompletionTiming(now, st.StepDueAt, cal)
}

// dueTiming is the dossier's timing at finish; an extended dossier counts as late.
func (st *State) dueTiming(now time.Time, cal *worktime.Calendar) string {
	if st.Extensions > 0 {
		return "late"
	}
	return worktime.CompletionTiming(now, st.DueAt, cal)
}
