package workflows_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// TestSupplementPauseAndResume: a supplement request stops the clock; when the citizen
// supplements, the deadlines shift by exactly the working time the dossier waited.
func TestSupplementPauseAndResume(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	cal := demoCal(t, h.store)
	motcua, lanhdao := h.officer("motcua"), h.officer("lanhdao")
	var before workflows.State
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateRequestSupplement, workflows.Decision{Actor: lanhdao,
		Components: []string{"Đề án thành lập trường (bản chính)"}}, "")
	h.state(hour+minute, func(st workflows.State) {
		before = st
		if st.Status != domain.StatusSupplementRequested || !st.Paused {
			t.Errorf("after the request: %v paused %v", st.Status, st.Paused)
		}
		if want := cal.Add(monday.Add(hour), 15*8*hour); !st.SupplementDueAt.Equal(want) {
			t.Errorf("supplement deadline %v, want %v", st.SupplementDueAt, want)
		}
	})
	resumeAt := monday.Add(3*day + 2*hour) // Thursday 11:00
	h.do(3*day+2*hour, workflows.UpdateSupplement, workflows.Decision{Actor: citizen(), Documents: []string{"de-an.pdf"}}, "")
	h.state(3*day+2*hour+minute, func(st workflows.State) {
		if st.Status != domain.StatusProcessing || st.Paused || st.Step != 1 {
			t.Fatalf("after the supplement: %v paused %v step %d", st.Status, st.Paused, st.Step)
		}
		// The civil-code period counts from Tuesday (Monday, the day of receipt, is not
		// counted): the whole period was left at the pause, and runs again from the resume.
		pausedAt := monday.Add(hour)
		if got, want := cal.Between(resumeAt, st.DueAt), cal.Between(vn(2026, 11, 24, 0, 0), before.DueAt); got != want || want != 20*8*hour {
			t.Errorf("remaining time after resume %v, before pause %v", got, want)
		}
		if got, want := cal.Between(resumeAt, st.StepDueAt), cal.Between(pausedAt, before.StepDueAt); got != want {
			t.Errorf("step remaining after resume %v, before pause %v", got, want)
		}
		if !st.DueAt.After(before.DueAt) {
			t.Errorf("due date did not move: %v", st.DueAt)
		}
	})
	h.cancelAt(4 * day)
	h.run()
	got := actions(h.events())
	if !slices.Contains(got, "request_supplement") || !slices.Contains(got, "supplement") {
		t.Fatalf("log %v", got)
	}
	if n := h.notified(domain.NotifySupplementRequested, "citizen"); len(n) != 1 || !strings.Contains(n[0].Body, "Đề án") {
		t.Fatalf("supplement notification: %+v", n)
	}
}

// TestSupplementRestart: under the restart rule set, the whole processing time starts
// again from the supplement.
func TestSupplementRestart(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	if _, err := h.store.DB().Exec(`INSERT INTO rule_sets (version, effective_from, supplement_policy, due_policy, note)
		VALUES (3, '2026-06-01T00:00:00+07:00', 'restart', 'civil_code', 'test: restart')`); err != nil {
		t.Fatal(err)
	}
	cal := demoCal(t, h.store)
	motcua, lanhdao := h.officer("motcua"), h.officer("lanhdao")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateRequestSupplement, workflows.Decision{Actor: lanhdao, Components: []string{"Tờ trình"}}, "")
	resumeAt := monday.Add(7 * day) // next Monday 09:00
	h.do(7*day, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
	h.state(7*day+minute, func(st workflows.State) {
		if st.Rules.Version != 3 || st.Rules.SupplementPolicy != domain.PolicyRestart {
			t.Fatalf("rule set %d %q", st.Rules.Version, st.Rules.SupplementPolicy)
		}
		// Counted again from Monday 30/11 (not counted): the 20th working day after it is
		// Monday 28/12, due at 17:00.
		if !st.DueAt.Equal(vn(2026, 12, 28, 17, 0)) || !st.ClockStartAt.Equal(resumeAt) || st.Overdue {
			t.Errorf("due after restart %v from %v, want Monday 28/12 17:00 from %v", st.DueAt, st.ClockStartAt, resumeAt)
		}
		if want := cal.Add(resumeAt, 8*hour); !st.StepDueAt.Equal(want) {
			t.Errorf("step due after restart %v, want %v", st.StepDueAt, want)
		}
	})
	h.cancelAt(8 * day)
	h.run()
}

// TestSupplementDeadlineStops: no supplement by the deadline stops the dossier and tells
// the citizen.
func TestSupplementDeadlineStops(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua := h.officer("motcua")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua, Components: []string{"Bản sao quyết định"}}, "")
	st := h.run() // no supplement: the timer ends the dossier
	if st.Status != domain.StatusStopped {
		t.Fatalf("status %v", st.Status)
	}
	es := h.events()
	last := es[len(es)-1]
	// 15 working days from Monday 09:02 (no holidays in between) is Monday 14 December 09:02.
	if last.Action != domain.ActionSupplementExpired || !last.At.Equal(vn(2026, 12, 14, 9, 2)) {
		t.Fatalf("last row %s at %v", last.Action, last.At)
	}
	if n := h.notified(domain.NotifyStopped, "citizen"); len(n) != 1 {
		t.Fatalf("stop notification: %+v", n)
	}
}

// TestSupplementBeforeReceiptThenWithdraw: the desk asks for a correction before
// receiving; the citizen corrects, then withdraws the dossier.
func TestSupplementBeforeReceiptThenWithdraw(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua := h.officer("motcua")
	h.do(minute, workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua, Components: []string{"Tờ trình ký sai"}}, "")
	h.state(2*minute, func(st workflows.State) {
		if st.Paused || !st.DueAt.IsZero() {
			t.Errorf("clock started before receipt: %+v", st.DueAt)
		}
	})
	h.do(day, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
	h.state(day+minute, func(st workflows.State) {
		if st.Status != domain.StatusNew {
			t.Errorf("after the correction: %v", st.Status)
		}
	})
	h.do(day+hour, workflows.UpdateWithdraw, workflows.Decision{Actor: citizen(), Note: "Nộp nhầm thủ tục"}, "")
	st := h.run()
	if st.Status != domain.StatusWithdrawalRequested {
		t.Fatalf("status %v", st.Status)
	}
	if got := actions(h.events()); !slices.Equal(got, []string{"submitted", "request_supplement", "supplement", "withdraw"}) {
		t.Fatalf("log %v", got)
	}
}

// TestSupplementOncePerStage: a supplement may be requested once at the desk and once
// along the route; a further request in a stage is refused, unless a leader approves it
// with a reason, which the log records; every request lists its components one by one.
func TestSupplementOncePerStage(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
	ask := func(a workflows.Actor, reason string) workflows.Decision {
		return workflows.Decision{Actor: a, Components: []string{"Tờ trình", "Đề án thành lập"}, ApprovalReason: reason}
	}
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateRequestSupplement, ask(motcua, ""), "")
	h.do(hour, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
	h.do(2*hour, workflows.UpdateRequestSupplement, ask(motcua, ""), workflows.ErrConflict)
	h.do(2*hour+minute, workflows.UpdateRequestSupplement, ask(motcua, "Thiếu chữ ký"), workflows.ErrConflict) // not a leader
	h.do(2*hour+2*minute, workflows.UpdateRequestSupplement, ask(lanhdao, " "), workflows.ErrInvalid)
	h.do(2*hour+3*minute, workflows.UpdateRequestSupplement, ask(lanhdao, "Tờ trình bổ sung chưa có chữ ký"), "")
	h.do(3*hour, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
	h.do(3*hour+minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(3*hour+2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name}, "")
	h.do(4*hour, workflows.UpdateRequestSupplement, ask(chuyenvien, ""), "") // the processing stage's first
	h.state(4*hour+minute, func(st workflows.State) {
		var stages []string
		for _, r := range st.Supplements {
			stages = append(stages, r.Stage)
		}
		if !slices.Equal(stages, []string{workflows.StageReception, workflows.StageReception, workflows.StageProcessing}) ||
			st.Supplements[1].ApprovedBy != lanhdao.Name || !slices.Equal(st.Supplements[2].Components, []string{"Tờ trình", "Đề án thành lập"}) {
			t.Errorf("requests %+v", st.Supplements)
		}
	})
	h.cancelAt(5 * hour)
	h.run()
	var notes []string
	for _, e := range h.events() {
		if e.Action == domain.ActionSupplementRequested {
			notes = append(notes, e.Note)
		}
	}
	want := []string{"Yêu cầu bổ sung lần 1: (1) Tờ trình; (2) Đề án thành lập",
		"Yêu cầu bổ sung lần 2: (1) Tờ trình; (2) Đề án thành lập. Lãnh đạo " + lanhdao.Name +
			" phê duyệt yêu cầu bổ sung thêm: Tờ trình bổ sung chưa có chữ ký",
		"Yêu cầu bổ sung lần 3: (1) Tờ trình; (2) Đề án thành lập"}
	if !slices.Equal(notes, want) {
		t.Errorf("notes %q, want %q", notes, want)
	}
}
