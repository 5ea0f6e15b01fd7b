package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// Inbox returns the dossiers waiting for an officer: held by their agency, at a step of
// one of their roles, assigned to them or to nobody; by due date.
func (s *Store) Inbox(ctx context.Context, q domain.InboxQuery) ([]domain.Dossier, error) {
	ds := []domain.Dossier{}
	err := s.db.SelectContext(ctx, &ds, dossierSelect+`
		WHERE d.holder_agency_id = $1 AND d.assignee_role = ANY ($2) AND (d.assignee_id IS NULL OR d.assignee_id = $3)
		AND d.status IN (1, 2, 4, 6, 9) AND ($4 = 0 OR d.status = $4) AND ($5 = 0 OR d.procedure_id = $5)
		AND ($6 = 0 OR p.field_id = $6) AND ($7::timestamptz IS NULL OR COALESCE(d.step_due_at, d.due_at) <= $7)
		ORDER BY COALESCE(d.step_due_at, d.due_at) NULLS LAST, d.submitted_at LIMIT 500`,
		q.AgencyID, pq.StringArray(q.Roles), q.AccountID, q.Status, q.ProcedureID, q.FieldID, q.DueBefore)
	if err != nil {
		return nil, fmt.Errorf("store: inbox: %w", err)
	}
	return ds, nil
}

// Staff returns an enabled staff account. Errors: officer_not_found.
func (s *Store) Staff(ctx context.Context, id int64) (domain.Account, error) {
	a, err := s.Account(ctx, id)
	if err != nil || a.Kind != "staff" || a.Disabled {
		return domain.Account{}, &domain.Error{Kind: domain.Invalid, Code: "officer_not_found", Message: "Không tìm thấy cán bộ.",
			Fields: map[string]string{"officer_id": "Cán bộ không tồn tại hoặc đã bị khoá."}}
	}
	return a, nil
}

// LogAccess records that an officer read a citizen's personal data in a dossier.
func (s *Store) LogAccess(ctx context.Context, accountID, dossierID int64, what string) error {
	if _, err := s.db.ExecContext(ctx, `INSERT INTO data_access_log (account_id, dossier_id, what) VALUES ($1, $2, $3)`,
		accountID, dossierID, what); err != nil {
		return fmt.Errorf("store: log access: %w", err)
	}
	return nil
}

// AccessLog returns who read a dossier's personal data.
func (s *Store) AccessLog(ctx context.Context, dossierID int64) ([]domain.AccessEntry, error) {
	es := []domain.AccessEntry{}
	if err := s.db.SelectContext(ctx, &es, `SELECT l.account_id, a.username, a.full_name, l.what, l.at FROM data_access_log l
		JOIN accounts a ON a.id = l.account_id WHERE l.dossier_id = $1 ORDER BY l.id`, dossierID); err != nil {
		return nil, fmt.Errorf("store: access log: %w", err)
	}
	return es, nil
}

// SearchEvents returns log rows matching q, newest first, and their total.
func (s *Store) SearchEvents(ctx context.Context, q domain.EventQuery) ([]domain.AuditEvent, int, error) {
	// The filter reads only the log row, so the count needs no join. The agency's dossier
	// ids come from indexes; the condition is left out without an agency, because under an
	// OR the planner could not turn it into a (hash) semi-join and would run it per row.
	// With a start, only the dossiers updated since count: a log row's dossier was
	// updated at or after the row (schema/0012_audit_since.sql).
	agency := `$1::bigint = 0`
	if q.AgencyID != 0 {
		since := ``
		if q.From != nil {
			since = ` AND updated_at >= $4`
		}
		agency = `e.dossier_id IN (SELECT id FROM dossiers WHERE agency_id = $1` + since + `
			UNION ALL SELECT id FROM dossiers WHERE holder_agency_id = $1` + since + `)`
	}
	where := ` WHERE ` + agency + ` AND ($2 = '' OR e.actor_name ILIKE '%' || $2 || '%')
		AND ($3 = '' OR e.action = $3) AND ($4::timestamptz IS NULL OR e.at >= $4) AND ($5::timestamptz IS NULL OR e.at < $5)`
	args := []any{q.AgencyID, q.Actor, q.Action, q.From, q.To}
	var total int
	if err := s.db.GetContext(ctx, &total, `SELECT count(*) FROM dossier_events e`+where, args...); err != nil {
		return nil, 0, fmt.Errorf("store: count events: %w", err)
	}
	limit := q.PerPage
	if limit <= 0 || limit > 100000 {
		limit = 100000
	}
	es := []domain.AuditEvent{}
	err := s.db.SelectContext(ctx, &es, `SELECT e.dossier_id, e.seq, e.at, e.action, e.actor_id, e.actor_name, e.actor_unit,
		e.receiver, e.note, e.status, e.step_name, e.step_due_at, e.timing, e.hash, d.code, a.code AS agency_code
		FROM (SELECT * FROM dossier_events e`+where+` ORDER BY e.at DESC, e.dossier_id, e.seq LIMIT $6 OFFSET $7) e
		JOIN dossiers d ON d.id = e.dossier_id JOIN agencies a ON a.id = d.agency_id -- only the page's rows
		ORDER BY e.at DESC, e.dossier_id, e.seq`, append(args, limit, max(q.Page-1, 0)*limit)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: search events: %w", err)
	}
	return es, total, nil
}

// CheckChains verifies every dossier's hash chain and returns the breaks and how many
// dossiers were checked.
func (s *Store) CheckChains(ctx context.Context) ([]domain.ChainBreak, int, error) {
	rows, err := s.db.QueryxContext(ctx, `SELECT e.dossier_id, e.seq, e.at, e.action, e.actor_id, e.actor_name, e.actor_unit,
		e.receiver, e.note, e.status, e.step_name, e.step_due_at, e.timing, e.hash, d.code
		FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id ORDER BY e.dossier_id, e.seq`)
	if err != nil {
		return nil, 0, fmt.Errorf("store: check chains: %w", err)
	}
	defer rows.Close()
	breaks := []domain.ChainBreak{}
	checked := 0
	var cur []domain.Event
	var code string
	flush := func() {
		if len(cur) == 0 {
			return
		}
		checked++
		if bad := domain.VerifyChain(cur); bad != 0 {
			breaks = append(breaks, domain.ChainBreak{Code: code, Seq: bad})
		}
		cur = cur[:0]
	}
	for rows.Next() {
		var e domain.AuditEvent
		if err := rows.StructScan(&e); err != nil {
			return nil, 0, fmt.Errorf("store: check chains: %w", err)
		}
		if len(cur) > 0 && cur[0].DossierID != e.DossierID {
			flush()
		}
		code = e.Code
		cur = append(cur, e.Event)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("store: check chains: %w", err)
	}
	flush()
	return breaks, checked, nil
}

// CreateStaff stores an officer account. Errors: username_taken.
func (s *Store) CreateStaff(ctx context.Context, in domain.NewStaff) (domain.Account, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `INSERT INTO accounts (username, password_hash, kind, full_name, email, agency_id, roles)
		VALUES ($1, $2, 'staff', $3, $4, $5, $6) RETURNING id`, in.Username, in.PasswordHash, in.FullName, in.Email, in.AgencyID, pq.StringArray(in.Roles))
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" {
		return domain.Account{}, domain.NewError(domain.Conflict, "username_taken", "Tên đăng nhập đã được sử dụng.")
	}
	if errors.As(err, &pqErr) && pqErr.Code == "23514" {
		return domain.Account{}, domain.NewError(domain.Unprocessable, "invalid_staff", "Cán bộ phải thuộc một cơ quan (trừ giám sát, quản trị).")
	}
	if err != nil {
		return domain.Account{}, fmt.Errorf("store: create staff: %w", err)
	}
	return s.Account(ctx, id)
}

// UpdateStaff changes an officer's roles and enabled state; disabling ends their
// sessions. Errors: account_not_found.
func (s *Store) UpdateStaff(ctx context.Context, id int64, roles []string, disabled bool) (domain.Account, error) {
	res, err := s.db.ExecContext(ctx, `UPDATE accounts SET roles = $2, disabled = $3 WHERE id = $1 AND kind = 'staff'`,
		id, pq.StringArray(roles), disabled)
	if err != nil {
		return domain.Account{}, fmt.Errorf("store: update staff: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return domain.Account{}, errAccountNotFound
	}
	if disabled {
		if _, err := s.db.ExecContext(ctx, `UPDATE sessions SET revoked_at = now() WHERE account_id = $1 AND revoked_at IS NULL`, id); err != nil {
			return domain.Account{}, fmt.Errorf("store: revoke sessions: %w", err)
		}
	}
	return s.Account(ctx, id)
}

// StaffList returns the staff accounts (of an agency when agencyID is not 0).
func (s *Store) StaffList(ctx context.Context, agencyID int64) ([]domain.Account, error) {
	as := []domain.Account{}
	if err := s.db.SelectContext(ctx, &as, accountSelect+` WHERE a.kind = 'staff' AND ($1 = 0 OR a.agency_id = $1) ORDER BY
		substring(a.full_name FROM '[^ ]*$') COLLATE vietnamese, a.full_name COLLATE vietnamese, a.username`, agencyID); err != nil {
		return nil, fmt.Errorf("store: staff: %w", err)
	}
	return as, nil
}
