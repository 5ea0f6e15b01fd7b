package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Snapshot copies what a dossier's workflow needs from the catalogue: the procedure's
// processing time, whether it is free of fees, its home agency and its route. Errors:
// dossier_not_found.
func (s *Store) Snapshot(ctx context.Context, dossierID int64) (domain.Snapshot, error) {
	var row struct {
		ProcedureID    int64           `db:"procedure_id"`
		ProcedureName  string          `db:"procedure_name"`
		ProcessingDays int             `db:"processing_days"`
		DayKind        string          `db:"day_kind"`
		Duration       domain.Duration `db:"duration"`
		Cutoff         string          `db:"cutoff"`
		FeeVND         int64           `db:"fee_vnd"`
		AgencyID       int64           `db:"agency_id"`
		AgencyName     string          `db:"agency_name"`
		OwnerID        *int64          `db:"owner_id"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT p.id AS procedure_id, p.name AS procedure_name, p.processing_days,
		p.day_kind, p.duration_amount AS "duration.amount", p.duration_unit AS "duration.unit", p.cutoff, p.fee_vnd, a.id AS agency_id, a.name AS agency_name, d.owner_id
		FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN agencies a ON a.id = d.agency_id
		WHERE d.id = $1`, dossierID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Snapshot{}, errDossierNotFound
	}
	if err != nil {
		return domain.Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	snap := domain.Snapshot{ProcedureName: row.ProcedureName, ProcessingDays: row.ProcessingDays, DayKind: domain.DayKind(row.DayKind),
		Duration: row.Duration, Cutoff: row.Cutoff, HomeAgencyID: row.AgencyID, HomeAgencyName: row.AgencyName, FeeFree: row.FeeVND == 0}
	if row.OwnerID != nil {
		snap.OwnerID = *row.OwnerID
	}
	err = s.db.SelectContext(ctx, &snap.Route, `SELECT s.position, s.name, s.role, s.budget_hours,
		COALESCE(s.interagency_agency_id, 0) AS interagency_id, COALESCE(a.name, '') AS interagency_name
		FROM procedure_steps s LEFT JOIN agencies a ON a.id = s.interagency_agency_id
		WHERE s.procedure_id = $1 ORDER BY s.position`, row.ProcedureID)
	if err != nil {
		return domain.Snapshot{}, fmt.Errorf("store: route: %w", err)
	}
	if len(snap.Route) == 0 {
		snap.Route = domain.DefaultRouteFor(row.Duration)
	}
	return snap, nil
}

// Rules returns the rule set in force at t with the days of the latest calendar version,
// the one dossiers count with (RuleSet.CalendarVersion; 0 and the calendar_days as they
// are before the first version is stored). Errors: no_rule_set when none is in force.
func (s *Store) Rules(ctx context.Context, t time.Time) (domain.RuleSet, error) {
	var row struct {
		Version          int            `db:"version"`
		EffectiveFrom    time.Time      `db:"effective_from"`
		Sessions         pq.StringArray `db:"sessions"`
		Cutoff           string         `db:"cutoff"`
		SupplementPolicy string         `db:"supplement_policy"`
		SupplementDays   int            `db:"supplement_days"`
		ReminderHours    int            `db:"reminder_hours"`
		DuePolicy        string         `db:"due_policy"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT version, effective_from, sessions, cutoff, supplement_policy,
		supplement_days, reminder_hours, due_policy FROM rule_sets WHERE effective_from <= $1 ORDER BY effective_from DESC LIMIT 1`, t)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.RuleSet{}, domain.NewError(domain.Conflict, "no_rule_set", "Chưa có bộ quy tắc tính thời gian nào có hiệu lực.")
	}
	if err != nil {
		return domain.RuleSet{}, fmt.Errorf("store: rules: %w", err)
	}
	rs := domain.RuleSet{Version: row.Version, EffectiveFrom: row.EffectiveFrom, SupplementPolicy: row.SupplementPolicy,
		SupplementDays: row.SupplementDays, ReminderHours: row.ReminderHours, DuePolicy: domain.DuePolicy(row.DuePolicy),
		Calendar: domain.CalendarSpec{Sessions: row.Sessions, Cutoff: row.Cutoff, Holidays: []string{}, Workdays: []string{}}}
	v, err := latestCalendar(ctx, s.db)
	switch {
	case errors.Is(err, errNoCalendar): // before the first version: the days as they are
		err = s.db.SelectContext(ctx, &v.Days, `SELECT to_char(day, 'YYYY-MM-DD') AS date,
			CASE kind WHEN 'workday' THEN 'workday' ELSE 'holiday' END AS kind, name FROM calendar_days ORDER BY day`)
	case err != nil:
		return domain.RuleSet{}, err
	}
	if err != nil {
		return domain.RuleSet{}, fmt.Errorf("store: calendar: %w", err)
	}
	rs.Calendar, rs.CalendarVersion = v.Spec(rs.Calendar), v.Number
	if _, err := worktime.New(rs.Calendar); err != nil {
		return domain.RuleSet{}, fmt.Errorf("store: rule set %d: %w", rs.Version, err)
	}
	return rs, nil
}

// RuleSetVersion returns rule set v's office hours, cut-off and policies (without days).
// Errors: no_rule_set.
func (s *Store) RuleSetVersion(ctx context.Context, v int) (domain.RuleSet, error) {
	var row struct {
		Sessions         pq.StringArray `db:"sessions"`
		Cutoff           string         `db:"cutoff"`
		DuePolicy        string         `db:"due_policy"`
		SupplementPolicy string         `db:"supplement_policy"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT sessions, cutoff, due_policy, supplement_policy FROM rule_sets WHERE version = $1`, v)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.RuleSet{}, domain.NewError(domain.Conflict, "no_rule_set", "Không có bộ quy tắc tính thời gian này.")
	}
	if err != nil {
		return domain.RuleSet{}, classify(fmt.Errorf("store: rule set %d: %w", v, err))
	}
	return domain.RuleSet{Version: v, DuePolicy: domain.DuePolicy(row.DuePolicy), SupplementPolicy: row.SupplementPolicy,
		Calendar: domain.CalendarSpec{Sessions: row.Sessions, Cutoff: row.Cutoff}}, nil
}
