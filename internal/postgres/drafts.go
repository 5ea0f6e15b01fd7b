package postgres

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

var errNotDraft = domain.NewError(domain.Conflict, "not_draft", "Hồ sơ đã gửi, không thể sửa hoặc xoá như bản nháp.")

// SetContent stores the editable content of dossier id (any status; callers check).
func (s *Store) SetContent(ctx context.Context, id int64, dc domain.DraftContent) error {
	form, err := json.Marshal(dc.FormData)
	if err != nil {
		return err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE dossiers SET content = $2, form_data = $3, postal_send = $4, postal_receive = $5,
		postal_address = $6, updated_at = now() WHERE id = $1`, id, dc.Content, form, dc.PostalSend, dc.PostalReceive, dc.PostalAddress)
	if err != nil {
		return fmt.Errorf("store: set content: %w", err)
	}
	return nil
}

// Content returns the editable content of dossier id.
func (s *Store) Content(ctx context.Context, id int64) (domain.DraftContent, error) {
	var row struct {
		domain.DraftContent
		Form []byte `db:"form_data"`
	}
	err := s.db.GetContext(ctx, &row, `SELECT content, form_data, postal_send, postal_receive, postal_address FROM dossiers WHERE id = $1`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return domain.DraftContent{}, errDossierNotFound
	}
	if err != nil {
		return domain.DraftContent{}, fmt.Errorf("store: content: %w", err)
	}
	row.FormData = map[string]string{}
	if err := json.Unmarshal(row.Form, &row.FormData); err != nil {
		return domain.DraftContent{}, fmt.Errorf("store: form data: %w", err)
	}
	return row.DraftContent, nil
}

// UpdateDraft replaces the applicant of draft id. Errors: invalid_dossier, not_draft.
func (s *Store) UpdateDraft(ctx context.Context, id int64, a domain.Applicant) error {
	in := domain.DraftInput{ProcedureID: 1, Applicant: a}
	if err := validate.Draft(&in); err != nil {
		return err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE dossiers SET applicant_name = $2, id_number = $3, phone = $4, email = $5,
		address = $6, updated_at = now() WHERE id = $1 AND status = 0`, id, in.Name, in.IDNumber, in.Phone, in.Email, in.Address)
	if err != nil {
		return fmt.Errorf("store: update draft: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errNotDraft
	}
	return nil
}

// DeleteDraft deletes draft id and its attachments' records. Errors: not_draft.
func (s *Store) DeleteDraft(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sqlx.Tx) error {
		var status domain.Status
		if err := tx.GetContext(ctx, &status, `SELECT status FROM dossiers WHERE id = $1 FOR UPDATE`, id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errDossierNotFound
			}
			return fmt.Errorf("store: lock draft: %w", err)
		}
		if status != domain.StatusDraft {
			return errNotDraft
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dossier_files WHERE dossier_id = $1`, id); err != nil {
			return fmt.Errorf("store: delete files: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM dossiers WHERE id = $1`, id); err != nil {
			return fmt.Errorf("store: delete draft: %w", err)
		}
		return nil
	})
}

// AddFile records an attachment for a component of the dossier's procedure. Errors:
// component_not_found.
func (s *Store) AddFile(ctx context.Context, f domain.DossierFile, by *int64) (domain.DossierFile, error) {
	err := s.db.GetContext(ctx, &f, `INSERT INTO dossier_files (dossier_id, component_id, hash, name, size, type, uploaded_by)
		SELECT d.id, c.id, $3, $4, $5, $6, $7 FROM dossiers d JOIN procedure_components c ON c.procedure_id = d.procedure_id
		WHERE d.id = $1 AND c.id = $2
		RETURNING id, dossier_id, component_id, kind, hash, name, size, type, created_at`,
		f.DossierID, f.ComponentID, f.Hash, f.Name, f.Size, f.Type, by)
	if errors.Is(err, sql.ErrNoRows) {
		return f, &domain.Error{Kind: domain.Invalid, Code: "component_not_found", Message: "Thành phần hồ sơ không thuộc thủ tục này.",
			Fields: map[string]string{"component_id": "Thành phần hồ sơ không hợp lệ."}}
	}
	if err != nil {
		return f, fmt.Errorf("store: add file: %w", err)
	}
	return f, nil
}

// AddResultFile records a result document an officer attached to the dossier.
func (s *Store) AddResultFile(ctx context.Context, f domain.DossierFile, by int64) (domain.DossierFile, error) {
	err := s.db.GetContext(ctx, &f, `INSERT INTO dossier_files (dossier_id, kind, hash, name, size, type, uploaded_by)
		VALUES ($1, 'result', $2, $3, $4, $5, $6) RETURNING id, dossier_id, component_id, kind, hash, name, size, type, created_at`,
		f.DossierID, f.Hash, f.Name, f.Size, f.Type, by)
	if err != nil {
		return f, fmt.Errorf("store: add result file: %w", err)
	}
	return f, nil
}

// AssignedTo lists the open dossiers of an agency assigned to an officer.
func (s *Store) AssignedTo(ctx context.Context, agencyID, officerID int64) ([]domain.Dossier, error) {
	ds := []domain.Dossier{}
	if err := s.db.SelectContext(ctx, &ds, dossierSelect+` WHERE d.holder_agency_id = $1 AND d.assignee_id = $2
		AND d.status IN (1, 2, 4, 6, 9) ORDER BY d.id`, agencyID, officerID); err != nil {
		return nil, fmt.Errorf("store: assigned dossiers: %w", err)
	}
	return ds, nil
}

// Files returns the dossier's current attachments.
func (s *Store) Files(ctx context.Context, dossierID int64) ([]domain.DossierFile, error) {
	fs := []domain.DossierFile{}
	if err := s.db.SelectContext(ctx, &fs, `SELECT id, dossier_id, component_id, kind, hash, name, size, type, created_at,
		document_id FROM dossier_files WHERE dossier_id = $1 AND deleted_at IS NULL ORDER BY id`, dossierID); err != nil {
		return nil, fmt.Errorf("store: files: %w", err)
	}
	var fromStore []*domain.DossierFile
	for i := range fs {
		if fs[i].DocumentID != nil {
			fromStore = append(fromStore, &fs[i])
		}
	}
	return fs, s.origins(ctx, fromStore)
}

var errFileNotFound = domain.NewError(domain.NotFound, "file_not_found", "Không tìm thấy tệp đính kèm.")

// File returns one current attachment of the dossier. Errors: file_not_found.
func (s *Store) File(ctx context.Context, dossierID, fileID int64) (domain.DossierFile, error) {
	var f domain.DossierFile
	err := s.db.GetContext(ctx, &f, `SELECT id, dossier_id, component_id, kind, hash, name, size, type, created_at
		FROM dossier_files WHERE dossier_id = $1 AND id = $2 AND deleted_at IS NULL`, dossierID, fileID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, errFileNotFound
	}
	if err != nil {
		return f, fmt.Errorf("store: file: %w", err)
	}
	return f, nil
}

// DeleteFile removes an attachment from the dossier (the content stays in the store).
// Errors: file_not_found.
func (s *Store) DeleteFile(ctx context.Context, dossierID, fileID int64) error {
	res, err := s.db.ExecContext(ctx, `UPDATE dossier_files SET deleted_at = now() WHERE dossier_id = $1 AND id = $2 AND deleted_at IS NULL`,
		dossierID, fileID)
	if err != nil {
		return fmt.Errorf("store: delete file: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errFileNotFound
	}
	return nil
}

// errOtherKey: the draft was submitted with another idempotency key.
var errOtherKey = domain.NewError(domain.Conflict, "already_submitted", "Hồ sơ đã được gửi trước đó.")

// UpdateCode returns the dossier's update code ("" for a draft).
func (s *Store) UpdateCode(ctx context.Context, id int64) (string, error) {
	var code *string
	if err := s.db.GetContext(ctx, &code, `SELECT update_code FROM dossiers WHERE id = $1`, id); err != nil {
		return "", fmt.Errorf("store: update code: %w", err)
	}
	if code == nil {
		return "", nil
	}
	return *code, nil
}

// QueueMail writes a mail about a dossier to the outbox (no log row behind it).
func (s *Store) QueueMail(ctx context.Context, dossierID int64, kind, email, subject, body string) error {
	if email == "" {
		return nil
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO notifications (dossier_id, kind, recipient_kind, account_id, email, subject, body)
		SELECT id, $2, 'citizen', owner_id, $3, $4, $5 FROM dossiers WHERE id = $1`, dossierID, kind, email, subject, body)
	if err != nil {
		return fmt.Errorf("store: queue mail: %w", err)
	}
	return nil
}

// Rate records the citizen's satisfaction with a delivered dossier. Errors: not_delivered,
// already_rated.
func (s *Store) Rate(ctx context.Context, dossierID int64, rating, comment string) error {
	res, err := s.db.ExecContext(ctx, `INSERT INTO ratings (dossier_id, rating, comment, agency_id, procedure_id)
		SELECT id, $2, $3, agency_id, procedure_id FROM dossiers WHERE id = $1 AND status = 10 ON CONFLICT (dossier_id) DO NOTHING`, dossierID, rating, comment)
	if err != nil {
		return fmt.Errorf("store: rate: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	var delivered bool
	if err := s.db.GetContext(ctx, &delivered, `SELECT status = 10 FROM dossiers WHERE id = $1`, dossierID); err != nil {
		return fmt.Errorf("store: rate: %w", err)
	}
	if !delivered {
		return domain.NewError(domain.Conflict, "not_delivered", "Chỉ đánh giá được hồ sơ đã trả kết quả.")
	}
	return domain.NewError(domain.Conflict, "already_rated", "Hồ sơ đã được đánh giá.")
}

// OwnerDossiers returns a page of the owner's dossiers in category (all when "").
func (s *Store) OwnerDossiers(ctx context.Context, ownerID int64, category string, page, perPage int) ([]domain.Dossier, int, error) {
	statuses := []int64{}
	for _, st := range domain.Categories[category] {
		statuses = append(statuses, int64(st))
	}
	ds := []domain.Dossier{}
	var total int
	where := ` WHERE d.owner_id = $1 AND (cardinality($2::int[]) = 0 OR d.status = ANY ($2::int[]))`
	if err := s.db.GetContext(ctx, &total, `SELECT count(*) FROM dossiers d`+where, ownerID, pqInts(statuses)); err != nil {
		return nil, 0, fmt.Errorf("store: count owner dossiers: %w", err)
	}
	err := s.db.SelectContext(ctx, &ds, dossierSelect+where+` ORDER BY COALESCE(d.submitted_at, d.created_at) DESC, d.id DESC
		LIMIT $3 OFFSET $4`, ownerID, pqInts(statuses), perPage, (page-1)*perPage)
	if err != nil {
		return nil, 0, fmt.Errorf("store: owner dossiers: %w", err)
	}
	return ds, total, nil
}

func pqInts(xs []int64) pq.Int64Array { return pq.Int64Array(xs) }
