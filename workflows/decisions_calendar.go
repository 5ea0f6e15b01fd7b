package workflows

import (
	"slices"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// UpdateCalendarChanged brings a new calendar version to a dossier in flight: the
// system's decision, sent by CalendarChangeWorkflow to each dossier whose period a
// changed day falls in (Decision.Calendar).
const UpdateCalendarChanged = "calendar_changed"

var calendarDecisions = []decision{
	{Name: UpdateCalendarChanged, Order: 170, Label: "Điều chỉnh hạn do thay đổi lịch làm việc",
		Roles: []string{domain.RoleSystem},
		Check: (*State).checkCalendarChanged, Apply: (*State).applyCalendarChanged},
}

// checkCalendarChanged accepts a newer calendar version for a dossier whose clock has
// started and may still run, when it moves a due date (or the clock is paused: the new
// days then count from the resume). An older or equal version is refused, so a repeated
// job changes nothing.
func (st *State) checkCalendarChanged(d Decision, _ time.Time) error {
	if !d.Actor.Has(domain.RoleSystem) || d.Actor.ID != 0 {
		return forbidden("Chỉ hệ thống mới điều chỉnh hạn theo lịch làm việc.")
	}
	if d.Calendar == nil || d.Calendar.Version <= 0 {
		return invalid("Thiếu phiên bản lịch làm việc.")
	}
	if !st.statusIn(domain.StatusReceived, domain.StatusProcessing, domain.StatusSupplementRequested, domain.StatusPaymentRequested) ||
		st.ReceivedAt.IsZero() {
		return st.wrongState(UpdateCalendarChanged)
	}
	if d.Calendar.Version <= st.Rules.CalendarVersion {
		return conflict("Hồ sơ đã tính hạn theo phiên bản lịch này hoặc mới hơn.")
	}
	after := *st
	after.recount(d.Calendar)
	if !st.Paused && after.DueAt.Equal(st.DueAt) && after.StepDueAt.Equal(st.StepDueAt) {
		return conflict("Thay đổi lịch làm việc không làm thay đổi hạn của hồ sơ.")
	}
	return nil
}

// applyCalendarChanged counts the dossier's due dates again with the new days, resets
// the reminders and overdue marks of a moved date, and tells the assignee and the
// citizen.
func (st *State) applyCalendarChanged(d Decision, now time.Time, _ *worktime.Calendar, out *outcome) {
	due, step := st.DueAt, st.StepDueAt
	st.recount(d.Calendar)
	if !st.DueAt.Equal(due) {
		st.Overdue, st.DueReminded = false, false
	}
	if !st.StepDueAt.Equal(step) {
		budget := time.Duration(st.Snapshot.Route[st.Step-1].BudgetHours) * time.Hour
		st.StepOverdue, st.StepReminded = false, budget <= st.reminder()
	}
	note := "Điều chỉnh hạn do thay đổi lịch làm việc: " + strings.Join(d.Calendar.Changes, "; ") + "."
	switch {
	case st.Paused:
		note += " Hồ sơ đang tạm dừng tính thời gian: hạn giải quyết sẽ được tính lại theo lịch mới khi tiếp tục."
	case !st.DueAt.Equal(due):
		note += " Hạn giải quyết: " + worktime.FormatMoment(st.DueAt) + " (trước đây " + worktime.FormatMoment(due) + ")."
	}
	if !st.StepDueAt.Equal(step) {
		note += " Hạn bước \"" + st.StepName + "\": " + worktime.FormatMoment(st.StepDueAt) + "."
	}
	out.Note, out.Receiver = note, st.receiver()
	out.Notify = append(out.Notify, st.toAssignee(domain.NotifyDeadlineChanged, note))
	if !st.DueAt.Equal(due) && !st.Paused {
		out.Notify = append(out.Notify, st.toCitizen(domain.NotifyDeadlineChanged, now, note))
	}
}

// recount takes the days of calendar version c and counts the due dates again: a dossier
// counted the older way (Clock 0) first takes its timeline from its processing log.
func (st *State) recount(c *domain.CalendarChange) {
	st.Rules.Calendar.Holidays, st.Rules.Calendar.Workdays = slices.Clone(c.Holidays), slices.Clone(c.Workdays)
	st.Rules.CalendarVersion = c.Version
	cal := st.cal()
	if st.Clock != ClockTimeline {
		st.Clock, st.Stops = ClockTimeline, st.stopsFromLog()
	}
	if !st.timeline(cal) {
		return
	}
	if due := st.stepDue(cal); !due.IsZero() {
		st.StepDueAt = due
	}
}

// stopsFromLog rebuilds the interruptions of a dossier counted the older way from its
// processing log: a supplement or payment requested after the receipt stops the clock,
// the supplement or the payment's confirmation restarts it.
func (st *State) stopsFromLog() []worktime.Interruption {
	var stops []worktime.Interruption
	open := -1
	for _, e := range st.Log {
		if e.At.Before(st.ReceivedAt) {
			continue
		}
		switch e.Action {
		case domain.ActionSupplementRequested, domain.ActionPaymentRequested:
			if open < 0 {
				supplement := e.Action == domain.ActionSupplementRequested
				reason := map[bool]string{true: stopSupplement, false: stopPayment}[supplement]
				stops = append(stops, worktime.Interruption{From: e.At, Reason: reason,
					Restart: supplement && st.Rules.SupplementPolicy == domain.PolicyRestart})
				open = len(stops) - 1
			}
		case domain.ActionSupplemented, domain.ActionPaymentConfirmed:
			if open >= 0 {
				stops[open].To, open = e.At, -1
			}
		}
	}
	return stops
}
