package calendar_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/worktime"
)

// TestDiffShipped: from version 1 to the latest, the four 2026 swap days move due dates;
// Tết 2026 and 01/09/2026 only lose their provisional flag and gain their source.
func TestDiffShipped(t *testing.T) {
	h := calendar.Default()
	v1, _ := h.Version(1)
	changes := calendar.Diff(v1, h.Latest())
	var moving, other []string
	for _, c := range changes {
		if c.Moves() {
			moving = append(moving, c.Date)
		} else {
			other = append(other, c.Date)
		}
	}
	if want := []string{"2026-01-02", "2026-01-10", "2026-08-22", "2026-08-31"}; !slices.Equal(moving, want) {
		t.Errorf("moving changes %v, want %v", moving, want)
	}
	if want := []string{"2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-09-01"}; !slices.Equal(other, want) {
		t.Errorf("other changes %v, want %v", other, want)
	}
	if got, want := changes[0].Text(), "02/01/2026: ngày làm việc → Nghỉ hoán đổi dịp Tết Dương lịch, làm bù thứ Bảy 10/01/2026"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if got, want := changes[1].Text(), "10/01/2026: ngày nghỉ hằng tuần → Làm bù cho ngày nghỉ 02/01/2026"; got != want {
		t.Errorf("text %q, want %q", got, want)
	}
	if len(calendar.Diff(h.Latest(), h.Latest())) != 0 {
		t.Error("a version differs from itself")
	}
}

// TestCrossed: the changes within a dossier's period, both ends' days included.
func TestCrossed(t *testing.T) {
	h := calendar.Default()
	v1, _ := h.Version(1)
	changes := calendar.Diff(v1, h.Latest())
	vn := worktime.Location
	cases := []struct {
		name     string
		from, to time.Time
		want     []string
	}{
		// The first dossier: received 08/01, due 12/01 under version 1.
		{"IssueJanuary", time.Date(2026, 1, 8, 9, 15, 0, 0, vn), time.Date(2026, 1, 12, 17, 0, 0, 0, vn), []string{"2026-01-10"}},
		// The second: received 27/08, due 03/09 under version 1.
		{"IssueAugust", time.Date(2026, 8, 27, 9, 15, 0, 0, vn), time.Date(2026, 9, 3, 17, 0, 0, 0, vn), []string{"2026-08-31"}},
		// Received on the changed day itself, late in the evening (UTC: the day before).
		{"ReceivedOnTheDay", time.Date(2026, 1, 1, 18, 0, 0, 0, time.UTC), time.Date(2026, 1, 5, 17, 0, 0, 0, vn), []string{"2026-01-02"}},
		// Due on the changed day.
		{"DueOnTheDay", time.Date(2026, 8, 20, 9, 0, 0, 0, vn), time.Date(2026, 8, 22, 7, 0, 0, 0, vn), []string{"2026-08-22"}},
		// Tết's days changed only their source: nothing moves.
		{"Tet", time.Date(2026, 2, 12, 9, 0, 0, 0, vn), time.Date(2026, 2, 24, 17, 0, 0, 0, vn), nil},
		{"March", time.Date(2026, 3, 2, 9, 0, 0, 0, vn), time.Date(2026, 3, 6, 17, 0, 0, 0, vn), nil},
	}
	for _, c := range cases {
		var got []string
		for _, ch := range calendar.Crossed(changes, c.from, c.to) {
			got = append(got, ch.Date)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// TestDiffProperty: over random histories, Diff lists exactly the dates whose entry
// differs between consecutive versions (folded here with a plain map), mirrors when the
// versions are swapped, and Moves says whether the day's working status changed (judged
// here from the weekday).
func TestDiffProperty(t *testing.T) {
	seed := uint64(2027)
	t.Logf("seed %d", seed)
	r := rand.New(rand.NewPCG(seed, seed))
	for i := 0; i < 200; i++ {
		edits, folds := randomHistory(r)
		h, err := calendar.Build(edits)
		if err != nil {
			t.Fatal(err)
		}
		for n := 2; n <= len(edits); n++ {
			a, _ := h.Version(n - 1)
			b, _ := h.Version(n)
			var want []string
			for date := range union(folds[n-2], folds[n-1]) {
				if folds[n-2][date] != folds[n-1][date] {
					want = append(want, date)
				}
			}
			slices.Sort(want)
			changes := calendar.Diff(a, b)
			back := calendar.Diff(b, a)
			var got []string
			for k, c := range changes {
				got = append(got, c.Date)
				if c.Moves() != (workingOf(c.Date, folds[n-2]) != workingOf(c.Date, folds[n-1])) {
					t.Fatalf("%s: Moves() = %v", c.Date, c.Moves())
				}
				if back[k].Date != c.Date || !sameDay(back[k].Before, c.After) || !sameDay(back[k].After, c.Before) {
					t.Fatalf("%s: not mirrored", c.Date)
				}
			}
			if !slices.Equal(got, want) {
				t.Fatalf("version %d→%d: %v, want %v", n-1, n, got, want)
			}
		}
	}
}

// randomHistory makes 2–5 versions setting and removing random days of March 2026, and
// the fold of each version as a map.
func randomHistory(r *rand.Rand) ([]calendar.Edit, []map[string]calendar.Day) {
	var edits []calendar.Edit
	var folds []map[string]calendar.Day
	cur := map[string]calendar.Day{}
	for n := 1; n <= 2+r.IntN(4); n++ {
		e := calendar.Edit{Number: n, EffectiveFrom: time.Date(2026, 1, n, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)}
		for date := range cur {
			if r.IntN(4) == 0 {
				e.Remove = append(e.Remove, date)
				delete(cur, date)
			}
		}
		set := map[string]bool{}
		for k := r.IntN(5); k > 0; k-- {
			d := time.Date(2026, 3, 1+r.IntN(31), 0, 0, 0, 0, time.UTC)
			date := d.Format(time.DateOnly)
			if set[date] {
				continue
			}
			set[date] = true
			kind := []calendar.Kind{calendar.Holiday, calendar.DayOff}[r.IntN(2)]
			if d.Weekday() == time.Saturday || d.Weekday() == time.Sunday {
				kind = calendar.Workday
			}
			day := calendar.Day{Date: date, Kind: kind, Name: []string{"Ngày A", "Ngày B"}[r.IntN(2)], Source: "Văn bản"}
			e.Set = append(e.Set, day)
			cur[date] = day
		}
		edits = append(edits, e)
		folds = append(folds, clone(cur))
	}
	return edits, folds
}

func sameDay(a, b *calendar.Day) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

func clone(m map[string]calendar.Day) map[string]calendar.Day {
	out := make(map[string]calendar.Day, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func union(a, b map[string]calendar.Day) map[string]bool {
	out := map[string]bool{}
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

func workingOf(date string, fold map[string]calendar.Day) bool {
	if d, ok := fold[date]; ok {
		return d.Kind == calendar.Workday
	}
	t, _ := time.Parse(time.DateOnly, date)
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}
