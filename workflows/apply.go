package workflows

import (
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
	// changes are the workflow.GetVersion answers the decision's Apply may depend on.
	changes changes
}

// changes say which changes of behaviour are in force for a decision being applied: a
// run replaying a history recorded before a change keeps the behaviour it had then.
type changes struct {
	claimLogged bool // ChangeClaimLogged
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
	st.StepStartedAt, st.StepDueAt = now, cal.Add(now, budget)
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

// pause stops the clock (when it runs) while the citizen supplements or pays (reason);
// restartable: the restart policy starts the whole processing time again at the resume.
func (st *State) pause(now time.Time, cal *worktime.Calendar, reason string, restartable bool) {
	st.ResumeStatus = st.Status
	if st.DueAt.IsZero() || st.Paused {
		return
	}
	st.stop(now, reason, restartable && st.Rules.SupplementPolicy == domain.PolicyRestart)
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
	st.restartClock(now)
	timeline := st.Clock == ClockTimeline && st.Extensions == 0 && st.timeline(cal)
	if st.Rules.SupplementPolicy == domain.PolicyRestart && !st.SupplementDueAt.IsZero() {
		if !timeline {
			st.ClockStartAt = cal.ClockStart(now)
			st.DueAt = cal.Due(st.ClockStartAt, st.Snapshot.ProcessingDays, st.Snapshot.DayKind)
		}
		st.Overdue, st.DueReminded = false, false
		if st.Step > 0 {
			st.enterStep(st.Step, now, cal)
		}
		return
	}
	if !timeline {
		st.DueAt = cal.Add(now, st.RemainingDue)
	}
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
