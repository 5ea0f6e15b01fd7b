package workflows_test

import (
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// TestInstantTimelineKeepsTodaysNumbers: a dossier received under the rule set before
// the civil code (1, instant: 2025) is counted from its timeline, and gets exactly the
// dates the older arithmetic gave: ClockStart + 20 × 8 working hours, then shifted by
// the working time it waited for a supplement.
func TestInstantTimelineKeepsTodaysNumbers(t *testing.T) {
	start := vn(2025, 11, 24, 9, 0) // a Monday
	h := newHarness(t, educationActivity, start)
	cal := demoCal(t, h.store)
	motcua, lanhdao := h.officer("motcua"), h.officer("lanhdao")
	var before workflows.State
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.state(2*minute, func(st workflows.State) {
		before = st
		received := start.Add(minute)
		if st.Clock != workflows.ClockTimeline || st.Rules.Version != 1 || st.Rules.DuePolicy != domain.DueInstant {
			t.Fatalf("clock %d, rule set %d %q", st.Clock, st.Rules.Version, st.Rules.DuePolicy)
		}
		if want := cal.Due(cal.ClockStart(received), 20, domain.WorkingDays); !st.DueAt.Equal(want) || !st.ClockStartAt.Equal(received) {
			t.Errorf("due %v from %v, want %v", st.DueAt, st.ClockStartAt, want)
		}
	})
	h.do(3*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateRequestSupplement, workflows.Decision{Actor: lanhdao, Components: []string{"Tờ trình"}}, "")
	h.do(3*day+2*hour, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
	h.state(3*day+2*hour+minute, func(st workflows.State) {
		pausedAt, resumedAt := start.Add(hour), start.Add(3*day+2*hour)
		if want := cal.Add(resumedAt, cal.Between(pausedAt, before.DueAt)); !st.DueAt.Equal(want) {
			t.Errorf("due after the supplement %v, want %v", st.DueAt, want)
		}
		if len(st.Stops) != 1 || !st.Stops[0].From.Equal(pausedAt) || !st.Stops[0].To.Equal(resumedAt) || st.Stops[0].Restart {
			t.Errorf("interruptions %+v", st.Stops)
		}
	})
	h.cancelAt(4 * day)
	h.run()
}
