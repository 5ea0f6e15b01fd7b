package app_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
	"github.com/dvc-project/dvc/workflows"
)

// TestCalendarChangeReachesDossiersInFlight: an administrator makes a working day a day
// off in the console; the new calendar version's job sends it to the dossiers in flight
// whose period the day falls in, which get new due dates, a log row and notifications,
// while the dossiers it does not concern are left untouched.
func TestCalendarChangeReachesDossiersInFlight(t *testing.T) {
	ctx := context.Background()
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	l := lifecycle{t: t, a: a, c: newClient(t, a.URL()).login("congdan", demo.Password)}
	motcua := l.actor("motcua")
	// long: 20 working days, crosses the day; paused: the same, waiting for a supplement
	// (its clock may resume across the day); short: same-day certification, due before
	// the day; fresh: submitted, not received (no clock yet).
	long, paused, short, fresh := l.submit("1.004496"), l.submit("1.004496"), l.submit("2.001914"), l.submit("1.004496")
	for _, code := range []string{long, paused, short} {
		l.must(code, workflows.UpdateReceive, workflows.Decision{Actor: motcua})
	}
	l.must(paused, workflows.UpdateRequestSupplement, workflows.Decision{Actor: motcua, Components: []string{"Tờ trình"}})
	before := map[string]domain.Dossier{}
	for _, code := range []string{long, paused, short, fresh} {
		before[code] = l.dossier(code)
	}
	rules, err := a.Store.Rules(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	day := fifthWorkingWeekday(worktime.MustNew(rules.Calendar), time.Now())
	if !before[short].DueAt.Before(day) || !before[long].DueAt.After(day) {
		t.Fatalf("the chosen day %v must fall after %s's due date %v and before %s's %v", day, short, before[short].DueAt, long, before[long].DueAt)
	}

	admin := newClient(t, a.URL()).login("quantri", demo.Password).browser(t)
	p := admin.get("/can-bo/quan-tri/ngay-nghi")
	r := admin.post(p, "/can-bo/quan-tri/ngay-nghi", url.Values{"day": {day.Format(time.DateOnly)}, "kind": {"holiday"},
		"name": {"Nghỉ đột xuất"}, "source": {"Quyết định thử nghiệm số 1"}})
	if r.Status != http.StatusOK || !strings.Contains(r.Body, "phiên bản lịch "+strconv.Itoa(rules.CalendarVersion+1)) {
		t.Fatalf("add the day: %d %s", r.Status, r.URL)
	}
	version, err := a.Store.LatestCalendar(ctx)
	if err != nil || version.Number != rules.CalendarVersion+1 {
		t.Fatalf("latest calendar %d, %v", version.Number, err)
	}
	var job workflows.CalendarJobResult
	if err := a.Temporal.GetWorkflow(ctx, workflows.CalendarJobID(version.Number), "").Get(ctx, &job); err != nil {
		t.Fatalf("calendar job: %v", err)
	}
	if job.Accepted != 2 || job.Refused != 0 || job.Scanned != 3 {
		t.Errorf("job %+v: want long and paused accepted of the 3 received dossiers", job)
	}

	t.Run("Crossed", func(t *testing.T) {
		d := l.dossier(long)
		rules, err := a.Store.Rules(ctx, *d.ReceivedAt)
		if err != nil {
			t.Fatal(err)
		}
		want, err := calendar.Appoint(version, calendar.Request{Rules: rules, Policy: rules.DuePolicy, ReceivedAt: *d.ReceivedAt,
			Duration: domain.Duration{Amount: 20, Unit: domain.UnitWorkingDays}})
		if err != nil {
			t.Fatal(err)
		}
		if !d.DueAt.Equal(want.DueAt) || !d.DueAt.After(*before[long].DueAt) || d.CalendarVersion == nil || *d.CalendarVersion != version.Number {
			t.Errorf("due %v (was %v), want %v with calendar %d", d.DueAt, before[long].DueAt, want.DueAt, version.Number)
		}
		last := lastEvent(l, long)
		if last.Action != domain.ActionCalendarChanged || !strings.Contains(last.Note, "Điều chỉnh hạn do thay đổi lịch làm việc: "+day.Format("02/01/2006")) ||
			!strings.Contains(last.Note, worktime.FormatMoment(want.DueAt)) {
			t.Errorf("last log row %+v", last)
		}
		if kinds := notificationKinds(t, l, long); !slices.Contains(kinds, "citizen "+domain.NotifyDeadlineChanged) ||
			!slices.Contains(kinds, "officer "+domain.NotifyDeadlineChanged) {
			t.Errorf("notifications %v", kinds)
		}
		if last := lastEvent(l, paused); last.Action != domain.ActionCalendarChanged || !l.dossier(paused).DueAt.Equal(*before[paused].DueAt) {
			t.Errorf("paused dossier: last row %+v", last)
		}
	})
	t.Run("Untouched", func(t *testing.T) {
		for _, code := range []string{short, fresh} {
			d := l.dossier(code)
			if last := lastEvent(l, code); last.Action == domain.ActionCalendarChanged || !sameTime(d.DueAt, before[code].DueAt) ||
				!sameInt(d.CalendarVersion, before[code].CalendarVersion) {
				t.Errorf("%s changed: last row %s, due %v (was %v)", code, last.Action, d.DueAt, before[code].DueAt)
			}
		}
	})
	t.Run("RepeatedChangesNothing", func(t *testing.T) {
		rows := len(l.events(long))
		if err := workflows.StartCalendarChange(ctx, a.Temporal, a.Config.Temporal.TaskQueue, version.Number); err != nil {
			t.Fatal(err)
		}
		change := domain.CalendarChange{Version: version.Number, Changes: []string{"x"}}
		if got := l.decide(long, workflows.UpdateCalendarChanged, workflows.Decision{Actor: workflows.Actor{Name: "Hệ thống",
			Roles: []string{domain.RoleSystem}}, Calendar: &change}); got != workflows.ErrConflict {
			t.Errorf("the same version again: %q", got)
		}
		if n := len(l.events(long)); n != rows {
			t.Errorf("%d log rows, was %d", n, rows)
		}
	})
}

// fifthWorkingWeekday is the fifth working day after now's day that is a weekday.
func fifthWorkingWeekday(cal *worktime.Calendar, now time.Time) time.Time {
	d := now.In(worktime.Location)
	d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, worktime.Location)
	for n := 0; n < 5 || d.Weekday() == time.Saturday || d.Weekday() == time.Sunday; {
		if d = d.AddDate(0, 0, 1); cal.IsWorkingDay(d) {
			n++
		}
	}
	return d
}

func lastEvent(l lifecycle, code string) domain.Event {
	es := l.events(code)
	return es[len(es)-1]
}

func notificationKinds(t *testing.T, l lifecycle, code string) []string {
	ns, err := l.a.Store.Notifications(context.Background(), l.dossier(code).ID)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		out = append(out, n.RecipientKind+" "+n.Kind)
	}
	return out
}

func sameTime(a, b *time.Time) bool {
	return a == nil && b == nil || a != nil && b != nil && a.Equal(*b)
}

func sameInt(a, b *int) bool { return a == nil && b == nil || a != nil && b != nil && *a == *b }
