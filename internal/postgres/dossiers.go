package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/validate"
)

const dossierSelect = `SELECT d.id, d.code, d.procedure_id, p.name AS procedure_name, p.code AS procedure_code, d.agency_id,
	a.code AS agency_code, a.name AS agency_name, d.owner_id, d.channel, d.status, d.created_at,
	d.submitted_at, d.workflow_started_at, d.applicant_name, d.id_number, d.phone, d.email, d.address,
	d.step_position, d.step_name, d.holder_agency_id, d.assignee_role, d.assignee_id, d.assignee_name,
	d.received_at, d.due_at, d.step_due_at, d.supplement_due_at, d.overdue, d.extensions, d.finished_at,
	d.result_ref, d.rule_version, d.calendar_version, d.payment_due_vnd
	FROM dossiers d JOIN procedures p ON p.id = d.procedure_id JOIN agencies a ON a.id = d.agency_id`

var errDossierNotFound = domain.NewError(domain.NotFound, "dossier_not_found", "Không tìm thấy hồ sơ.")

// CreateDraft validates in and stores a draft (status 0) for an active procedure, handled
// by the procedure's agency. Errors: invalid_dossier, procedure_not_found.
func (s *Store) CreateDraft(ctx context.Context, in domain.DraftInput) (domain.Dossier, error) {
	if err := validate.Draft(&in); err != nil {
		return domain.Dossier{}, err
	}
	var id int64
	err := s.db.GetContext(ctx, &id, `INSERT INTO dossiers
		(procedure_id, agency_id, owner_id, applicant_name, id_number, phone, email, address)
		SELECT p.id, p.agency_id, $2, $3, $4, $5, $6, $7 FROM procedures p WHERE p.id = $1 AND p.active
		RETURNING id`, in.ProcedureID, in.OwnerID, in.Name, in.IDNumber, in.Phone, in.Email, in.Address)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.Dossier{}, errProcedureNotFound
	}
	if err != nil {
		return domain.Dossier{}, fmt.Errorf("store: create draft: %w", err)
	}
	return s.DossierByID(ctx, id)
}

// StartDraft returns the owner's newest untouched draft of the procedure, or a new one
// when there is none. Untouched: the applicant is still in.Applicant, nothing is typed
// (content, declaration, postal choice) and nothing was ever attached. The owner's
// account row is locked meanwhile, so that two clicks at once still give one draft.
// Errors: invalid_dossier (with fields), procedure_not_found.
func (s *Store) StartDraft(ctx context.Context, in domain.DraftInput) (domain.Dossier, error) {
	if err := validate.Draft(&in); err != nil {
		return domain.Dossier{}, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE`, in.OwnerID); err != nil {
			return fmt.Errorf("store: lock owner: %w", err)
		}
		err := tx.GetContext(ctx, &id, `SELECT d.id FROM dossiers d WHERE d.owner_id = $1 AND d.procedure_id = $2 AND d.status = 0
			AND d.applicant_name = $3 AND d.id_number = $4 AND d.phone = $5 AND d.email = $6 AND d.address = $7
			AND d.content = '' AND d.form_data = '{}' AND NOT d.postal_send AND NOT d.postal_receive AND d.postal_address = ''
			AND NOT EXISTS (SELECT 1 FROM dossier_files f WHERE f.dossier_id = d.id)
			ORDER BY d.id DESC LIMIT 1`, in.OwnerID, in.ProcedureID, in.Name, in.IDNumber, in.Phone, in.Email, in.Address)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		err = tx.GetContext(ctx, &id, `INSERT INTO dossiers
			(procedure_id, agency_id, owner_id, applicant_name, id_number, phone, email, address)
			SELECT p.id, p.agency_id, $2, $3, $4, $5, $6, $7 FROM procedures p WHERE p.id = $1 AND p.active
			RETURNING id`, in.ProcedureID, in.OwnerID, in.Name, in.IDNumber, in.Phone, in.Email, in.Address)
		if errors.Is(err, sql.ErrNoRows) {
			return errProcedureNotFound
		}
		return err
	})
	if err != nil {
		return domain.Dossier{}, err
	}
	return s.DossierByID(ctx, id)
}

// DossierByID returns a dossier; dossier_not_found when none.
func (s *Store) DossierByID(ctx context.Context, id int64) (domain.Dossier, error) {
	return s.getDossier(ctx, dossierSelect+` WHERE d.id = $1`, id)
}

// DossierByCode returns a submitted dossier; dossier_not_found when none.
func (s *Store) DossierByCode(ctx context.Context, code string) (domain.Dossier, error) {
	return s.getDossier(ctx, dossierSelect+` WHERE d.code = $1`, code)
}

func (s *Store) getDossier(ctx context.Context, query string, arg any) (domain.Dossier, error) {
	var d domain.Dossier
	err := s.get(ctx, &d, query, arg)
	if errors.Is(err, sql.ErrNoRows) {
		return d, errDossierNotFound
	}
	if err != nil {
		return d, fmt.Errorf("store: dossier: %w", err)
	}
	return d, nil
}

// Submit turns draft id into a new dossier (status 1) with the next code of its agency for
// the Vietnamese day of now. Submitting a dossier that already has a code returns it
// unchanged, so a retried submission is harmless. Codes are unique and gap-free per
// agency and day: the counter row is locked until the transaction ends and rolls back
// with it. Errors: dossier_not_found.
func (s *Store) Submit(ctx context.Context, id int64, now time.Time) (domain.Dossier, error) {
	d, _, err := s.SubmitWith(ctx, id, now, domain.SubmitOptions{})
	return d, err
}

// SubmitWith is Submit recording an idempotency key and an update code: a dossier
// already submitted under another key is refused with already_submitted. It reports
// whether this call submitted the dossier (false when it already was).
func (s *Store) SubmitWith(ctx context.Context, id int64, now time.Time, opts domain.SubmitOptions) (domain.Dossier, bool, error) {
	created := false
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		var cur struct {
			Code       *string `db:"code"`
			Key        *string `db:"submit_key"`
			AgencyID   int64   `db:"agency_id"`
			AgencyCode string  `db:"agency_code"`
		}
		err := tx.GetContext(ctx, &cur, `SELECT d.code, d.submit_key, d.agency_id, a.code AS agency_code
			FROM dossiers d JOIN agencies a ON a.id = d.agency_id WHERE d.id = $1 FOR UPDATE OF d`, id)
		if errors.Is(err, sql.ErrNoRows) {
			return errDossierNotFound
		}
		if err != nil {
			return fmt.Errorf("store: lock dossier: %w", err)
		}
		if cur.Code != nil {
			if opts.Key != "" && (cur.Key == nil || *cur.Key != opts.Key) {
				return errOtherKey
			}
			return nil
		}
		code, err := allocateCode(ctx, tx, cur.AgencyID, cur.AgencyCode, now)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE dossiers SET code = $2, status = $3, submitted_at = $4, updated_at = $4,
			submit_key = NULLIF($5, ''), update_code = NULLIF($6, '') WHERE id = $1`,
			id, code, domain.StatusNew, now, opts.Key, opts.UpdateCode)
		if err != nil {
			return fmt.Errorf("store: submit: %w", err)
		}
		created = true
		return nil
	})
	if err != nil {
		return domain.Dossier{}, false, err
	}
	d, err := s.DossierByID(ctx, id)
	return d, created, err
}

// allocateCode takes the next code of the agency for the Vietnamese day of now. The
// counter row stays locked until tx ends and rolls back with it, so codes are unique and
// gap-free per agency and day.
func allocateCode(ctx context.Context, tx *sqlx.Tx, agencyID int64, agencyCode string, now time.Time) (string, error) {
	var seq int
	err := tx.GetContext(ctx, &seq, `INSERT INTO dossier_code_counters AS c (agency_id, day, last_seq)
		VALUES ($1, $2, 1) ON CONFLICT (agency_id, day) DO UPDATE SET last_seq = c.last_seq + 1
		RETURNING last_seq`, agencyID, dossiercode.Day(now).Format(time.DateOnly))
	if err != nil {
		return "", fmt.Errorf("store: allocate code: %w", err)
	}
	return dossiercode.Format(agencyCode, now, seq), nil
}

// MarkWorkflowStarted records that the dossier's workflow exists (idempotent).
func (s *Store) MarkWorkflowStarted(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE dossiers SET workflow_started_at = $2
		WHERE id = $1 AND workflow_started_at IS NULL`, id, at)
	if err != nil {
		return fmt.Errorf("store: mark workflow started: %w", err)
	}
	return nil
}

// UnstartedDossiers returns submitted dossiers whose workflow was not confirmed started
// and that were submitted before the given time, oldest first: the reconciler's work.
func (s *Store) UnstartedDossiers(ctx context.Context, before time.Time, limit int) ([]domain.Dossier, error) {
	ds := []domain.Dossier{}
	err := s.db.SelectContext(ctx, &ds, dossierSelect+` WHERE d.code IS NOT NULL AND d.workflow_started_at IS NULL
		AND d.submitted_at < $1 ORDER BY d.submitted_at LIMIT $2`, before, limit)
	if err != nil {
		return nil, fmt.Errorf("store: unstarted dossiers: %w", err)
	}
	return ds, nil
}
