package workflows

import (
	"time"

	"github.com/dvc-project/dvc/internal/worktime"
)

// ClockTimeline is State.Clock for a dossier whose due date is computed, at every turn,
// from its receipt, its processing time and the interruptions of its clock
// (worktime.Calendar.Timeline) under its rule set's due policy, so that a new calendar
// can count it again. Dossiers received before it (Clock 0) keep ClockStart and Due,
// shifted by the working time left at each pause: under the instant policy the two give
// the same dates.
const ClockTimeline = 1

// changeTimeline is the workflow.GetVersion change of the receive decision that starts
// a ClockTimeline clock; histories recorded before it replay the older arithmetic.
const changeTimeline = "deadline-timeline"

// Reasons of the clock's interruptions, as explanations print them.
const (
	stopSupplement = "bổ sung hồ sơ"
	stopPayment    = "thực hiện nghĩa vụ tài chính"
)

// timeline computes DueAt and ClockStartAt again from the receipt, the processing time
// and the interruptions, with cal. A dossier whose clock is paused keeps its DueAt until
// it resumes; one extended by an apology keeps the leader's date. It reports false when
// the arithmetic refuses the dossier's data (the caller then counts the older way).
func (st *State) timeline(cal *worktime.Calendar) bool {
	r, err := cal.Timeline(st.ReceivedAt, st.Snapshot.Processing(), st.Snapshot.Cutoff, st.Rules.DuePolicy, st.Stops)
	if err != nil {
		return false
	}
	if r.Paused {
		return true
	}
	st.ClockStartAt = r.ClockStartAt
	if st.Extensions == 0 {
		st.DueAt = r.DueAt
	}
	return true
}

// stepDue computes the current step's deadline again with cal: its budget from when the
// step started, shifted past each interruption since as pause and resume shift it. Zero
// when the step has no deadline or its start is unknown (a step entered before
// StepStartedAt was kept).
func (st *State) stepDue(cal *worktime.Calendar) time.Time {
	if st.Step == 0 || st.StepDueAt.IsZero() || st.StepStartedAt.IsZero() {
		return time.Time{}
	}
	due := cal.Add(st.StepStartedAt, time.Duration(st.Snapshot.Route[st.Step-1].BudgetHours)*time.Hour)
	for _, s := range st.Stops {
		if s.From.Before(st.StepStartedAt) || s.To.IsZero() {
			continue
		}
		due = cal.Add(s.To, cal.Between(s.From, due))
	}
	return due
}

// stop records an interruption of a ClockTimeline clock starting now.
func (st *State) stop(now time.Time, reason string, restart bool) {
	if st.Clock == ClockTimeline {
		st.Stops = append(st.Stops, worktime.Interruption{From: now, Reason: reason, Restart: restart})
	}
}

// restartClock closes the running interruption of a ClockTimeline clock at now.
func (st *State) restartClock(now time.Time) {
	if n := len(st.Stops); st.Clock == ClockTimeline && n > 0 && st.Stops[n-1].To.IsZero() {
		st.Stops[n-1].To = now
	}
}
