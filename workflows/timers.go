package workflows

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Timer kinds.
const (
	timerSupplement   = "supplement_deadline"
	timerDueReminder  = "due_reminder"
	timerOverdue      = "overdue"
	timerStepReminder = "step_reminder"
	timerStepOverdue  = "step_overdue"
)

// nextTimer is the earliest pending deadline of the dossier in its current state: the
// citizen's supplement deadline, or the reminders and overdue marks of the appointment
// date and of the current step while the clock runs. Zero when none is pending.
func (st *State) nextTimer() (time.Time, string) {
	var at time.Time
	var kind string
	consider := func(t time.Time, k string) {
		if !t.IsZero() && (at.IsZero() || t.Before(at)) {
			at, kind = t, k
		}
	}
	switch st.Status {
	case domain.StatusSupplementRequested:
		consider(st.SupplementDueAt, timerSupplement)
	case domain.StatusReceived, domain.StatusProcessing:
		cal := st.cal()
		if !st.DueAt.IsZero() {
			if !st.DueReminded && st.Rules.ReminderHours > 0 {
				consider(cal.Sub(st.DueAt, st.reminder()), timerDueReminder)
			}
			if !st.Overdue {
				consider(st.DueAt, timerOverdue)
			}
		}
		if st.Status == domain.StatusProcessing && !st.StepDueAt.IsZero() {
			if !st.StepReminded && st.Rules.ReminderHours > 0 {
				consider(cal.Sub(st.StepDueAt, st.reminder()), timerStepReminder)
			}
			if !st.StepOverdue {
				consider(st.StepDueAt, timerStepOverdue)
			}
		}
	}
	return at, kind
}

// timerEvent applies a timer that fired and says what to record.
func (st *State) timerEvent(kind string, now time.Time) outcome {
	out := outcome{Action: kind, Actor: systemActor}
	switch kind {
	case timerSupplement:
		st.Status = domain.StatusStopped
		st.SupplementDueAt = time.Time{}
		out.Action = domain.ActionSupplementExpired
		out.Note = "Quá hạn bổ sung hồ sơ mà công dân chưa bổ sung."
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyStopped, now, out.Note))
	case timerDueReminder:
		st.DueReminded = true
		out.Action = domain.ActionReminder
		out.Note = "Sắp đến ngày hẹn trả kết quả: " + vnTime(st.DueAt) + "."
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyReminder, out.Note), st.toLeaders(domain.NotifyReminder, "Hồ sơ sắp đến hạn"))
	case timerOverdue:
		st.Overdue = true
		out.Action = domain.ActionOverdue
		out.Note = "Đã quá ngày hẹn trả kết quả: " + vnTime(st.DueAt) + "."
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyOverdue, out.Note), st.toLeaders(domain.NotifyOverdue, "Hồ sơ quá hạn"))
	case timerStepReminder:
		st.StepReminded = true
		out.Action = domain.ActionReminder
		out.Note = "Sắp hết hạn bước \"" + st.StepName + "\": " + vnTime(st.StepDueAt) + "."
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyReminder, out.Note))
	case timerStepOverdue:
		st.StepOverdue = true
		out.Action = domain.ActionStepOverdue
		out.Note = "Quá hạn bước \"" + st.StepName + "\": " + vnTime(st.StepDueAt) + "."
		out.Notify = append(out.Notify, st.toAssignee(domain.NotifyOverdue, out.Note), st.toLeaders(domain.NotifyOverdue, "Bước xử lý quá hạn"))
	}
	st.Version++
	return out
}
