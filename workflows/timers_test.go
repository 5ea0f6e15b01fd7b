package workflows_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/converter"
	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// TestTimersAcrossCutoffWeekendAndHolidays: received on a Friday after the cut-off before
// the Quốc khánh holidays, a 3-working-day procedure is due Monday 7 September 17:00:
// Friday 28 August, the day of receipt, is not counted (so the cut-off changes nothing);
// Saturday 29 and Sunday 30 are the weekend, Monday 31 is off in exchange for Saturday
// 22 August (9441/TB-BNV), 1–2 September are Quốc khánh; Thursday 3, Friday 4 and Monday
// 7 September are the three working days. The reminder fires one working day before,
// the overdue mark at the date.
func TestTimersAcrossCutoffWeekendAndHolidays(t *testing.T) {
	friday := vn(2026, 8, 28, 15, 30)
	h := newHarness(t, landMortgage, friday)
	desk := h.officer("tnmt.motcua")
	h.do(time.Second, workflows.UpdateReceive, workflows.Decision{Actor: desk}, "")
	h.state(minute, func(st workflows.State) {
		if !st.ClockStartAt.Equal(friday.Add(time.Second)) {
			t.Errorf("clock starts %v, want the receipt, Friday 28 August 15:30", st.ClockStartAt)
		}
		if !st.DueAt.Equal(vn(2026, 9, 7, 17, 0)) || st.Rules.CalendarVersion != 3 {
			t.Errorf("due %v with calendar %d, want Monday 7 September 17:00 with the shipped calendar's 3", st.DueAt, st.Rules.CalendarVersion)
		}
	})
	h.cancelAt(12 * day)
	h.run()
	es := h.events()
	if got := actions(es); !slices.Equal(got, []string{"submitted", "receive", "reminder", "overdue"}) {
		t.Fatalf("log %v", got)
	}
	if !es[2].At.Equal(vn(2026, 9, 7, 7, 0)) || !es[3].At.Equal(vn(2026, 9, 7, 17, 0)) {
		t.Fatalf("reminder at %v, overdue at %v", es[2].At, es[3].At)
	}
	if n := h.notified(domain.NotifyReminder, "officer"); len(n) == 0 {
		t.Fatal("no reminder notification")
	}
	if n := h.notified(domain.NotifyOverdue, "officer"); len(n) < 2 { // the desk officer and the leader
		t.Fatalf("overdue notifications: %d", len(n))
	}
}

// TestStepTimers: a step's reminder and overdue mark follow its budget; moving on resets
// them for the next step.
func TestStepTimers(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua := h.officer("motcua")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	// Step 1 (8 working hours from Monday 09:02) is due Tuesday 09:02; its reminder
	// (8 hours before) would be at once, so only the overdue mark fires.
	h.cancelAt(2 * day)
	h.run()
	es := h.events()
	if got := actions(es); !slices.Equal(got, []string{"submitted", "receive", "transfer", "step_overdue"}) {
		t.Fatalf("log %v", got)
	}
	if !es[3].At.Equal(vn(2026, 11, 24, 9, 2)) || es[3].StepName != "Lãnh đạo phòng phân công" {
		t.Fatalf("step overdue row: %+v", es[3])
	}
}

// TestContinueAsNew: when the server suggests it, the workflow continues as new carrying
// its state, and the new run goes on from there. A run begun before local activities
// moves to them in its next run (a new history).
func TestContinueAsNew(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua := h.officer("motcua")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.env.RegisterDelayedCallback(func() { h.env.SetContinueAsNewSuggested(true) }, 2*minute)
	h.do(3*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.env.ExecuteWorkflow(workflows.DossierWorkflow, workflows.DossierInput{DossierID: h.d.ID, Code: *h.d.Code,
		ProcedureID: h.d.ProcedureID, AgencyID: h.d.AgencyID, ApplicantName: h.d.Name, SubmittedAt: *h.d.SubmittedAt})
	var can *workflow.ContinueAsNewError
	if err := h.env.GetWorkflowError(); !errors.As(err, &can) {
		t.Fatalf("workflow ended with %v, want continue-as-new", err)
	}
	var next workflows.DossierInput
	if err := converter.GetDefaultDataConverter().FromPayloads(can.Input, &next); err != nil {
		t.Fatal(err)
	}
	if !next.LocalStore {
		t.Error("the next run does not move to local activities")
	}
	if next.Resume == nil || next.Resume.Status != domain.StatusProcessing || next.Resume.Seq != 3 || len(next.Resume.Log) != 3 {
		t.Fatalf("carried state: %+v", next.Resume)
	}

	// The next run resumes: no second "submitted" row, decisions continue the sequence.
	h2 := &harness{t: t, env: newEnv(h.store, monday.Add(2*minute)), store: h.store, d: h.d}
	h2.do(minute, workflows.UpdateTransfer, workflows.Decision{Actor: h.officer("lanhdao")}, "")
	h2.cancelAt(hour)
	h2.env.ExecuteWorkflow(workflows.DossierWorkflow, next)
	for _, c := range h2.checks {
		c()
	}
	if got := actions(h.events()); !slices.Equal(got, []string{"submitted", "receive", "transfer", "transfer"}) {
		t.Fatalf("log after resuming %v", got)
	}
}
