package worktime_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// randomPauseStart is an instant from the receipt to a little after the due moment.
func randomPauseStart(r *rand.Rand, recv, due time.Time) time.Time {
	span := due.Sub(recv) + 48*time.Hour
	return recv.Add(time.Duration(r.Int64N(int64(span/time.Minute))) * time.Minute)
}

// TestPropertiesPause: a pause of zero changes nothing (under the instant policy, as
// long as it starts before the due moment, as the workflow does today, and up to the same
// working moment); neither does a pause holding no working time; a longer pause never
// ends earlier; a restart at q is a receipt at q.
func TestPropertiesPause(t *testing.T) {
	eachRandom(t, 30, 150, func(r *rand.Rand, rc randomCalendar, recv time.Time, d domain.Duration, p domain.DuePolicy) {
		base := mustDeadline(t, rc.cal, recv, d, p)
		from := randomPauseStart(r, recv, base.DueAt)
		early := p == civilCode || from.Before(base.DueAt)
		// Under the instant policy a due moment can be a session's start, the same working
		// moment as the previous session's end, which a shift may give instead.
		same := func(a, b time.Time) bool {
			return a.Equal(b) || p != civilCode && rc.cal.Between(a, b)+rc.cal.Between(b, a) == 0
		}
		zero := mustDeadline(t, rc.cal, recv, d, p, worktime.Interruption{From: from, To: from})
		if early && !same(zero.DueAt, base.DueAt) {
			t.Fatalf("%v %+v %q: a zero pause at %v moved the due moment %v to %v", recv, d, p, from, base.DueAt, zero.DueAt)
		}
		to := from.Add(time.Duration(r.IntN(10*24*60)) * time.Minute)
		if idle := rc.cal.Between(from, to) == 0; idle && early {
			if got := mustDeadline(t, rc.cal, recv, d, p, worktime.Interruption{From: from, To: to}); !same(got.DueAt, base.DueAt) {
				t.Fatalf("%v %+v %q: a pause %v–%v outside office hours moved the due moment to %v", recv, d, p, from, to, got.DueAt)
			}
		}
		short := mustDeadline(t, rc.cal, recv, d, p, worktime.Interruption{From: from, To: to})
		long := mustDeadline(t, rc.cal, recv, d, p, worktime.Interruption{From: from, To: to.Add(time.Duration(1+r.IntN(3000)) * time.Minute)})
		if long.DueAt.Before(short.DueAt) || short.DueAt.Before(base.DueAt) && early && !same(short.DueAt, base.DueAt) {
			t.Fatalf("%v %+v %q: due %v, paused to %v → %v, longer → %v", recv, d, p, base.DueAt, to, short.DueAt, long.DueAt)
		}
		restarted := mustDeadline(t, rc.cal, recv, d, p, worktime.Interruption{From: from, To: to, Restart: true})
		if again := mustDeadline(t, rc.cal, to, d, p); !restarted.DueAt.Equal(again.DueAt) || !restarted.ClockStartAt.Equal(again.DeemedReceivedAt) {
			t.Fatalf("%v %+v %q: restart at %v gives %v, a receipt then %v", recv, d, p, to, restarted.DueAt, again.DueAt)
		}
	})
}

// TestPropertiesSteps: the explanation agrees with the calendar: every day it skips is a
// day off, every day it counts a working day; it starts with the receipt and ends with
// the due moment as the slip prints it.
func TestPropertiesSteps(t *testing.T) {
	eachRandom(t, 30, 100, func(r *rand.Rand, rc randomCalendar, recv time.Time, d domain.Duration, p domain.DuePolicy) {
		res := mustDeadline(t, rc.cal, recv, d, p)
		first, last := res.Steps[0], res.Steps[len(res.Steps)-1]
		if first.Kind != worktime.StepReceived || !first.Day.Equal(recv) ||
			last.Kind != worktime.StepDue || last.Text != "Hẹn trả kết quả: "+worktime.FormatMoment(res.DueAt)+"." {
			t.Fatalf("%v %+v: steps %+v … %+v", recv, d, first, last)
		}
		for _, s := range res.Steps {
			switch s.Kind {
			case worktime.StepDayOff:
				if rc.cal.IsWorkingDay(s.Day) {
					t.Fatalf("%v %+v %q: skips working day %v: %s", recv, d, p, s.Day, s.Text)
				}
			case worktime.StepCounted, worktime.StepWorkday, worktime.StepMoved:
				if !s.Day.IsZero() && !rc.cal.IsWorkingDay(s.Day) {
					t.Fatalf("%v %+v %q: counts day off %v: %s", recv, d, p, s.Day, s.Text)
				}
			}
		}
	})
}

// TestPolicyUnits: the units that did not exist before behave under the instant policy as
// the working time they stand for.
func TestPolicyUnits(t *testing.T) {
	cal := calendarOf(t, 0)
	recv := at(2026, 3, 23, 9, 15)
	for _, c := range []struct {
		d    domain.Duration
		want time.Time
	}{
		// ClockStart Mon 09:15; 4 working hours: 2h15 to 11:30, 13:30 + 1h45 → 15:15.
		{hoursOf(4), at(2026, 3, 23, 15, 15)},
		// Half a day is 4 working hours under today's rule, the same 15:15.
		{days(0.5), at(2026, 3, 23, 15, 15)},
		// Same day: the end of office hours of the clock's day.
		{sameDay, at(2026, 3, 23, 17, 0)},
	} {
		if got := mustDeadline(t, cal, recv, c.d, instant).DueAt; !got.Equal(c.want) {
			t.Errorf("%+v: %v, want %v", c.d, got, c.want)
		}
	}
}
