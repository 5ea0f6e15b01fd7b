package worktime

import (
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

func benchCalendar(b *testing.B) *Calendar {
	spec := domain.DefaultCalendarSpec()
	spec.Holidays = []string{"2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20",
		"2026-04-27", "2026-04-30", "2026-05-01", "2026-09-01", "2026-09-02"}
	c, err := New(spec)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// BenchmarkDue computes a 20-working-day deadline from a receipt time (the workflow's
// receive), across holidays.
//
//	go test -run '^$' -bench . ./internal/worktime/
func BenchmarkDue(b *testing.B) {
	c := benchCalendar(b)
	t := time.Date(2026, 4, 20, 14, 10, 0, 0, Location)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Due(c.ClockStart(t), 20, domain.WorkingDays)
	}
}

// BenchmarkAdd adds 112 working hours (a specialist step's budget).
func BenchmarkAdd(b *testing.B) {
	c := benchCalendar(b)
	t := time.Date(2026, 4, 24, 16, 45, 0, 0, Location)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Add(t, 112*time.Hour)
	}
}

// BenchmarkBetween measures the working time between two instants a month apart (the
// remaining time when a dossier is paused).
func BenchmarkBetween(b *testing.B) {
	c := benchCalendar(b)
	from, to := time.Date(2026, 4, 20, 9, 0, 0, 0, Location), time.Date(2026, 5, 22, 15, 30, 0, 0, Location)
	b.ReportAllocs()
	for b.Loop() {
		_ = c.Between(from, to)
	}
}

// BenchmarkTimeline computes and explains a 20-working-day civil-code deadline across
// holidays with one pause (what the workflow and the appointment page call).
func BenchmarkTimeline(b *testing.B) {
	c := benchCalendar(b)
	t := time.Date(2026, 4, 20, 14, 10, 0, 0, Location)
	d := domain.Duration{Amount: 20, Unit: domain.UnitWorkingDays}
	stops := []Interruption{{From: time.Date(2026, 4, 22, 9, 0, 0, 0, Location), To: time.Date(2026, 5, 4, 10, 0, 0, 0, Location)}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Timeline(t, d, "", domain.DueCivilCode, stops); err != nil {
			b.Fatal(err)
		}
	}
}
