package workflows_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/worktime"
	"github.com/dvc-project/dvc/workflows"
)

var system = workflows.Actor{Name: "Hệ thống", Roles: []string{domain.RoleSystem}}

// edits prepares calendar versions that a test stores during the workflow's run, each
// the one before with one more holiday.
type edits struct {
	h    *harness
	last calendar.Version
}

func (h *harness) edits() *edits {
	h.t.Helper()
	v, err := h.store.LatestCalendar(context.Background())
	if err != nil {
		h.t.Fatal(err)
	}
	return &edits{h: h, last: v}
}

// add returns the next version, with holiday, as the dossiers receive it, and its
// working calendar; the version is stored at offset (workflow time from the start).
func (e *edits) add(offset time.Duration, holiday string) (*domain.CalendarChange, domain.CalendarSpec) {
	day := calendar.Day{Date: holiday, Kind: calendar.Holiday, Name: "Nghỉ thử nghiệm", Source: "Thử nghiệm"}
	days := append(slices.Clone(e.last.Days), day)
	e.last = calendar.Version{Number: e.last.Number + 1, Days: days}
	want := e.last.Number
	e.h.env.RegisterDelayedCallback(func() {
		v, _, err := e.h.store.SaveCalendarVersion(context.Background(), postgres.NewCalendarVersion{Days: days,
			Origin: postgres.OriginConsole, At: e.h.start.Add(offset), Note: "Thử nghiệm"})
		if err != nil || v.Number != want {
			e.h.t.Errorf("calendar version %d stored as %d: %v", want, v.Number, err)
		}
	}, offset)
	spec := e.last.Spec(domain.DefaultCalendarSpec())
	return &domain.CalendarChange{Version: want, Holidays: spec.Holidays, Workdays: spec.Workdays,
		Changes: []string{holiday + ": ngày làm việc → Nghỉ thử nghiệm"}}, spec
}

// TestCalendarChanged: a newer calendar version moves the due date of a dossier in
// flight, writes a log row and tells the assignee and the citizen; only the system may
// send it, and a repeated, older or ineffective version is refused without a trace.
func TestCalendarChanged(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	motcua := h.officer("motcua")
	cal := h.edits()
	change, _ := cal.add(hour, "2026-12-01")
	later, _ := cal.add(hour, "2027-03-02") // after the due date: moves nothing
	old := *change
	old.Version = 3
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateCalendarChanged, workflows.Decision{Actor: motcua, Calendar: change}, workflows.ErrForbidden)
	h.do(hour+minute, workflows.UpdateCalendarChanged, workflows.Decision{Actor: system, Calendar: &old}, workflows.ErrConflict)
	h.do(hour+2*minute, workflows.UpdateCalendarChanged, workflows.Decision{Actor: system, Calendar: change}, "")
	h.state(hour+3*minute, func(st workflows.State) {
		// 20 working days after Monday 23/11 was Monday 21/12; with Tuesday 01/12 off, Tuesday 22/12.
		if !st.DueAt.Equal(vn(2026, 12, 22, 17, 0)) || st.Rules.CalendarVersion != change.Version || !slices.Contains(st.Rules.Calendar.Holidays, "2026-12-01") {
			t.Errorf("due %v with calendar %d", st.DueAt, st.Rules.CalendarVersion)
		}
	})
	h.do(hour+4*minute, workflows.UpdateCalendarChanged, workflows.Decision{Actor: system, Calendar: change}, workflows.ErrConflict)
	h.do(hour+5*minute, workflows.UpdateCalendarChanged, workflows.Decision{Actor: system, Calendar: later}, workflows.ErrConflict)
	h.cancelAt(2 * day)
	h.run()
	es := h.events()
	if got := actions(es); !slices.Equal(got, []string{"submitted", "receive", "calendar_changed"}) {
		t.Fatalf("log %v", got)
	}
	if e := es[2]; e.ActorName != "Hệ thống" || !strings.Contains(e.Note, "Điều chỉnh hạn do thay đổi lịch làm việc: 2026-12-01") ||
		!strings.Contains(e.Note, "17 giờ 00 phút, ngày 22/12/2026 (trước đây 17 giờ 00 phút, ngày 21/12/2026)") {
		t.Errorf("log row %+v", e)
	}
	if n := h.notified(domain.NotifyDeadlineChanged, "citizen"); len(n) != 1 {
		t.Errorf("citizen notifications %+v", n)
	}
	if n := h.notified(domain.NotifyDeadlineChanged, "officer"); len(n) != 1 || n[0].AccountID == nil || *n[0].AccountID != motcua.ID {
		t.Errorf("assignee notifications %+v", n)
	}
	if p := h.projection(); p.CalendarVersion == nil || *p.CalendarVersion != change.Version {
		t.Errorf("projected calendar version %v", p.CalendarVersion)
	}
}

// TestCalendarChangedCountsAnOlderDossier: a dossier received before due dates were
// counted from a timeline (workflow.DefaultVersion: Clock 0, paused once for a
// supplement) takes its timeline from its processing log when a calendar change reaches
// it, and gets the date the timeline gives with the new days.
func TestCalendarChangedCountsAnOlderDossier(t *testing.T) {
	start := vn(2025, 11, 24, 9, 0) // the instant rule set (1)
	h := newHarness(t, educationActivity, start)
	h.env.OnGetVersion("deadline-timeline", workflow.DefaultVersion, workflows.ClockTimeline).Return(workflow.DefaultVersion)
	motcua := h.officer("motcua")
	change, spec := h.edits().add(day+2*hour, "2025-12-10")
	var before workflows.State
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(hour, workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua, Components: []string{"Tờ trình"}}, "")
	h.do(day+hour, workflows.UpdateSupplement, workflows.Decision{Actor: citizen()}, "")
	h.state(day+2*hour, func(st workflows.State) { before = st })
	h.do(day+3*hour, workflows.UpdateCalendarChanged, workflows.Decision{Actor: system, Calendar: change}, "")
	h.state(day+4*hour, func(st workflows.State) {
		if before.Clock != 0 || st.Clock != workflows.ClockTimeline || len(st.Stops) != 1 {
			t.Fatalf("clock %d → %d, interruptions %+v", before.Clock, st.Clock, st.Stops)
		}
		stops := []worktime.Interruption{{From: start.Add(hour), To: start.Add(day + hour)}}
		d := domain.Duration{Amount: 20, Unit: domain.UnitWorkingDays}
		was, _ := worktime.MustNew(before.Rules.Calendar).Timeline(before.ReceivedAt, d, "", "", stops)
		now, _ := worktime.MustNew(spec).Timeline(before.ReceivedAt, d, "", "", stops)
		if !was.DueAt.Equal(before.DueAt) || !st.DueAt.Equal(now.DueAt) || !st.DueAt.After(before.DueAt) {
			t.Errorf("due %v → %v; the timeline gives %v with the old days, %v with the new", before.DueAt, st.DueAt, was.DueAt, now.DueAt)
		}
	})
	h.cancelAt(2 * day)
	h.run()
	if got := actions(h.events()); !slices.Equal(got, []string{"submitted", "receive", "request_supplement", "supplement", "calendar_changed"}) {
		t.Fatalf("log %v", got)
	}
}
