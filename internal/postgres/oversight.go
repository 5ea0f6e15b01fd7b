package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// openStatuses are the statuses of an open dossier, as the partial indexes of
// schema/0020_supervision_indexes.sql list them.
const openStatuses = `(1, 2, 4, 5, 6, 9)`

// Oversight returns a page of the supervision worklist and how many dossiers match q.
// Dossiers of an agency are those it received or holds. With an agency and open
// dossiers only, the partial indexes dossiers_open_agency and dossiers_open_holder find
// them; a receipt range over every status uses dossiers_agency_received.
func (s *Store) Oversight(ctx context.Context, q domain.OversightQuery) ([]domain.OversightRow, int, error) {
	var args sqlArgs
	where := `d.code IS NOT NULL`
	if q.AgencyID != 0 {
		a := args.add(q.AgencyID)
		where += ` AND (d.agency_id = ` + a + ` OR d.holder_agency_id = ` + a + `)`
	}
	order := `d.due_at NULLS LAST, d.id`
	switch q.List {
	case domain.ListOverdue:
		where += ` AND d.status IN (2, 4, 6) AND (d.overdue OR d.due_at < ` + args.add(q.Now) + `)`
	case domain.ListDueSoon:
		where += ` AND d.status IN (2, 4, 6) AND NOT d.overdue AND d.due_at >= ` + args.add(q.Now) + ` AND d.due_at <= ` + args.add(q.DueBefore)
	case domain.ListSupplement:
		where += ` AND d.status = 5 AND d.updated_at < ` + args.add(q.SupplementBefore)
		order = `d.updated_at, d.id`
	default:
		if q.OpenOnly && q.Status == 0 {
			where += ` AND d.status IN ` + openStatuses
		}
	}
	for _, f := range []struct {
		cond string
		set  bool
		v    any
	}{{`d.status = `, q.Status != 0, q.Status}, {`d.procedure_id = `, q.ProcedureID != 0, q.ProcedureID},
		{`d.assignee_id = `, q.AssigneeID != 0, q.AssigneeID}, {`d.received_at >= `, q.ReceivedFrom != nil, q.ReceivedFrom},
		{`d.received_at < `, q.ReceivedTo != nil, q.ReceivedTo}, {`d.due_at >= `, q.DueFrom != nil, q.DueFrom},
		{`d.due_at < `, q.DueTo != nil, q.DueTo}} {
		if f.set {
			where += ` AND ` + f.cond + args.add(f.v)
		}
	}
	if q.Text != "" {
		t := args.add("%" + escapeLike(q.Text) + "%")
		where += ` AND (d.code ILIKE ` + t + ` OR d.applicant_name ILIKE ` + t + ` OR p.name ILIKE ` + t + `)`
	}
	from := ` FROM dossiers d JOIN procedures p ON p.id = d.procedure_id WHERE ` + where
	var total int
	if err := s.db.GetContext(ctx, &total, `SELECT count(*)`+from, args...); err != nil {
		return nil, 0, fmt.Errorf("store: count oversight: %w", classify(err))
	}
	per := q.PerPage
	if per <= 0 || per > 100000 {
		per = 100000
	}
	page := ` LIMIT ` + args.add(per) + ` OFFSET ` + args.add(max(q.Page-1, 0)*per)
	rows := []domain.OversightRow{}
	err := s.db.SelectContext(ctx, &rows, `SELECT d.id, d.code, p.name AS procedure_name, a.name AS agency_name,
		d.applicant_name, d.status, d.step_name, d.assignee_id, d.assignee_name, d.received_at, d.due_at, d.step_due_at,
		d.updated_at, d.overdue
		FROM (SELECT d.*`+from+` ORDER BY `+order+page+`) d
		JOIN procedures p ON p.id = d.procedure_id JOIN agencies a ON a.id = d.agency_id
		ORDER BY `+order, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: oversight: %w", classify(err))
	}
	return rows, total, nil
}

// sqlArgs collects a query's arguments; add returns the placeholder of the one added.
type sqlArgs []any

func (a *sqlArgs) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// escapeLike escapes LIKE's wildcards in s, so that a search matches them literally.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// DossiersByCodes returns the submitted dossiers among codes, in no particular order.
func (s *Store) DossiersByCodes(ctx context.Context, codes []string) ([]domain.Dossier, error) {
	ds := []domain.Dossier{}
	if err := s.db.SelectContext(ctx, &ds, dossierSelect+` WHERE d.code = ANY ($1)`, pq.StringArray(codes)); err != nil {
		return nil, fmt.Errorf("store: dossiers by codes: %w", classify(err))
	}
	return ds, nil
}

// Workload returns the load of each enabled officer of agency: their open dossiers held
// by the agency (due within dueBefore, overdue at now), and the steps they completed in
// [from, to) with the average time since the row before (calendar days). The steps come
// from dossier_events_steps, the open dossiers from dossiers_open_holder.
func (s *Store) Workload(ctx context.Context, agency int64, q domain.OversightQuery, from, to any) ([]domain.Workload, error) {
	out := []domain.Workload{}
	err := s.db.SelectContext(ctx, &out, `
		WITH staff AS (
			SELECT id, full_name, username, roles FROM accounts WHERE kind = 'staff' AND agency_id = $1 AND NOT disabled
		), open AS (
			SELECT d.assignee_id, count(*) AS open,
				count(*) FILTER (WHERE d.status IN (2, 4, 6) AND NOT d.overdue AND d.due_at >= $2 AND d.due_at <= $3) AS due_soon,
				count(*) FILTER (WHERE d.status IN (2, 4, 6) AND (d.overdue OR d.due_at < $2)) AS overdue
			FROM dossiers d WHERE d.holder_agency_id = $1 AND d.status IN `+openStatuses+` AND d.assignee_id IS NOT NULL
			GROUP BY 1
		), steps AS (
			SELECT st.id AS actor_id, count(*) AS steps, count(*) FILTER (WHERE e.timing = 'late') AS steps_late,
				avg(extract(epoch FROM e.at - p.at) / 86400.0) AS avg_days
			FROM staff st JOIN dossier_events e ON e.actor_id = st.id AND e.timing <> '' AND e.at >= $4 AND e.at < $5
			JOIN dossier_events p ON p.dossier_id = e.dossier_id AND p.seq = e.seq - 1
			GROUP BY 1
		)
		SELECT st.id AS account_id, st.full_name, st.username, st.roles, COALESCE(o.open, 0) AS open,
			COALESCE(o.due_soon, 0) AS due_soon, COALESCE(o.overdue, 0) AS overdue, COALESCE(x.steps, 0) AS steps,
			COALESCE(x.steps_late, 0) AS steps_late, COALESCE(round(x.avg_days::numeric, 2), 0)::float8 AS avg_step_days
		FROM staff st LEFT JOIN open o ON o.assignee_id = st.id LEFT JOIN steps x ON x.actor_id = st.id
		ORDER BY COALESCE(o.overdue, 0) DESC, COALESCE(o.open, 0) DESC, st.full_name`,
		agency, q.Now, q.DueBefore, from, to)
	if err != nil {
		return nil, fmt.Errorf("store: workload: %w", classify(err))
	}
	return out, nil
}

// SavedFilters returns an officer's saved filters of page, by name.
func (s *Store) SavedFilters(ctx context.Context, accountID int64, page string) ([]domain.SavedFilter, error) {
	fs := []domain.SavedFilter{}
	if err := s.db.SelectContext(ctx, &fs, `SELECT id, page, name, query FROM saved_filters
		WHERE account_id = $1 AND page = $2 ORDER BY name`, accountID, page); err != nil {
		return nil, fmt.Errorf("store: saved filters: %w", classify(err))
	}
	return fs, nil
}

// SaveFilter stores (or replaces, by name) an officer's filter.
func (s *Store) SaveFilter(ctx context.Context, accountID int64, f domain.SavedFilter) (domain.SavedFilter, error) {
	err := s.db.GetContext(ctx, &f.ID, `INSERT INTO saved_filters (account_id, page, name, query) VALUES ($1, $2, $3, $4)
		ON CONFLICT (account_id, page, name) DO UPDATE SET query = EXCLUDED.query RETURNING id`, accountID, f.Page, f.Name, f.Query)
	if err != nil {
		return f, fmt.Errorf("store: save filter: %w", classify(err))
	}
	return f, nil
}

// DeleteFilter removes an officer's filter. Errors: filter_not_found.
func (s *Store) DeleteFilter(ctx context.Context, accountID, id int64) error {
	var gone int64
	err := s.db.GetContext(ctx, &gone, `DELETE FROM saved_filters WHERE id = $1 AND account_id = $2 RETURNING id`, id, accountID)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.NewError(domain.NotFound, "filter_not_found", "Không tìm thấy bộ lọc.")
	}
	if err != nil {
		return fmt.Errorf("store: delete filter: %w", classify(err))
	}
	return nil
}
