package service_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/worktime"
)

func TestParseDeadlineQuery(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		for _, c := range []struct {
			received, amount, unit, procedure string
			want                              service.DeadlineQuery
		}{
			{"2026-01-08T09:15:00+07:00", "2", "working_days", "", service.DeadlineQuery{
				ReceivedAt: time.Date(2026, 1, 8, 9, 15, 0, 0, worktime.Location), Duration: domain.Duration{Amount: 2, Unit: domain.UnitWorkingDays}}},
			// A "+" sent unencoded arrives as a space; a decimal comma is read.
			{"2026-01-08T09:15:00 07:00", "0,5", "working_days", "7", service.DeadlineQuery{
				ReceivedAt: time.Date(2026, 1, 8, 9, 15, 0, 0, worktime.Location), Duration: domain.Duration{Amount: 0.5, Unit: domain.UnitWorkingDays}, ProcedureID: 7}},
			{"2026-01-08T02:15:00Z", "4", "working_hours", "", service.DeadlineQuery{
				ReceivedAt: time.Date(2026, 1, 8, 9, 15, 0, 0, worktime.Location), Duration: domain.Duration{Amount: 4, Unit: domain.UnitWorkingHours}}},
			{"2026-01-08T09:15:00+07:00", "", "same_day", "", service.DeadlineQuery{
				ReceivedAt: time.Date(2026, 1, 8, 9, 15, 0, 0, worktime.Location), Duration: domain.Duration{Unit: domain.UnitSameDay}}},
			{"2026-01-08T09:15:00+07:00", "30", "calendar_days", "", service.DeadlineQuery{
				ReceivedAt: time.Date(2026, 1, 8, 9, 15, 0, 0, worktime.Location), Duration: domain.Duration{Amount: 30, Unit: domain.UnitCalendarDays}}},
		} {
			got, err := service.ParseDeadlineQuery(c.received, c.amount, c.unit, c.procedure)
			if err != nil || !got.ReceivedAt.Equal(c.want.ReceivedAt) || got.Duration != c.want.Duration || got.ProcedureID != c.want.ProcedureID {
				t.Errorf("%q %q %q %q: %+v, %v; want %+v", c.received, c.amount, c.unit, c.procedure, got, err, c.want)
			}
		}
	})
	t.Run("ErrInvalidQuery", func(t *testing.T) {
		for _, c := range []struct {
			received, amount, unit, procedure string
			bad                               []string
		}{
			{"", "2", "working_days", "", []string{"received_at"}},
			{"08/01/2026", "2", "working_days", "", []string{"received_at"}},
			{"1999-12-31T09:00:00+07:00", "2", "working_days", "", []string{"received_at"}},
			{"2100-01-01T09:00:00+07:00", "2", "working_days", "", []string{"received_at"}},
			{"2026-01-08T09:15:00+07:00", "", "working_days", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "abc", "working_days", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "NaN", "working_days", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "-1", "working_days", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "0.3", "working_days", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "1.5", "calendar_days", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "401", "working_hours", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "2", "same_day", "", []string{"amount"}},
			{"2026-01-08T09:15:00+07:00", "2", "", "", []string{"unit"}},
			{"2026-01-08T09:15:00+07:00", "2", "weeks", "", []string{"unit"}},
			{"2026-01-08T09:15:00+07:00", "2", "working_days", "x", []string{"procedure"}},
			{"2026-01-08T09:15:00+07:00", "2", "working_days", "-3", []string{"procedure"}},
			{"", "", "", "0", []string{"amount", "procedure", "received_at", "unit"}},
		} {
			_, err := service.ParseDeadlineQuery(c.received, c.amount, c.unit, c.procedure)
			e, ok := domain.AsError(err)
			if !ok || e.Kind != domain.Invalid || e.Code != "invalid_query" {
				t.Errorf("%q %q %q %q: %v, want invalid_query", c.received, c.amount, c.unit, c.procedure, err)
				continue
			}
			var got []string
			for name := range e.Fields {
				got = append(got, name)
			}
			slices.Sort(got)
			if !slices.Equal(got, c.bad) {
				t.Errorf("%q %q %q %q: fields %v, want %v", c.received, c.amount, c.unit, c.procedure, got, c.bad)
			}
		}
	})
}
