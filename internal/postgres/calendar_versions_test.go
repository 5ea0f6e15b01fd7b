package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// TestShippedCalendar: a database without calendar versions gets the shipped ones, with
// the days it held before as a version of its own; running again adds nothing; a later
// release's version is applied on top of an administrator's edit, which stays.
func TestShippedCalendar(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewStore(testdb.Migrated(t))
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	if _, err := s.DB().Exec(`INSERT INTO calendar_days (day, kind, name) VALUES ('2026-09-02', 'holiday', 'Quốc khánh'),
		('2026-12-31', 'holiday', 'Nghỉ cuối năm của tỉnh')`); err != nil {
		t.Fatal(err)
	}
	shipped := calendar.Default()
	added, err := s.EnsureShippedCalendar(ctx, shipped, now)
	if err != nil || !slices.Equal(added, []int{2, 3, 4}) {
		t.Fatalf("added %v, %v; want the 3 shipped versions after the existing days (1)", added, err)
	}
	latest, err := s.LatestCalendar(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := latest.Day("2026-12-31"); !ok {
		t.Error("the province's own day was lost")
	}
	want := shipped.Latest()
	for _, d := range want.Days {
		if got, ok := latest.Day(d.Date); !ok || got != d {
			t.Errorf("%s: %+v, want the shipped %+v", d.Date, got, d)
		}
	}
	if pending, err := s.PendingCalendarJobs(ctx); err != nil || !slices.Equal(pending, []int{2, 3, 4}) {
		t.Errorf("pending jobs %v, %v: dossiers counted with the existing days must be counted again", pending, err)
	}
	if again, err := s.EnsureShippedCalendar(ctx, shipped, now); err != nil || len(again) != 0 {
		t.Fatalf("second run added %v, %v", again, err)
	}
	// An administrator's edit, then a release bringing a fourth shipped version.
	edit := postgres.DayEdit{CalendarDay: domain.CalendarDay{Day: time.Date(2027, 2, 1, 0, 0, 0, 0, time.UTC), Kind: "holiday", Name: "Nghỉ của tỉnh"}, At: now}
	if v, created, err := s.SetCalendarDay(ctx, edit); err != nil || !created || v.Number != 5 {
		t.Fatalf("edit: %d %v %v", v.Number, created, err)
	}
	next := append(shipped.Versions(), calendar.Version{})
	var edits []calendar.Edit
	for _, v := range shipped.Versions() {
		edits = append(edits, calendar.Edit{Number: v.Number, EffectiveFrom: v.EffectiveFrom.Format(time.DateOnly), Note: v.Note, Set: v.Days})
	}
	edits = append(edits, calendar.Edit{Number: len(next), EffectiveFrom: "2026-12-20", Note: "Tết 2027",
		Set: []calendar.Day{{Date: "2027-02-08", Kind: calendar.Holiday, Name: "Tết Nguyên đán Đinh Mùi", Source: "Quyết định giả định"}}})
	release, err := calendar.Build(edits)
	if err != nil {
		t.Fatal(err)
	}
	if added, err := s.EnsureShippedCalendar(ctx, release, now); err != nil || !slices.Equal(added, []int{6}) {
		t.Fatalf("release added %v, %v", added, err)
	}
	latest, _ = s.LatestCalendar(ctx)
	_, edited := latest.Day("2027-02-01")
	_, tet := latest.Day("2027-02-08")
	if !edited || !tet {
		t.Errorf("after the release: the edit kept %v, the release's day %v", edited, tet)
	}
}

// TestCalendarEditsAndImport: a console edit is a new version (an invalid one refused
// with its field), removing a day too; a catalogue import adding a day is a new version,
// and importing the same days again is not.
func TestCalendarEditsAndImport(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewStore(testdb.Seeded(t))
	now := time.Date(2026, 12, 3, 9, 0, 0, 0, time.UTC)
	start, _ := s.LatestCalendar(ctx)
	for name, c := range map[string]struct {
		edit  postgres.DayEdit
		field string
	}{
		"HolidayOnSunday": {postgres.DayEdit{CalendarDay: domain.CalendarDay{Day: time.Date(2026, 12, 6, 0, 0, 0, 0, time.UTC), Kind: "holiday"}}, "kind"},
		"WorkdayOnMonday": {postgres.DayEdit{CalendarDay: domain.CalendarDay{Day: time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC), Kind: "workday"}}, "kind"},
		"NoDay":           {postgres.DayEdit{CalendarDay: domain.CalendarDay{Kind: "holiday"}}, "day"},
	} {
		_, _, err := s.SetCalendarDay(ctx, c.edit)
		if e, ok := domain.AsError(err); !ok || e.Code != "invalid_day" || e.Fields[c.field] == "" {
			t.Errorf("%s: %v, want invalid_day on %s", name, err, c.field)
		}
	}
	monday := time.Date(2026, 12, 7, 0, 0, 0, 0, time.UTC)
	v, created, err := s.SetCalendarDay(ctx, postgres.DayEdit{CalendarDay: domain.CalendarDay{Day: monday, Kind: "holiday", Name: "Nghỉ đột xuất"},
		Source: "Quyết định 1", By: "Quản trị", At: now})
	if err != nil || !created || v.Number != start.Number+1 {
		t.Fatalf("edit: %d %v %v", v.Number, created, err)
	}
	if d, _ := v.Day("2026-12-07"); d.Source != "Quyết định 1" || d.Kind != calendar.Holiday {
		t.Errorf("stored day %+v", d)
	}
	if _, again, _ := s.SetCalendarDay(ctx, postgres.DayEdit{CalendarDay: domain.CalendarDay{Day: monday, Kind: "holiday", Name: "Nghỉ đột xuất"},
		Source: "Quyết định 1", By: "Quản trị", At: now}); again {
		t.Error("the same day again made a version")
	}
	if v, err = s.RemoveCalendarDay(ctx, monday, "Quản trị", now); err != nil || v.Number != start.Number+2 {
		t.Fatalf("remove: %d %v", v.Number, err)
	}
	if _, err := s.RemoveCalendarDay(ctx, monday, "Quản trị", now); err == nil {
		t.Error("removing a day not listed was accepted")
	}
	cat := catalogue.Catalogue{Calendar: catalogue.Calendar{Days: []catalogue.Day{{Day: "2026-12-08", Kind: "holiday", Name: "Nghỉ của tỉnh"}}}}
	sum, err := s.ImportCatalogue(ctx, cat)
	if err != nil || !sum.CalendarVersionCreated || sum.CalendarVersion != start.Number+3 {
		t.Fatalf("import: %+v %v", sum, err)
	}
	if sum, err = s.ImportCatalogue(ctx, cat); err != nil || sum.CalendarVersionCreated {
		t.Fatalf("re-import: %+v %v", sum, err)
	}
	days, err := s.CalendarDays(ctx, 2026)
	if err != nil || !slices.ContainsFunc(days, func(d domain.CalendarDay) bool { return d.Day.Format(time.DateOnly) == "2026-12-08" }) {
		t.Errorf("the mirror lacks the imported day: %v", err)
	}
}
