package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// CalendarDays returns the days of year (every year when 0) of the latest calendar
// version, by date, kind "holiday" for a day off and "workday" for a worked day.
func (s *Store) CalendarDays(ctx context.Context, year int) ([]domain.CalendarDay, error) {
	ds := []domain.CalendarDay{}
	if err := s.db.SelectContext(ctx, &ds, `SELECT day, kind, name FROM calendar_days
		WHERE $1 = 0 OR extract(year FROM day) = $1 ORDER BY day`, year); err != nil {
		return nil, fmt.Errorf("store: calendar days: %w", err)
	}
	return ds, nil
}

// DayEdit is an administrator's edit of one day of the calendar.
type DayEdit struct {
	domain.CalendarDay
	// Source is the legal text the day comes from; "" records who entered it and when.
	Source string
	By     string
	At     time.Time
}

// SetCalendarDay adds a holiday or a compensatory working day, or changes a day's kind,
// name or source: the latest calendar version with that day is saved as a new version,
// which the caller sends to the dossiers in flight (CalendarChangeWorkflow). It returns
// the version and whether it is new (false: the day was already so). Errors:
// invalid_day (422, with fields).
func (s *Store) SetCalendarDay(ctx context.Context, e DayEdit) (calendar.Version, bool, error) {
	fields := map[string]string{}
	e.Name, e.Source = strings.TrimSpace(e.Name), strings.TrimSpace(e.Source)
	weekend := e.Day.Weekday() == time.Saturday || e.Day.Weekday() == time.Sunday
	switch {
	case e.Day.IsZero():
		fields["day"] = "Chọn ngày."
	case e.Kind == "holiday" && weekend:
		fields["kind"] = "Ngày nghỉ phải là một ngày từ thứ Hai đến thứ Sáu (ghi ngày nghỉ bù thay cho ngày lễ rơi vào cuối tuần)."
	case e.Kind == "workday" && !weekend:
		fields["kind"] = "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật."
	}
	if e.Kind != "holiday" && e.Kind != "workday" {
		fields["kind"] = "Chọn ngày nghỉ hoặc ngày làm bù."
	}
	if len(e.Name) > 200 {
		fields["name"] = "Tối đa 200 ký tự."
	}
	if len(e.Source) > 500 {
		fields["source"] = "Tối đa 500 ký tự."
	}
	if len(fields) > 0 {
		return calendar.Version{}, false, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_day", Message: "Ngày chưa hợp lệ.", Fields: fields}
	}
	day := consoleDay(e)
	var v calendar.Version
	var created bool
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		days, err := latestDays(ctx, tx)
		if err != nil {
			return err
		}
		days[day.Date] = day
		v, created, err = saveCalendarVersion(ctx, tx, NewCalendarVersion{Days: sortedDays(days), Origin: OriginConsole,
			By: e.By, At: e.At, Note: "Cập nhật ngày " + e.Day.Format("02/01/2006") + ": " + day.Name})
		return err
	})
	return v, created, err
}

// consoleDay is the calendar day an edit describes.
func consoleDay(e DayEdit) calendar.Day {
	d := calendar.Day{Date: e.Day.Format(time.DateOnly), Kind: calendar.Holiday, Name: e.Name, Source: e.Source}
	if e.Kind == "workday" {
		d.Kind = calendar.Workday
	}
	if d.Name == "" {
		d.Name = map[calendar.Kind]string{calendar.Holiday: "Ngày nghỉ", calendar.Workday: "Làm bù"}[d.Kind]
	}
	if d.Source == "" {
		d.Source = "Cập nhật trên trang quản trị ngày " + e.At.In(worktime.Location).Format("02/01/2006")
		if e.By != "" {
			d.Source += " (" + e.By + ")"
		}
	}
	return d
}

// RemoveCalendarDay makes day an ordinary day again, as a new calendar version.
// Errors: day_not_found.
func (s *Store) RemoveCalendarDay(ctx context.Context, day time.Time, by string, at time.Time) (calendar.Version, error) {
	var v calendar.Version
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		days, err := latestDays(ctx, tx)
		if err != nil {
			return err
		}
		date := day.Format(time.DateOnly)
		if _, ok := days[date]; !ok {
			return domain.NewError(domain.NotFound, "day_not_found", "Ngày này không có trong lịch.")
		}
		delete(days, date)
		v, _, err = saveCalendarVersion(ctx, tx, NewCalendarVersion{Days: sortedDays(days), Origin: OriginConsole, By: by, At: at,
			Note: "Bỏ ngày " + day.Format("02/01/2006") + " khỏi lịch (trở lại ngày thường)"})
		return err
	})
	return v, err
}

// latestDays are the latest version's days by date (none before the first version).
func latestDays(ctx context.Context, q sqlx.QueryerContext) (map[string]calendar.Day, error) {
	v, err := latestCalendar(ctx, q)
	if err != nil && !errors.Is(err, errNoCalendar) {
		return nil, err
	}
	days := make(map[string]calendar.Day, len(v.Days))
	for _, d := range v.Days {
		days[d.Date] = d
	}
	return days, nil
}

func sortedDays(days map[string]calendar.Day) []calendar.Day {
	out := make([]calendar.Day, 0, len(days))
	for _, d := range days {
		out = append(out, d)
	}
	return out // saveCalendarVersion sorts them (calendar.Build)
}

// EnsureShippedCalendar brings the calendar versions shipped with dvc (h) that the
// database lacks, each as a new version: the latest stored days changed as the shipped
// version changed the one before it, so that an administrator's own edits stay. The
// first time, the days the database held before versions (calendar_days) become a
// version of their own, from which dossiers already in flight are counted again. It
// returns the numbers of the versions it added; when the database had no calendar at
// all, their recompute jobs are marked started (no dossier counts with an older one).
func (s *Store) EnsureShippedCalendar(ctx context.Context, h *calendar.History, at time.Time) ([]int, error) {
	var added []int
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, calendarLock); err != nil {
			return fmt.Errorf("store: calendar lock: %w", err)
		}
		var stored, shipped int
		if err := tx.QueryRowxContext(ctx, `SELECT count(*), COALESCE(max(shipped), 0) FROM calendar_versions`).Scan(&stored, &shipped); err != nil {
			return fmt.Errorf("store: calendar versions: %w", err)
		}
		fresh := stored == 0
		if fresh {
			n, err := saveExistingDays(ctx, tx, at)
			if err != nil {
				return err
			}
			fresh = n == 0
		}
		var prev calendar.Version
		for _, v := range h.Versions() {
			if v.Number <= shipped {
				prev = v
				continue
			}
			days, err := latestDays(ctx, tx)
			if err != nil {
				return err
			}
			for _, c := range calendar.Diff(prev, v) {
				if c.After == nil {
					delete(days, c.Date)
				} else {
					days[c.Date] = *c.After
				}
			}
			saved, _, err := saveCalendarVersion(ctx, tx, NewCalendarVersion{Days: sortedDays(days), Note: v.Note,
				Origin: OriginShipped, Shipped: v.Number, By: "dvc", At: at})
			if err != nil {
				return err
			}
			added, prev = append(added, saved.Number), v
		}
		if fresh {
			_, err := tx.ExecContext(ctx, `UPDATE calendar_versions SET job_started_at = $1 WHERE job_started_at IS NULL`, at)
			return err
		}
		return nil
	})
	return added, classify(err)
}

// saveExistingDays stores the calendar_days of a database from before calendar versions
// as its first version; it returns how many days it kept (those calendar.Build accepts).
func saveExistingDays(ctx context.Context, tx *sqlx.Tx, at time.Time) (int, error) {
	var rows []domain.CalendarDay
	if err := tx.SelectContext(ctx, &rows, `SELECT day, kind, name FROM calendar_days ORDER BY day`); err != nil {
		return 0, fmt.Errorf("store: existing calendar days: %w", err)
	}
	var days []calendar.Day
	for _, r := range rows {
		d := consoleDay(DayEdit{CalendarDay: r, Source: "Lịch làm việc đã có trước khi quản lý theo phiên bản"})
		if _, err := calendar.Build([]calendar.Edit{{Number: 1, EffectiveFrom: "2000-01-01", Set: []calendar.Day{d}}}); err == nil {
			days = append(days, d)
		}
	}
	if len(days) == 0 {
		return 0, nil
	}
	_, _, err := saveCalendarVersion(ctx, tx, NewCalendarVersion{Days: days, Origin: OriginExisting, By: "dvc", At: at,
		Note: "Các ngày nghỉ, ngày làm bù đã có trước khi lịch được quản lý theo phiên bản"})
	return len(days), err
}
