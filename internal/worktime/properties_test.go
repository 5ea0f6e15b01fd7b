package worktime_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// officeHours are the session layouts the random calendars use; the first is dvc's default.
var officeHours = [][]string{
	{"07:00-11:30", "13:30-17:00"},
	{"07:30-11:30", "13:00-17:00"},
	{"08:00-16:00"},
	{"07:00-09:00", "09:30-11:30", "13:30-17:30"},
}

// randomCalendar: one of officeHours, a cut-off or none, 20 random weekdays off and 6
// random weekend days worked in 2026–2027.
type randomCalendar struct {
	cal      *worktime.Calendar
	sessions []string
}

func newRandomCalendar(t *testing.T, r *rand.Rand) randomCalendar {
	spec := domain.CalendarSpec{Sessions: officeHours[r.IntN(len(officeHours))], Cutoff: []string{"", "15:00", "16:00"}[r.IntN(3)]}
	for len(spec.Holidays) < 20 || len(spec.Workdays) < 6 {
		d := at(2026, 1, 1, 0, 0).AddDate(0, 0, r.IntN(730))
		if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
			spec.Workdays = append(spec.Workdays, d.Format(time.DateOnly))
		} else {
			spec.Holidays = append(spec.Holidays, d.Format(time.DateOnly))
		}
	}
	c, err := worktime.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	return randomCalendar{c, spec.Sessions}
}

// sessionEnds are the instants on t's day at which a session ends.
func (rc randomCalendar) sessionEnds(t time.Time) []time.Time {
	y, m, d := t.In(worktime.Location).Date()
	var out []time.Time
	for _, s := range rc.sessions {
		var hh, mm int
		if _, err := fmt.Sscanf(s[6:], "%d:%d", &hh, &mm); err != nil {
			panic(fmt.Sprintf("session %q: %v", s, err)) // the generator writes HH:MM-HH:MM
		}
		out = append(out, time.Date(y, m, d, hh, mm, 0, 0, worktime.Location))
	}
	return out
}

func randomReceipt(r *rand.Rand) time.Time {
	return at(2026, 1, 1, 0, 0).Add(time.Duration(r.IntN(540*24*60)) * time.Minute)
}

func randomDuration(r *rand.Rand) domain.Duration {
	switch r.IntN(4) {
	case 0:
		return days(float64(1+r.IntN(60)) / 2)
	case 1:
		return hoursOf(float64(1+r.IntN(40*4)) / 4)
	case 2:
		return calDays(float64(1 + r.IntN(45)))
	}
	return sameDay
}

func randomPolicy(r *rand.Rand) domain.DuePolicy {
	return []domain.DuePolicy{civilCode, instant, ""}[r.IntN(3)]
}

// seeded returns a random source with a logged seed.
func seeded(t *testing.T) *rand.Rand {
	seed := uint64(20260110)
	t.Logf("seed %d", seed)
	return rand.New(rand.NewPCG(seed, seed))
}

// eachRandom calls check on calendars random calendars with each random receipts,
// durations and policies apiece.
func eachRandom(t *testing.T, calendars, each int, check func(*rand.Rand, randomCalendar, time.Time, domain.Duration, domain.DuePolicy)) {
	r := seeded(t)
	for i := 0; i < calendars; i++ {
		rc := newRandomCalendar(t, r)
		for j := 0; j < each; j++ {
			check(r, rc, randomReceipt(r), randomDuration(r), randomPolicy(r))
		}
	}
}

func mustDeadline(t *testing.T, c *worktime.Calendar, at time.Time, d domain.Duration, p domain.DuePolicy, stops ...worktime.Interruption) worktime.Result {
	t.Helper()
	r, err := c.Timeline(at, d, "", p, stops)
	if err != nil {
		t.Fatalf("%v %+v %s: %v", at, d, p, err)
	}
	return r
}

// TestPropertiesOrder: the receipt is never deemed earlier than it happened, the due
// moment never before the deemed receipt, and it is always in office hours of a working
// day; under the civil code a period in days ends at a session's end (half a day with a
// single session: at the day's midpoint).
func TestPropertiesOrder(t *testing.T) {
	eachRandom(t, 40, 150, func(r *rand.Rand, rc randomCalendar, recv time.Time, d domain.Duration, p domain.DuePolicy) {
		res := mustDeadline(t, rc.cal, recv, d, p)
		if res.DeemedReceivedAt.Before(recv) || res.DueAt.Before(res.DeemedReceivedAt) || !rc.cal.InOffice(res.DueAt) {
			t.Fatalf("%v %+v %q: deemed %v, due %v", recv, d, p, res.DeemedReceivedAt, res.DueAt)
		}
		if p != civilCode || d.Unit == domain.UnitWorkingHours {
			return
		}
		ends := rc.sessionEnds(res.DueAt)
		half := d.Unit == domain.UnitWorkingDays && d.Amount != float64(int(d.Amount)) && len(rc.sessions) == 1
		if !slices.ContainsFunc(ends, res.DueAt.Equal) && !half {
			t.Fatalf("%v %+v with %v: due %v is not a session's end", recv, d, rc.sessions, res.DueAt)
		}
	})
}

// TestPropertiesCount: under the civil code, n working days end on the n-th working day
// after the day of receipt, and n calendar days on the first working day from the n-th
// day on; both counted here day by day with IsWorkingDay alone.
func TestPropertiesCount(t *testing.T) {
	eachRandom(t, 40, 150, func(r *rand.Rand, rc randomCalendar, recv time.Time, _ domain.Duration, _ domain.DuePolicy) {
		n := 1 + r.IntN(30)
		res := mustDeadline(t, rc.cal, recv, days(float64(n)), civilCode)
		day := res.DeemedReceivedAt
		for k := 0; k < n; {
			if day = day.AddDate(0, 0, 1); rc.cal.IsWorkingDay(day) {
				k++
			}
		}
		if !sameDate(day, res.DueAt) {
			t.Fatalf("%v + %d wd: due %v, counted %v", recv, n, res.DueAt, day)
		}
		res = mustDeadline(t, rc.cal, recv, calDays(float64(n)), civilCode)
		day = res.DeemedReceivedAt.AddDate(0, 0, n)
		for !rc.cal.IsWorkingDay(day) {
			day = day.AddDate(0, 0, 1)
		}
		if !sameDate(day, res.DueAt) {
			t.Fatalf("%v + %d days: due %v, counted %v", recv, n, res.DueAt, day)
		}
	})
}

func sameDate(a, b time.Time) bool {
	return a.In(worktime.Location).Format(time.DateOnly) == b.In(worktime.Location).Format(time.DateOnly)
}

// TestPropertiesMonotone: more time never ends earlier, and a later receipt never ends
// earlier, for every unit and policy.
func TestPropertiesMonotone(t *testing.T) {
	eachRandom(t, 40, 150, func(r *rand.Rand, rc randomCalendar, recv time.Time, d domain.Duration, p domain.DuePolicy) {
		base := mustDeadline(t, rc.cal, recv, d, p).DueAt
		if d.Unit != domain.UnitSameDay {
			more := d
			more.Amount += map[domain.TimeUnit]float64{domain.UnitWorkingDays: 0.5, domain.UnitWorkingHours: 0.25, domain.UnitCalendarDays: 1}[d.Unit]
			if got := mustDeadline(t, rc.cal, recv, more, p).DueAt; got.Before(base) {
				t.Fatalf("%v: %+v due %v, %+v due %v", recv, d, base, more, got)
			}
		}
		later := recv.Add(time.Duration(1+r.IntN(3*24*60)) * time.Minute)
		if got := mustDeadline(t, rc.cal, later, d, p).DueAt; got.Before(base) {
			t.Fatalf("%+v %s: received %v due %v, received %v due %v", d, p, recv, base, later, got)
		}
	})
}

// TestPropertiesInstantIsToday: the instant policy gives exactly what ClockStart and Due
// gave, for the units that existed.
func TestPropertiesInstantIsToday(t *testing.T) {
	eachRandom(t, 20, 200, func(r *rand.Rand, rc randomCalendar, recv time.Time, _ domain.Duration, _ domain.DuePolicy) {
		n := 1 + r.IntN(45)
		kind := []domain.DayKind{domain.WorkingDays, domain.CalendarDays}[r.IntN(2)]
		want := rc.cal.Due(rc.cal.ClockStart(recv), n, kind)
		for _, p := range []domain.DuePolicy{instant, ""} {
			if got := mustDeadline(t, rc.cal, recv, domain.DurationOf(n, kind), p).DueAt; !got.Equal(want) {
				t.Fatalf("%v + %d %s under %q: %v, today %v", recv, n, kind, p, got, want)
			}
		}
	})
}

// TestPropertiesCalendarChange: a dossier whose period no change of a new calendar version
// crosses keeps its due moment; the changes Crossed reports are the only ones that matter.
func TestPropertiesCalendarChange(t *testing.T) {
	r := seeded(t)
	h := calendar.Default()
	old, _ := h.Version(1)
	changes := calendar.Diff(old, h.Latest())
	before, after := calendarOf(t, 1), calendarOf(t, 0)
	moved := 0
	for j := 0; j < 5000; j++ {
		recv, d, p := randomReceipt(r), randomDuration(r), randomPolicy(r)
		was := mustDeadline(t, before, recv, d, p)
		now := mustDeadline(t, after, recv, d, p)
		if len(calendar.Crossed(changes, recv, was.DueAt)) > 0 {
			moved++
			continue
		}
		if !now.DueAt.Equal(was.DueAt) {
			t.Fatalf("%v %+v %s: due %v became %v though no change crosses the period", recv, d, p, was.DueAt, now.DueAt)
		}
	}
	if moved == 0 {
		t.Fatal("no random dossier crossed a change: the property was not exercised")
	}
}
