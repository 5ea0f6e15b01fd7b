package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// CalendarDays returns the calendar days of year (every year when 0), by date.
func (s *Store) CalendarDays(ctx context.Context, year int) ([]domain.CalendarDay, error) {
	ds := []domain.CalendarDay{}
	if err := s.db.SelectContext(ctx, &ds, `SELECT day, kind, name FROM calendar_days
		WHERE $1 = 0 OR extract(year FROM day) = $1 ORDER BY day`, year); err != nil {
		return nil, fmt.Errorf("store: calendar days: %w", err)
	}
	return ds, nil
}

// SetCalendarDay adds a holiday or a compensatory working day, or changes the day's kind
// and name. A dossier keeps the calendar loaded when it was received; dossiers received
// afterwards count with the new one. Errors: invalid_day (422, with fields).
func (s *Store) SetCalendarDay(ctx context.Context, d domain.CalendarDay) (domain.CalendarDay, error) {
	fields := map[string]string{}
	d.Name = strings.TrimSpace(d.Name)
	if d.Day.IsZero() {
		fields["day"] = "Chọn ngày."
	}
	if d.Kind != "holiday" && d.Kind != "workday" {
		fields["kind"] = "Chọn ngày nghỉ hoặc ngày làm bù."
	}
	if len(d.Name) > 200 {
		fields["name"] = "Tối đa 200 ký tự."
	}
	if len(fields) > 0 {
		return d, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_day", Message: "Ngày chưa hợp lệ.", Fields: fields}
	}
	if _, err := s.db.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)
		ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name`,
		d.Day.Format(time.DateOnly), d.Kind, d.Name); err != nil {
		return d, fmt.Errorf("store: set calendar day: %w", err)
	}
	return d, nil
}

// RemoveCalendarDay makes day an ordinary day again. Errors: day_not_found.
func (s *Store) RemoveCalendarDay(ctx context.Context, day time.Time) error {
	res, err := s.db.ExecContext(ctx, `DELETE FROM calendar_days WHERE day = $1`, day.Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("store: remove calendar day: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.NewError(domain.NotFound, "day_not_found", "Ngày này không có trong lịch.")
	}
	return nil
}
