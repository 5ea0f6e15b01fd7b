package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// The synthetic generator (internal/ops/synthetic, `dvc seed --synthetic N`) plans
// historic dossiers from what SyntheticBasis reads, creates citizen accounts with
// EnsureCitizens, writes each batch with CopySynthetic (synthetic_copy.go) and ends with
// VacuumAfterLoad.

// SyntheticBasis is what the synthetic generator plans from.
type SyntheticBasis struct {
	// RuleVersion is the version of the first rule set.
	RuleVersion int
	// Calendar is the first rule set's office hours with every holiday and compensatory
	// working day of the calendar.
	Calendar domain.CalendarSpec
	// Agencies are every agency, by id.
	Agencies []SyntheticAgency
	// Staff are the enabled officers that belong to an agency, by id.
	Staff []SyntheticOfficer
	// Procedures are the active procedures, by id.
	Procedures []SyntheticProcedure
	// Counters are the dossier code counters of the days asked for.
	Counters []CodeCounter
}

// SyntheticAgency is an agency as the generator sees it.
type SyntheticAgency struct {
	ID         int64
	Code, Name string
}

// SyntheticOfficer is an officer's account as the generator sees it.
type SyntheticOfficer struct {
	ID       int64
	Name     string
	AgencyID int64
	Roles    []string
}

// SyntheticProcedure is an active procedure with its route (nil when the catalogue gives
// it none).
type SyntheticProcedure struct {
	ID, AgencyID   int64
	ProcessingDays int
	DayKind        domain.DayKind
	Route          []domain.Step
}

// CodeCounter is the last sequence number given to a dossier code of an agency on a day
// (YYYY-MM-DD, in Vietnam).
type CodeCounter struct {
	AgencyID int64
	Day      string
	LastSeq  int
}

// SyntheticBasis reads the catalogue, the calendar, the staff and the code counters of
// the days fromDay to toDay (YYYY-MM-DD, both included). Errors: domain.ErrUnavailable
// when PostgreSQL cannot be reached; a wrapped sql.ErrNoRows when there is no rule set.
func (s *Store) SyntheticBasis(ctx context.Context, fromDay, toDay string) (SyntheticBasis, error) {
	var b SyntheticBasis
	var err error
	if b.RuleVersion, b.Calendar, err = s.syntheticCalendar(ctx); err != nil {
		return b, err
	}
	var agencies []struct {
		ID   int64  `db:"id"`
		Code string `db:"code"`
		Name string `db:"name"`
	}
	if err := s.db.SelectContext(ctx, &agencies, `SELECT id, code, name FROM agencies ORDER BY id`); err != nil {
		return b, fmt.Errorf("store: agencies: %w", err)
	}
	for _, a := range agencies {
		b.Agencies = append(b.Agencies, SyntheticAgency{ID: a.ID, Code: a.Code, Name: a.Name})
	}
	var staff []struct {
		ID       int64          `db:"id"`
		Name     string         `db:"full_name"`
		AgencyID int64          `db:"agency_id"`
		Roles    pq.StringArray `db:"roles"`
	}
	if err := s.db.SelectContext(ctx, &staff, `SELECT id, full_name, agency_id, roles FROM accounts
		WHERE kind = 'staff' AND agency_id IS NOT NULL AND NOT disabled ORDER BY id`); err != nil {
		return b, fmt.Errorf("store: staff: %w", err)
	}
	for _, o := range staff {
		b.Staff = append(b.Staff, SyntheticOfficer{ID: o.ID, Name: o.Name, AgencyID: o.AgencyID, Roles: o.Roles})
	}
	if b.Procedures, err = s.syntheticProcedures(ctx); err != nil {
		return b, err
	}
	var counters []struct {
		AgencyID int64     `db:"agency_id"`
		Day      time.Time `db:"day"`
		LastSeq  int       `db:"last_seq"`
	}
	if err := s.db.SelectContext(ctx, &counters, `SELECT agency_id, day, last_seq FROM dossier_code_counters
		WHERE day >= $1::date AND day <= $2::date`, fromDay, toDay); err != nil {
		return b, fmt.Errorf("store: counters: %w", err)
	}
	for _, c := range counters {
		b.Counters = append(b.Counters, CodeCounter{AgencyID: c.AgencyID, Day: c.Day.Format(time.DateOnly), LastSeq: c.LastSeq})
	}
	return b, nil
}

// syntheticCalendar reads the first rule set's version and office hours, and the
// calendar's days.
func (s *Store) syntheticCalendar(ctx context.Context) (int, domain.CalendarSpec, error) {
	var rules struct {
		Version  int            `db:"version"`
		Sessions pq.StringArray `db:"sessions"`
		Cutoff   string         `db:"cutoff"`
	}
	if err := s.db.GetContext(ctx, &rules, `SELECT version, sessions, cutoff FROM rule_sets ORDER BY effective_from LIMIT 1`); err != nil {
		return 0, domain.CalendarSpec{}, fmt.Errorf("store: rule set: %w", err)
	}
	spec := domain.CalendarSpec{Sessions: rules.Sessions, Cutoff: rules.Cutoff}
	var days []struct {
		Day  time.Time `db:"day"`
		Kind string    `db:"kind"`
	}
	if err := s.db.SelectContext(ctx, &days, `SELECT day, kind FROM calendar_days ORDER BY day`); err != nil {
		return 0, spec, fmt.Errorf("store: calendar: %w", err)
	}
	for _, d := range days {
		if d.Kind == "holiday" {
			spec.Holidays = append(spec.Holidays, d.Day.Format(time.DateOnly))
		} else {
			spec.Workdays = append(spec.Workdays, d.Day.Format(time.DateOnly))
		}
	}
	return rules.Version, spec, nil
}

// syntheticProcedures reads the active procedures with their routes.
func (s *Store) syntheticProcedures(ctx context.Context) ([]SyntheticProcedure, error) {
	var procs []struct {
		ID       int64  `db:"id"`
		AgencyID int64  `db:"agency_id"`
		Days     int    `db:"processing_days"`
		Kind     string `db:"day_kind"`
	}
	if err := s.db.SelectContext(ctx, &procs, `SELECT id, agency_id, processing_days, day_kind FROM procedures
		WHERE active ORDER BY id`); err != nil {
		return nil, fmt.Errorf("store: procedures: %w", err)
	}
	var steps []struct {
		ProcedureID int64 `db:"procedure_id"`
		domain.Step
	}
	if err := s.db.SelectContext(ctx, &steps, `SELECT procedure_id, position, name, role, budget_hours,
		COALESCE(interagency_agency_id, 0) AS interagency_id, '' AS interagency_name
		FROM procedure_steps ORDER BY procedure_id, position`); err != nil {
		return nil, fmt.Errorf("store: routes: %w", err)
	}
	routes := map[int64][]domain.Step{}
	for _, st := range steps {
		routes[st.ProcedureID] = append(routes[st.ProcedureID], st.Step)
	}
	var out []SyntheticProcedure
	for _, p := range procs {
		out = append(out, SyntheticProcedure{ID: p.ID, AgencyID: p.AgencyID, ProcessingDays: p.Days,
			DayKind: domain.DayKind(p.Kind), Route: routes[p.ID]})
	}
	return out, nil
}

// SyntheticCitizen is a citizen account the generator needs.
type SyntheticCitizen struct {
	Username, FullName, IDNumber, Phone, Email string
}

// EnsureCitizens creates the citizen accounts of cs whose username is free, all with
// passwordHash, and returns how many it created and the id of each account of cs, in
// order. Errors: domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) EnsureCitizens(ctx context.Context, passwordHash string, cs []SyntheticCitizen) (int, []int64, error) {
	usernames, names, ids, phones, emails := make([]string, len(cs)), make([]string, len(cs)), make([]string, len(cs)),
		make([]string, len(cs)), make([]string, len(cs))
	for i, c := range cs {
		usernames[i], names[i], ids[i], phones[i], emails[i] = c.Username, c.FullName, c.IDNumber, c.Phone, c.Email
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO accounts (username, password_hash, kind, full_name, id_number, phone, email)
		SELECT u, $2, 'citizen', n, i, p, e FROM unnest($1::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t (u, n, i, p, e)
		ON CONFLICT DO NOTHING`, pq.StringArray(usernames), passwordHash, pq.StringArray(names), pq.StringArray(ids),
		pq.StringArray(phones), pq.StringArray(emails))
	if err != nil {
		return 0, nil, fmt.Errorf("store: citizens: %w", err)
	}
	created, _ := res.RowsAffected()
	var rows []struct {
		ID       int64  `db:"id"`
		Username string `db:"username"`
	}
	if err := s.db.SelectContext(ctx, &rows, `SELECT id, username FROM accounts WHERE username = ANY ($1)`, pq.StringArray(usernames)); err != nil {
		return 0, nil, fmt.Errorf("store: citizens: %w", err)
	}
	byName := map[string]int64{}
	for _, r := range rows {
		byName[r.Username] = r.ID
	}
	accounts := make([]int64, len(cs))
	for i, u := range usernames {
		accounts[i] = byName[u]
	}
	return int(created), accounts, nil
}

// ReserveDossierIDs takes n ids from the dossiers' sequence. Errors: domain.ErrUnavailable
// when PostgreSQL cannot be reached.
func (s *Store) ReserveDossierIDs(ctx context.Context, n int) ([]int64, error) {
	var ids []int64
	if err := s.db.SelectContext(ctx, &ids, `SELECT nextval('dossiers_id_seq') FROM generate_series(1, $1)`, n); err != nil {
		return nil, fmt.Errorf("store: reserve ids: %w", err)
	}
	return ids, nil
}

// VacuumAfterLoad vacuums and analyses the tables a bulk load fills (dossiers, their log,
// code counters, accounts, ratings): it sets the visibility map (index-only scans) and
// hint bits, so that the first readers do not pay for the load, and refreshes the
// planner's statistics. A concurrent autoanalyze holds back the horizon and leaves pages
// not all-visible: it vacuums again then, up to five times a second apart. Errors: ctx's,
// domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) VacuumAfterLoad(ctx context.Context) error {
	const tables = `dossiers, dossier_events, dossier_code_counters, accounts, ratings`
	for try := 0; ; try++ {
		if _, err := s.db.ExecContext(ctx, `VACUUM (ANALYZE) `+tables); err != nil {
			return fmt.Errorf("store: vacuum: %w", err)
		}
		var visible float64
		if err := s.db.GetContext(ctx, &visible, `SELECT relallvisible::float8 / GREATEST(relpages, 1) FROM pg_class
			WHERE oid = 'dossiers'::regclass`); err != nil {
			return fmt.Errorf("store: vacuum: %w", err)
		}
		if visible > 0.9 || try == 5 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
}

// DatabaseSize is the size of the database on disk, for people ("1234 MB"). Errors:
// domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) DatabaseSize(ctx context.Context) (string, error) {
	var size string
	if err := s.db.GetContext(ctx, &size, `SELECT pg_size_pretty(pg_database_size(current_database()))`); err != nil {
		return "", fmt.Errorf("store: database size: %w", err)
	}
	return size, nil
}
