package worktime

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// vn builds a time in Vietnam.
func vn(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, Location)
}

// testCal: default office hours; 2 September 2026 (Wednesday) a holiday; Saturday
// 10 October 2026 a compensatory working day.
var testCal = MustNew(domain.CalendarSpec{
	Sessions: []string{"07:00-11:30", "13:30-17:00"},
	Cutoff:   "15:00",
	Holidays: []string{"2026-09-02"},
	Workdays: []string{"2026-10-10"},
})

func TestNewRejects(t *testing.T) {
	for name, spec := range map[string]domain.CalendarSpec{
		"NoSessions":  {},
		"Backwards":   {Sessions: []string{"11:30-07:00"}},
		"Overlapping": {Sessions: []string{"07:00-12:00", "11:00-17:00"}},
		"Garbage":     {Sessions: []string{"seven to five"}},
		"BadCutoff":   {Sessions: []string{"07:00-11:30"}, Cutoff: "3pm"},
		"BadHoliday":  {Sessions: []string{"07:00-11:30"}, Holidays: []string{"2026-02-30"}},
	} {
		if _, err := New(spec); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if MustNew(domain.DefaultCalendarSpec()).Day() != 8*time.Hour {
		t.Error("default day is not 8 hours")
	}
}

func TestIsWorkingDay(t *testing.T) {
	cases := map[time.Time]bool{
		vn(2026, 11, 23, 9, 0): true,  // Monday
		vn(2026, 11, 28, 9, 0): false, // Saturday
		vn(2026, 11, 29, 9, 0): false, // Sunday
		vn(2026, 9, 2, 9, 0):   false, // holiday on a Wednesday
		vn(2026, 10, 10, 9, 0): true,  // compensatory Saturday
		// 23:30 UTC on Sunday is Monday 06:30 in Vietnam.
		time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC): true,
	}
	for at, want := range cases {
		if got := testCal.IsWorkingDay(at); got != want {
			t.Errorf("IsWorkingDay(%v) = %v, want %v", at, got, want)
		}
	}
}

func TestClockStart(t *testing.T) {
	cases := []struct {
		name     string
		received time.Time
		want     time.Time
	}{
		{"InOffice", vn(2026, 11, 23, 9, 15), vn(2026, 11, 23, 9, 15)},
		{"JustBeforeCutoff", vn(2026, 11, 23, 14, 59), vn(2026, 11, 23, 14, 59)},
		{"AtCutoff", vn(2026, 11, 23, 15, 0), vn(2026, 11, 24, 7, 0)},
		{"Evening", vn(2026, 11, 23, 21, 0), vn(2026, 11, 24, 7, 0)},
		{"EarlyMorning", vn(2026, 11, 23, 5, 0), vn(2026, 11, 23, 7, 0)},
		{"Lunch", vn(2026, 11, 23, 12, 0), vn(2026, 11, 23, 13, 30)},
		{"FridayAfterCutoff", vn(2026, 11, 27, 16, 0), vn(2026, 11, 30, 7, 0)},
		{"Saturday", vn(2026, 11, 28, 10, 0), vn(2026, 11, 30, 7, 0)},
		{"EveBeforeHoliday", vn(2026, 9, 1, 16, 0), vn(2026, 9, 3, 7, 0)},
		{"Holiday", vn(2026, 9, 2, 9, 0), vn(2026, 9, 3, 7, 0)},
		{"CompensatorySaturday", vn(2026, 10, 10, 8, 0), vn(2026, 10, 10, 8, 0)},
		{"FridayBeforeCompensatorySaturday", vn(2026, 10, 9, 15, 30), vn(2026, 10, 10, 7, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := testCal.ClockStart(tc.received); !got.Equal(tc.want) {
				t.Fatalf("ClockStart(%v) = %v, want %v", tc.received, got, tc.want)
			}
		})
	}
}

func TestAdd(t *testing.T) {
	h := time.Hour
	cases := []struct {
		name string
		from time.Time
		w    time.Duration
		want time.Time
	}{
		{"SameSession", vn(2026, 11, 23, 8, 0), 2 * h, vn(2026, 11, 23, 10, 0)},
		{"OverLunch", vn(2026, 11, 23, 10, 30), 2 * h, vn(2026, 11, 23, 14, 30)},
		{"EndsAtLunchStaysMorning", vn(2026, 11, 23, 9, 30), 2 * h, vn(2026, 11, 23, 11, 30)},
		{"OneDay", vn(2026, 11, 23, 8, 0), 8 * h, vn(2026, 11, 24, 8, 0)},
		{"OneDayFromStartEndsAtClose", vn(2026, 11, 23, 7, 0), 8 * h, vn(2026, 11, 23, 17, 0)},
		{"OverWeekend", vn(2026, 11, 27, 16, 0), 2 * h, vn(2026, 11, 30, 8, 0)},
		{"OverHoliday", vn(2026, 9, 1, 16, 0), 2 * h, vn(2026, 9, 3, 8, 0)},
		{"IntoCompensatorySaturday", vn(2026, 10, 9, 16, 0), 2 * h, vn(2026, 10, 10, 8, 0)},
		{"FromOutsideOffice", vn(2026, 11, 28, 12, 0), 30 * time.Minute, vn(2026, 11, 30, 7, 30)},
		{"ZeroNormalises", vn(2026, 11, 23, 12, 0), 0, vn(2026, 11, 23, 13, 30)},
		{"ZeroKeepsClosingTime", vn(2026, 11, 23, 17, 0), 0, vn(2026, 11, 23, 17, 0)},
		{"ZeroAfterClosing", vn(2026, 11, 23, 17, 1), 0, vn(2026, 11, 24, 7, 0)},
		{"TenWorkingDays", vn(2026, 11, 23, 9, 0), 80 * h, vn(2026, 12, 7, 9, 0)},
		{"Negative", vn(2026, 11, 24, 8, 0), -8 * h, vn(2026, 11, 23, 8, 0)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := testCal.Add(tc.from, tc.w); !got.Equal(tc.want) {
				t.Fatalf("Add(%v, %v) = %v, want %v", tc.from, tc.w, got, tc.want)
			}
		})
	}
}

func TestSubAndBetween(t *testing.T) {
	if got := testCal.Sub(vn(2026, 11, 30, 8, 0), 2*time.Hour); !got.Equal(vn(2026, 11, 27, 16, 0)) {
		t.Fatalf("Sub over the weekend = %v", got)
	}
	if got := testCal.Sub(vn(2026, 11, 23, 14, 30), time.Hour); !got.Equal(vn(2026, 11, 23, 13, 30)) {
		t.Fatalf("Sub to the session start = %v (want the latest instant, 13:30)", got)
	}
	if got := testCal.Between(vn(2026, 11, 27, 16, 0), vn(2026, 11, 30, 8, 0)); got != 2*time.Hour {
		t.Fatalf("Between over the weekend = %v", got)
	}
	if got := testCal.Between(vn(2026, 11, 23, 12, 0), vn(2026, 11, 23, 13, 0)); got != 0 {
		t.Fatalf("Between inside lunch = %v", got)
	}
	if got := testCal.Between(vn(2026, 11, 24, 0, 0), vn(2026, 11, 23, 0, 0)); got != 0 {
		t.Fatalf("Between backwards = %v", got)
	}
}

func TestDue(t *testing.T) {
	start := vn(2026, 11, 23, 9, 0)
	if got := testCal.Due(start, 3, domain.WorkingDays); !got.Equal(vn(2026, 11, 26, 9, 0)) {
		t.Fatalf("3 working days = %v", got)
	}
	// 5 calendar days from Monday is Saturday: moved to Monday's opening.
	if got := testCal.Due(start, 5, domain.CalendarDays); !got.Equal(vn(2026, 11, 30, 7, 0)) {
		t.Fatalf("5 calendar days = %v", got)
	}
	if got := testCal.Due(start, 2, domain.CalendarDays); !got.Equal(vn(2026, 11, 25, 9, 0)) {
		t.Fatalf("2 calendar days = %v", got)
	}
}

// randomInstant is any instant in 2026-2027, minute resolution.
func randomInstant(r *rand.Rand) time.Time {
	return vn(2026, 1, 1, 0, 0).Add(time.Duration(r.IntN(2*365*24*60)) * time.Minute)
}

func randomWork(r *rand.Rand) time.Duration {
	return time.Duration(1+r.IntN(60*8*30)) * time.Minute // up to 30 working days
}

// TestProperties checks the laws the workflow relies on, over many random instants.
func TestProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 5000; i++ {
		t0, w := randomInstant(r), randomWork(r)
		end := testCal.Add(t0, w)
		if got := testCal.Between(t0, end); got != w {
			t.Fatalf("Between(t, Add(t, %v)) = %v from %v", w, got, t0)
		}
		if !testCal.InOffice(end) {
			t.Fatalf("Add(%v, %v) = %v is outside office hours", t0, w, end)
		}
		if due := testCal.Due(testCal.ClockStart(t0), 1+r.IntN(45), domain.DayKind([]string{"working", "calendar"}[r.IntN(2)])); !testCal.InOffice(due) {
			t.Fatalf("a due date from %v falls outside office hours: %v", t0, due)
		}
		if start := testCal.ClockStart(t0); start.Before(t0) || !testCal.InOffice(start) {
			t.Fatalf("ClockStart(%v) = %v", t0, start)
		}
		// Adding then subtracting returns the start, for a start inside a session.
		in := testCal.Add(t0, 0)
		// (A session's end and the next session's start are the same working moment.)
		if back := testCal.Sub(testCal.Add(in, w), w); !back.Equal(in) && testCal.Between(earlier(back, in), later(back, in)) != 0 {
			t.Fatalf("Sub(Add(%v, %v)) = %v", in, w, back)
		}
		// Between is additive.
		xs := []time.Time{randomInstant(r), randomInstant(r), randomInstant(r)}
		slices.SortFunc(xs, func(a, b time.Time) int { return a.Compare(b) })
		if testCal.Between(xs[0], xs[1])+testCal.Between(xs[1], xs[2]) != testCal.Between(xs[0], xs[2]) {
			t.Fatalf("Between not additive at %v", xs)
		}
		// More work never ends earlier.
		if testCal.Add(t0, w+time.Minute).Before(end) {
			t.Fatalf("Add not monotone at %v + %v", t0, w)
		}
	}
}
