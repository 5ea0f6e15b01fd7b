package service

import (
	"context"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/workflows"
)

// CalendarVersion is the calendar version dossiers in flight count with: the latest
// stored. Errors: no_calendar (409).
func (s *Service) CalendarVersion(ctx context.Context) (calendar.Version, error) {
	return s.Store.LatestCalendar(ctx)
}

// CalendarVersions lists the stored calendar versions, newest first.
func (s *Service) CalendarVersions(ctx context.Context) ([]postgres.CalendarVersionInfo, error) {
	return s.Store.CalendarVersions(ctx)
}

// CalendarDays lists the holidays and compensatory working days of year (every year
// when 0) of the latest calendar version.
func (s *Service) CalendarDays(ctx context.Context, year int) ([]domain.CalendarDay, error) {
	return s.Store.CalendarDays(ctx, year)
}

// SetCalendarDay adds or changes a day of the calendar for sess's administrator (source:
// the legal text, optional): a new calendar version, sent to the dossiers in flight it
// concerns by CalendarChangeWorkflow. Errors: invalid_day (422, with fields).
func (s *Service) SetCalendarDay(ctx context.Context, sess domain.Session, d domain.CalendarDay, source string) (calendar.Version, error) {
	v, created, err := s.Store.SetCalendarDay(ctx, postgres.DayEdit{CalendarDay: d, Source: source,
		By: sess.Account.FullName, At: s.Now()})
	if err == nil && created {
		s.startCalendarJob(ctx, v.Number)
	}
	return v, err
}

// RemoveCalendarDay makes day an ordinary day again (a new calendar version, sent as
// SetCalendarDay's). Errors: day_not_found.
func (s *Service) RemoveCalendarDay(ctx context.Context, sess domain.Session, day time.Time) (calendar.Version, error) {
	v, err := s.Store.RemoveCalendarDay(ctx, day, sess.Account.FullName, s.Now())
	if err == nil {
		s.startCalendarJob(ctx, v.Number)
	}
	return v, err
}

// startCalendarJob starts version n's recompute job and records it; when Temporal does
// not answer, the reconciler starts it later (the version stays pending).
func (s *Service) startCalendarJob(ctx context.Context, n int) {
	if err := StartCalendarJob(ctx, s.Store, s.Temporal, s.TaskQueue, n, s.Now()); err != nil {
		s.Log.Warn("calendar job not started; the reconciler will", "version", n, "err", err)
	}
}

// StartCalendarJob starts version n's CalendarChangeWorkflow (idempotent) and records
// that it was started.
func StartCalendarJob(ctx context.Context, store *postgres.Store, c client.Client, taskQueue string, n int, now time.Time) error {
	if c == nil {
		return nil
	}
	if err := workflows.StartCalendarChange(ctx, c, taskQueue, n); err != nil {
		return err
	}
	return store.MarkCalendarJobStarted(ctx, n, now)
}
