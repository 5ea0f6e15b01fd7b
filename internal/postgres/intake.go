package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
)

// Intake stores a dossier registered at once (the desk, the post, the national portal):
// the dossier, already submitted (status 1) with the next code of its agency, its
// content, files and the components checked on paper, in one transaction. It is
// idempotent on in.NationalCode and on (in.ReceivedBy, in.Key): the same registration
// again returns the first dossier with created false. Errors: procedure_not_found,
// component_not_found (with fields).
func (s *Store) Intake(ctx context.Context, in domain.IntakeDossier) (d domain.Dossier, created bool, err error) {
	if id, ok, err := s.existingIntake(ctx, in); err != nil || ok {
		if err != nil {
			return d, false, err
		}
		d, err = s.DossierByID(ctx, id)
		return d, false, err
	}
	var id int64
	err = s.inTx(ctx, func(tx *sqlx.Tx) error {
		var err error
		id, err = insertIntake(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := insertIntakeFiles(ctx, tx, id, in); err != nil {
			return err
		}
		return insertPaper(ctx, tx, id, in)
	})
	var pqErr *pq.Error
	if errors.As(err, &pqErr) && pqErr.Code == "23505" { // the same registration, in a race
		if id, ok, err := s.existingIntake(ctx, in); err != nil || ok {
			if err != nil {
				return d, false, err
			}
			d, err = s.DossierByID(ctx, id)
			return d, false, err
		}
	}
	if err != nil {
		return d, false, err
	}
	d, err = s.DossierByID(ctx, id)
	return d, true, err
}

// existingIntake finds the dossier of the same registration, if any.
func (s *Store) existingIntake(ctx context.Context, in domain.IntakeDossier) (int64, bool, error) {
	var id int64
	var err error
	switch {
	case in.NationalCode != "":
		err = s.db.GetContext(ctx, &id, `SELECT id FROM dossiers WHERE national_code = $1`, in.NationalCode)
	case in.Key != "" && in.ReceivedBy != nil:
		err = s.db.GetContext(ctx, &id, `SELECT id FROM dossiers WHERE received_by = $1 AND intake_key = $2`, *in.ReceivedBy, in.Key)
	default:
		return 0, false, nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: find intake: %w", err)
	}
	return id, true, nil
}

func insertIntake(ctx context.Context, tx *sqlx.Tx, in domain.IntakeDossier) (int64, error) {
	var proc struct {
		AgencyID   int64  `db:"agency_id"`
		AgencyCode string `db:"code"`
	}
	err := tx.GetContext(ctx, &proc, `SELECT p.agency_id, a.code FROM procedures p JOIN agencies a ON a.id = p.agency_id
		WHERE p.id = $1 AND p.active`, in.ProcedureID)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, errProcedureNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: intake procedure: %w", err)
	}
	code, err := allocateCode(ctx, tx, proc.AgencyID, proc.AgencyCode, in.At)
	if err != nil {
		return 0, err
	}
	form, err := json.Marshal(in.Content.FormData)
	if err != nil {
		return 0, err
	}
	var id int64
	err = tx.GetContext(ctx, &id, `INSERT INTO dossiers (procedure_id, agency_id, owner_id, applicant_name, id_number, phone,
		email, address, channel, status, code, submitted_at, updated_at, update_code, content, form_data, postal_send,
		postal_receive, postal_address, received_by, tracking_number, intake_key, national_code, national_source,
		national_tech_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, NULLIF($13, ''), $14, $15, $16, $17, $18, $19, $20,
			NULLIF($21, ''), NULLIF($22, ''), NULLIF($23, ''), $24)
		RETURNING id`, in.ProcedureID, proc.AgencyID, in.OwnerID, in.Name, in.IDNumber, in.Phone, in.Email, in.Address,
		in.Channel, domain.StatusNew, code, in.At, in.UpdateCode, in.Content.Content, form, in.Content.PostalSend,
		in.Content.PostalReceive, in.Content.PostalAddress, in.ReceivedBy, in.TrackingNumber, in.Key, in.NationalCode,
		in.NationalSource, in.TechID)
	if err != nil {
		return 0, fmt.Errorf("store: insert intake: %w", err)
	}
	return id, nil
}

func componentNotFound(field string) error {
	return &domain.Error{Kind: domain.Invalid, Code: "component_not_found", Message: "Thành phần hồ sơ không thuộc thủ tục này.",
		Fields: map[string]string{field: "Thành phần hồ sơ không hợp lệ."}}
}

func insertIntakeFiles(ctx context.Context, tx *sqlx.Tx, id int64, in domain.IntakeDossier) error {
	for i, f := range in.Files {
		var res sql.Result
		var err error
		if f.ComponentID == nil {
			res, err = tx.ExecContext(ctx, `INSERT INTO dossier_files (dossier_id, kind, hash, name, size, type, uploaded_by,
				national_component) VALUES ($1, 'national', $2, $3, $4, $5, $6, $7)`,
				id, f.Hash, f.Name, f.Size, f.Type, in.ReceivedBy, f.NationalComponent)
		} else {
			res, err = tx.ExecContext(ctx, `INSERT INTO dossier_files (dossier_id, component_id, hash, name, size, type, uploaded_by,
				national_component) SELECT $1, c.id, $3, $4, $5, $6, $7, $8 FROM procedure_components c
				WHERE c.id = $2 AND c.procedure_id = $9`,
				id, *f.ComponentID, f.Hash, f.Name, f.Size, f.Type, in.ReceivedBy, f.NationalComponent, in.ProcedureID)
		}
		if err != nil {
			return fmt.Errorf("store: intake file: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return componentNotFound("files." + strconv.Itoa(i))
		}
	}
	return nil
}

func insertPaper(ctx context.Context, tx *sqlx.Tx, id int64, in domain.IntakeDossier) error {
	if len(in.Paper) > 0 && in.ReceivedBy == nil {
		return fmt.Errorf("store: paper components need the officer who checked them")
	}
	for _, c := range in.Paper {
		res, err := tx.ExecContext(ctx, `INSERT INTO dossier_paper_components (dossier_id, component_id, checked_by, checked_at)
			SELECT $1, c.id, $3, $4 FROM procedure_components c WHERE c.id = $2 AND c.procedure_id = $5
			ON CONFLICT DO NOTHING`, id, c, in.ReceivedBy, in.At, in.ProcedureID)
		if err != nil {
			return fmt.Errorf("store: paper component: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return componentNotFound("paper_components")
		}
	}
	return nil
}

// PaperComponents returns the ids of the components the desk checked on paper.
func (s *Store) PaperComponents(ctx context.Context, dossierID int64) ([]int64, error) {
	ids := []int64{}
	if err := s.db.SelectContext(ctx, &ids, `SELECT component_id FROM dossier_paper_components WHERE dossier_id = $1
		ORDER BY component_id`, dossierID); err != nil {
		return nil, fmt.Errorf("store: paper components: %w", err)
	}
	return ids, nil
}

// IntakeFacts returns what the store keeps of dossier id's intake. Errors:
// dossier_not_found.
func (s *Store) IntakeFacts(ctx context.Context, id int64) (domain.IntakeFacts, error) {
	var f struct {
		domain.IntakeFacts
		Code   *string `db:"ncode"`
		Source *string `db:"nsource"`
	}
	err := s.db.GetContext(ctx, &f, `SELECT received_by, tracking_number, national_code AS ncode, national_source AS nsource,
		national_tech_id FROM dossiers WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.IntakeFacts{}, errDossierNotFound
	}
	if err != nil {
		return domain.IntakeFacts{}, fmt.Errorf("store: intake facts: %w", err)
	}
	if f.Code != nil {
		f.NationalCode = *f.Code
	}
	if f.Source != nil {
		f.NationalSource = *f.Source
	}
	return f.IntakeFacts, nil
}

// DossiersByIDNumber returns the latest submitted dossiers of the person with ID number
// idNumber, newest first, at most limit.
func (s *Store) DossiersByIDNumber(ctx context.Context, idNumber string, limit int) ([]domain.Dossier, error) {
	ds := []domain.Dossier{}
	if err := s.db.SelectContext(ctx, &ds, dossierSelect+` WHERE d.id_number = $1 AND d.code IS NOT NULL
		ORDER BY d.submitted_at DESC, d.id DESC LIMIT $2`, idNumber, limit); err != nil {
		return nil, fmt.Errorf("store: dossiers by id number: %w", err)
	}
	return ds, nil
}

// ProcedureByNationalCode returns the id of the active procedure mapped to the national
// procedure code (MaTTHC). Errors: procedure_not_mapped (422).
func (s *Store) ProcedureByNationalCode(ctx context.Context, code string) (int64, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `SELECT id FROM procedures WHERE national_code = $1 AND active`, code)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, &domain.Error{Kind: domain.Unprocessable, Code: "procedure_not_mapped",
			Message: "Thủ tục " + code + " chưa được ánh xạ với thủ tục nào đang áp dụng tại địa phương.",
			Fields:  map[string]string{"MaTTHC": code}}
	}
	if err != nil {
		return 0, fmt.Errorf("store: procedure by national code: %w", err)
	}
	return id, nil
}

// LogAccessByIDNumber records that officer accountID read the dossiers of the person
// with ID number idNumber (the desk's lookup), one row per dossier shown.
func (s *Store) LogAccessByIDNumber(ctx context.Context, accountID int64, idNumber string) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO data_access_log (account_id, dossier_id, what)
		SELECT $1, id, 'desk_lookup' FROM dossiers WHERE id_number = $2 AND code IS NOT NULL
		ORDER BY submitted_at DESC, id DESC LIMIT 20`, accountID, idNumber)
	if err != nil {
		return fmt.Errorf("store: log desk lookup: %w", err)
	}
	return nil
}
