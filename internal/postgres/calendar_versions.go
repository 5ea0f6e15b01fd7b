package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// calendarLock serialises the writers of calendar versions.
const calendarLock = 7366

// CalendarOrigin says where a calendar version came from.
type CalendarOrigin string

// Origins of calendar versions.
const (
	OriginShipped  CalendarOrigin = "shipped"  // a version of the calendar shipped with dvc
	OriginConsole  CalendarOrigin = "console"  // an administrator's edit of a day
	OriginImport   CalendarOrigin = "import"   // a catalogue import
	OriginExisting CalendarOrigin = "existing" // the days the database held before versions
)

// CalendarVersionInfo is a stored version without its days, as the console lists them.
type CalendarVersionInfo struct {
	Number        int        `db:"number" json:"number"`
	EffectiveFrom time.Time  `db:"effective_from" json:"effective_from"`
	Note          string     `db:"note" json:"note"`
	Origin        string     `db:"origin" json:"origin"`
	CreatedAt     time.Time  `db:"created_at" json:"created_at"`
	CreatedBy     string     `db:"created_by" json:"created_by"`
	JobStartedAt  *time.Time `db:"job_started_at" json:"job_started_at"`
	Days          int        `db:"days" json:"days"`
}

// CalendarVersions lists the stored versions, newest first.
func (s *Store) CalendarVersions(ctx context.Context) ([]CalendarVersionInfo, error) {
	out := []CalendarVersionInfo{}
	err := s.db.SelectContext(ctx, &out, `SELECT v.number, v.effective_from, v.note, v.origin, v.created_at, v.created_by,
		v.job_started_at, (SELECT count(*) FROM calendar_version_days d WHERE d.version = v.number) AS days
		FROM calendar_versions v ORDER BY v.number DESC`)
	if err != nil {
		return nil, classify(fmt.Errorf("store: calendar versions: %w", err))
	}
	return out, nil
}

// LatestCalendar is the newest calendar version with its days: the one dossiers count
// with. Errors: no_calendar (409) when none is stored.
func (s *Store) LatestCalendar(ctx context.Context) (calendar.Version, error) {
	return latestCalendar(ctx, s.db)
}

// CalendarVersion returns stored version n. Errors: calendar_version_not_found (404).
func (s *Store) CalendarVersion(ctx context.Context, n int) (calendar.Version, error) {
	v, err := loadCalendar(ctx, s.db, n)
	if errors.Is(err, sql.ErrNoRows) {
		return v, domain.NewError(domain.NotFound, "calendar_version_not_found", "Không có phiên bản lịch này.")
	}
	return v, classify(err)
}

var errNoCalendar = domain.NewError(domain.Conflict, "no_calendar", "Chưa có lịch làm việc nào.")

func latestCalendar(ctx context.Context, q sqlx.QueryerContext) (calendar.Version, error) {
	var n int
	if err := sqlx.GetContext(ctx, q, &n, `SELECT COALESCE(max(number), 0) FROM calendar_versions`); err != nil {
		return calendar.Version{}, classify(fmt.Errorf("store: latest calendar: %w", err))
	}
	if n == 0 {
		return calendar.Version{}, errNoCalendar
	}
	v, err := loadCalendar(ctx, q, n)
	return v, classify(err)
}

func loadCalendar(ctx context.Context, q sqlx.QueryerContext, n int) (calendar.Version, error) {
	var head struct {
		Number        int       `db:"number"`
		EffectiveFrom time.Time `db:"effective_from"`
		Note          string    `db:"note"`
	}
	if err := sqlx.GetContext(ctx, q, &head, `SELECT number, effective_from, note FROM calendar_versions WHERE number = $1`, n); err != nil {
		return calendar.Version{}, err
	}
	var rows []struct {
		Day         time.Time `db:"day"`
		Kind        string    `db:"kind"`
		Name        string    `db:"name"`
		Source      string    `db:"source"`
		Provisional bool      `db:"provisional"`
	}
	if err := sqlx.SelectContext(ctx, q, &rows, `SELECT day, kind, name, source, provisional FROM calendar_version_days
		WHERE version = $1 ORDER BY day`, n); err != nil {
		return calendar.Version{}, fmt.Errorf("store: calendar version %d: %w", n, err)
	}
	v := calendar.Version{Number: head.Number, Note: head.Note, Days: make([]calendar.Day, 0, len(rows)),
		EffectiveFrom: time.Date(head.EffectiveFrom.Year(), head.EffectiveFrom.Month(), head.EffectiveFrom.Day(), 0, 0, 0, 0, worktime.Location)}
	for _, r := range rows {
		v.Days = append(v.Days, calendar.Day{Date: r.Day.Format(time.DateOnly), Kind: calendar.Kind(r.Kind), Name: r.Name,
			Source: r.Source, Provisional: r.Provisional})
	}
	return v, nil
}

// NewCalendarVersion is a calendar version to save: its whole list of days.
type NewCalendarVersion struct {
	Days   []calendar.Day
	Note   string
	Origin CalendarOrigin
	By     string
	// Shipped is the shipped version it brings (OriginShipped).
	Shipped int
	// At is when it is entered (its effective day in Vietnam).
	At time.Time
}

// SaveCalendarVersion validates nv's days (calendar.Build) and stores them as the next
// version, with the calendar_days mirror older readers use, unless they are the latest
// version's days already: then it returns the latest version and false. Errors:
// invalid_calendar (422) naming what calendar.Build refused.
func (s *Store) SaveCalendarVersion(ctx context.Context, nv NewCalendarVersion) (calendar.Version, bool, error) {
	var v calendar.Version
	var created bool
	err := s.inTx(ctx, func(tx *sqlx.Tx) (err error) {
		v, created, err = saveCalendarVersion(ctx, tx, nv)
		return err
	})
	return v, created, err
}

func saveCalendarVersion(ctx context.Context, tx *sqlx.Tx, nv NewCalendarVersion) (calendar.Version, bool, error) {
	if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, calendarLock); err != nil {
		return calendar.Version{}, false, fmt.Errorf("store: calendar lock: %w", err)
	}
	at := nv.At.In(worktime.Location)
	h, err := calendar.Build([]calendar.Edit{{Number: 1, EffectiveFrom: at.Format(time.DateOnly), Note: nv.Note, Set: nv.Days}})
	if err != nil {
		return calendar.Version{}, false, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_calendar",
			Message: "Lịch làm việc chưa hợp lệ: " + err.Error(), Err: err}
	}
	days := h.Latest().Days
	latest, err := latestCalendar(ctx, tx)
	switch {
	case err == nil && slices.Equal(latest.Days, days) && nv.Origin != OriginShipped:
		return latest, false, nil
	case err != nil && !errors.Is(err, errNoCalendar):
		return calendar.Version{}, false, err
	}
	v := calendar.Version{Number: latest.Number + 1, EffectiveFrom: h.Latest().EffectiveFrom, Note: nv.Note, Days: days}
	if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_versions (number, effective_from, note, origin, shipped, created_by)
		VALUES ($1, $2, $3, $4, NULLIF($5, 0), $6)`, v.Number, at.Format(time.DateOnly), nv.Note, nv.Origin, nv.Shipped, nv.By); err != nil {
		return v, false, fmt.Errorf("store: calendar version %d: %w", v.Number, err)
	}
	for _, d := range days {
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_version_days (version, day, kind, name, source, provisional)
			VALUES ($1, $2, $3, $4, $5, $6)`, v.Number, d.Date, d.Kind, d.Name, d.Source, d.Provisional); err != nil {
			return v, false, fmt.Errorf("store: calendar version %d day %s: %w", v.Number, d.Date, err)
		}
	}
	// The mirror read by the catalogue export and the console's day list.
	if _, err := tx.ExecContext(ctx, `DELETE FROM calendar_days`); err != nil {
		return v, false, fmt.Errorf("store: calendar mirror: %w", err)
	}
	for _, d := range v.CalendarDays() {
		if _, err := tx.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, name) VALUES ($1, $2, $3)`,
			d.Day.Format(time.DateOnly), d.Kind, d.Name); err != nil {
			return v, false, fmt.Errorf("store: calendar mirror: %w", err)
		}
	}
	return v, true, nil
}

// PendingCalendarJobs lists the versions (after the first) whose recompute job has not
// been started, oldest first.
func (s *Store) PendingCalendarJobs(ctx context.Context) ([]int, error) {
	out := []int{}
	err := s.db.SelectContext(ctx, &out, `SELECT number FROM calendar_versions
		WHERE job_started_at IS NULL AND number > 1 ORDER BY number`)
	if err != nil {
		return nil, classify(fmt.Errorf("store: pending calendar jobs: %w", err))
	}
	return out, nil
}

// MarkCalendarJobStarted records that version n's recompute job was started.
func (s *Store) MarkCalendarJobStarted(ctx context.Context, n int, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE calendar_versions SET job_started_at = $2
		WHERE number = $1 AND job_started_at IS NULL`, n, at)
	return classify(err)
}

// ClockDossier is a dossier whose clock may run, as the calendar job reads it.
type ClockDossier struct {
	ID         int64         `db:"id"`
	Code       string        `db:"code"`
	Status     domain.Status `db:"status"`
	ReceivedAt time.Time     `db:"received_at"`
	DueAt      *time.Time    `db:"due_at"`
	StepDueAt  *time.Time    `db:"step_due_at"`
}

// ClockDossiers returns, by id after after, at most limit received dossiers whose clock
// may run (received, processing, waiting for a supplement or a payment) and that count
// with a calendar version older than version (a dossier received before versions counts
// with the first).
func (s *Store) ClockDossiers(ctx context.Context, version int, after int64, limit int) ([]ClockDossier, error) {
	out := []ClockDossier{}
	err := s.db.SelectContext(ctx, &out, `SELECT id, code, status, received_at, due_at, step_due_at FROM dossiers
		WHERE status IN (2, 4, 5, 6) AND id > $2 AND received_at IS NOT NULL AND code IS NOT NULL
		AND COALESCE(calendar_version, 1) < $1 ORDER BY id LIMIT $3`, version, after, limit)
	if err != nil {
		return nil, classify(fmt.Errorf("store: clock dossiers: %w", err))
	}
	return out, nil
}
