package calendar_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// TestFacts: the days of 2025–2027 as DOMAIN.md and the decisions state them, in the
// latest version.
func TestFacts(t *testing.T) {
	v := calendar.Default().Latest()
	want := map[string]calendar.Kind{
		// 2025: Tết Dương lịch; Tết 25/01–02/02 (weekdays 27–31/01); Giỗ Tổ Mon 07/04;
		// 30/04, 01/05 with Fri 02/05 off and Sat 26/04 worked; Quốc khánh 01–02/09.
		"2025-01-01": calendar.Holiday, "2025-01-27": calendar.Holiday, "2025-01-31": calendar.Holiday,
		"2025-04-07": calendar.Holiday, "2025-04-26": calendar.Workday, "2025-04-30": calendar.Holiday,
		"2025-05-01": calendar.Holiday, "2025-05-02": calendar.DayOff, "2025-09-01": calendar.Holiday,
		"2025-09-02": calendar.Holiday,
		// 2026: 01/01 with Fri 02/01 off and Sat 10/01 worked; Tết 16–20/02; Giỗ Tổ on Sun
		// 26/04 moved to Mon 27/04; 30/04, 01/05; Quốc khánh 01–02/09 with Mon 31/08 off and
		// Sat 22/08 worked.
		"2026-01-01": calendar.Holiday, "2026-01-02": calendar.DayOff, "2026-01-10": calendar.Workday,
		"2026-02-16": calendar.Holiday, "2026-02-17": calendar.Holiday, "2026-02-18": calendar.Holiday,
		"2026-02-19": calendar.Holiday, "2026-02-20": calendar.Holiday, "2026-04-27": calendar.DayOff,
		"2026-04-30": calendar.Holiday, "2026-05-01": calendar.Holiday, "2026-08-22": calendar.Workday,
		"2026-08-31": calendar.DayOff, "2026-09-01": calendar.Holiday, "2026-09-02": calendar.Holiday,
	}
	for date, kind := range want {
		d, ok := v.Day(date)
		if !ok || d.Kind != kind || d.Provisional {
			t.Errorf("%s: %+v (listed %v), want a decided %s", date, d, ok, kind)
		}
	}
	var y2026 int
	for _, d := range v.Days {
		if strings.HasPrefix(d.Date, "2026") {
			y2026++
		}
		if strings.HasPrefix(d.Date, "2027") != d.Provisional {
			t.Errorf("%s: provisional %v (2027 and only 2027 awaits its decision)", d.Date, d.Provisional)
		}
	}
	if y2026 != 15 {
		t.Errorf("2026 lists %d days, want the 15 above", y2026)
	}
	if got := v.ProvisionalYears(); !slices.Equal(got, []int{2027}) {
		t.Errorf("provisional years %v", got)
	}
}

// TestNamesAndSources: every day names itself in Vietnamese (with diacritics) and cites a
// legal source; names mark provisional days.
func TestNamesAndSources(t *testing.T) {
	for _, v := range calendar.Default().Versions() {
		for _, d := range v.Days {
			if !strings.ContainsFunc(d.Name, func(r rune) bool { return r > unicode.MaxASCII }) || d.Source == "" {
				t.Errorf("version %d, %s: name %q, source %q", v.Number, d.Date, d.Name, d.Source)
			}
		}
	}
	names := calendar.Default().Latest().Names()
	if names["2026-01-01"] != "Tết Dương lịch" || names["2027-01-01"] != "Tết Dương lịch (tạm tính)" {
		t.Errorf("names %q, %q", names["2026-01-01"], names["2027-01-01"])
	}
}

// TestSpec: days off become the spec's holidays, worked days its workdays; the office
// hours are the rule set's; worktime accepts it.
func TestSpec(t *testing.T) {
	office := domain.CalendarSpec{Sessions: []string{"07:30-11:30", "13:00-17:00"}, Cutoff: "16:00"}
	v := calendar.Default().Latest()
	spec := v.Spec(office)
	if !slices.Equal(spec.Sessions, office.Sessions) || spec.Cutoff != "16:00" {
		t.Fatalf("office hours %v %q", spec.Sessions, spec.Cutoff)
	}
	if len(spec.Holidays)+len(spec.Workdays) != len(v.Days) {
		t.Fatalf("%d + %d days for %d listed", len(spec.Holidays), len(spec.Workdays), len(v.Days))
	}
	cal, err := worktime.New(spec)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range v.Days {
		day, _ := time.ParseInLocation(time.DateOnly, d.Date, worktime.Location)
		if cal.IsWorkingDay(day.Add(9*time.Hour)) != d.Working() {
			t.Errorf("%s (%s) working %v", d.Date, d.Kind, !d.Working())
		}
	}
	rows := v.CalendarDays()
	if len(rows) != len(v.Days) || rows[0].Kind != "holiday" {
		t.Fatalf("calendar_days rows %+v", rows[:1])
	}
}

// TestVersions: numbering, the version in force at an instant, and lookups.
func TestVersions(t *testing.T) {
	h := calendar.Default()
	vs := h.Versions()
	if len(vs) != 3 || h.Latest().Number != 3 {
		t.Fatalf("%d versions, latest %d", len(vs), h.Latest().Number)
	}
	cases := []struct {
		at   time.Time
		want int // 0: none
	}{
		{time.Date(2024, 12, 31, 23, 0, 0, 0, worktime.Location), 0},
		{time.Date(2025, 1, 1, 0, 0, 0, 0, worktime.Location), 1},
		// 16/10/2025 00:30 in Vietnam is still 15/10 in UTC: version 2 already.
		{time.Date(2025, 10, 15, 17, 30, 0, 0, time.UTC), 2},
		{time.Date(2025, 12, 24, 23, 59, 0, 0, worktime.Location), 2},
		{time.Date(2026, 11, 1, 9, 0, 0, 0, worktime.Location), 3},
	}
	for _, c := range cases {
		v, ok := h.At(c.at)
		if got := map[bool]int{true: v.Number}[ok]; got != c.want {
			t.Errorf("At(%v) = %d, want %d", c.at, got, c.want)
		}
	}
	if _, ok := h.Version(4); ok {
		t.Error("version 4 exists")
	}
	if _, ok := h.Latest().Day("2026-03-23"); ok {
		t.Error("an ordinary Monday is listed")
	}
}

func edit(n int, from string, set ...calendar.Day) calendar.Edit {
	return calendar.Edit{Number: n, EffectiveFrom: from, Note: "thử", Set: set}
}

func day(date string, kind calendar.Kind) calendar.Day {
	return calendar.Day{Date: date, Kind: kind, Name: "Ngày thử", Source: "Văn bản thử"}
}

func TestBuildRejects(t *testing.T) {
	ok := day("2026-03-23", calendar.Holiday) // a Monday
	for name, edits := range map[string][]calendar.Edit{
		"Nothing":            nil,
		"BadDate":            {edit(1, "2026-01-01", day("2026-02-30", calendar.Holiday))},
		"BadEffectiveDate":   {edit(1, "1/1/2026", ok)},
		"HolidayOnSunday":    {edit(1, "2026-01-01", day("2026-03-22", calendar.Holiday))},
		"DayOffOnSaturday":   {edit(1, "2026-01-01", day("2026-03-21", calendar.DayOff))},
		"WorkdayOnMonday":    {edit(1, "2026-01-01", day("2026-03-23", calendar.Workday))},
		"UnknownKind":        {edit(1, "2026-01-01", day("2026-03-23", "bridge"))},
		"NoSource":           {edit(1, "2026-01-01", calendar.Day{Date: "2026-03-23", Kind: calendar.Holiday, Name: "Lễ"})},
		"Twice":              {edit(1, "2026-01-01", ok, ok)},
		"NumberedFrom2":      {edit(2, "2026-01-01", ok)},
		"DatesNotIncreasing": {edit(1, "2026-01-01", ok), edit(2, "2026-01-01")},
		"RemovesUnlisted":    {edit(1, "2026-01-01", ok), {Number: 2, EffectiveFrom: "2026-02-01", Remove: []string{"2026-03-24"}}},
	} {
		if _, err := calendar.Build(edits); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := calendar.Parse([]byte(`{"versions": [`)); err == nil {
		t.Error("accepted broken JSON")
	}
}

// TestRoundTrip: a history written as edits and parsed back is the same history.
func TestRoundTrip(t *testing.T) {
	edits := []calendar.Edit{
		edit(1, "2026-01-01", day("2026-03-23", calendar.Holiday), day("2026-03-21", calendar.Workday)),
		{Number: 2, EffectiveFrom: "2026-02-01", Note: "bỏ", Remove: []string{"2026-03-21"}},
	}
	data, _ := json.Marshal(map[string]any{"versions": edits})
	h, err := calendar.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	v1, _ := h.Version(1)
	if len(v1.Days) != 2 || len(h.Latest().Days) != 1 || h.Latest().Days[0].Date != "2026-03-23" {
		t.Fatalf("v1 %+v, v2 %+v", v1.Days, h.Latest().Days)
	}
}
