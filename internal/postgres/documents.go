package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
)

const documentSelect = `SELECT pd.id, pd.account_id, pd.kind, pd.name, pd.file_name, pd.hash, pd.size, pd.type,
	pd.source_dossier_id, d.code AS source_code, pd.issuer, pd.issued_at, to_char(pd.valid_until, 'YYYY-MM-DD') AS valid_until,
	pd.downloaded_at, pd.created_at
	FROM personal_documents pd JOIN dossiers d ON d.id = pd.source_dossier_id`

// ErrDocumentNotFound: no such document in the caller's store (404).
var ErrDocumentNotFound = domain.NewError(domain.NotFound, "document_not_found", "Không tìm thấy giấy tờ trong kho dữ liệu.")

// Documents lists an account's store, newest first.
func (s *Store) Documents(ctx context.Context, accountID int64) ([]domain.PersonalDocument, error) {
	docs := []domain.PersonalDocument{}
	if err := s.db.SelectContext(ctx, &docs, documentSelect+` WHERE pd.account_id = $1 ORDER BY pd.id DESC`, accountID); err != nil {
		return nil, fmt.Errorf("store: documents: %w", classify(err))
	}
	return docs, nil
}

// Document returns a document of an account's store. Errors: document_not_found (also
// for another account's document).
func (s *Store) Document(ctx context.Context, accountID, id int64) (domain.PersonalDocument, error) {
	var doc domain.PersonalDocument
	err := s.db.GetContext(ctx, &doc, documentSelect+` WHERE pd.account_id = $1 AND pd.id = $2`, accountID, id)
	if errors.Is(err, sql.ErrNoRows) {
		return doc, ErrDocumentNotFound
	}
	if err != nil {
		return doc, fmt.Errorf("store: document: %w", classify(err))
	}
	return doc, nil
}

// MarkDocumentDownloaded records the first download of a document by its owner.
func (s *Store) MarkDocumentDownloaded(ctx context.Context, id int64, at time.Time) error {
	_, err := s.db.ExecContext(ctx, `UPDATE personal_documents SET downloaded_at = $2 WHERE id = $1 AND downloaded_at IS NULL`, id, at)
	if err != nil {
		return fmt.Errorf("store: document downloaded: %w", classify(err))
	}
	return nil
}

// AddFileFromStore attaches document documentID of account accountID's store as
// component componentID of the dossier, naming where it came from. Errors:
// document_not_found, component_not_found.
func (s *Store) AddFileFromStore(ctx context.Context, dossierID, componentID, accountID, documentID int64) (domain.DossierFile, error) {
	if _, err := s.Document(ctx, accountID, documentID); err != nil {
		return domain.DossierFile{}, err
	}
	var f domain.DossierFile
	err := s.db.GetContext(ctx, &f, `INSERT INTO dossier_files (dossier_id, component_id, hash, name, size, type, uploaded_by, document_id)
		SELECT d.id, c.id, pd.hash, pd.file_name, pd.size, pd.type, $3, pd.id
		FROM dossiers d JOIN procedure_components c ON c.procedure_id = d.procedure_id
		JOIN personal_documents pd ON pd.id = $4 AND pd.account_id = $3
		WHERE d.id = $1 AND c.id = $2
		RETURNING id, dossier_id, component_id, kind, hash, name, size, type, created_at`,
		dossierID, componentID, accountID, documentID)
	if errors.Is(err, sql.ErrNoRows) {
		return f, errComponentNotFound
	}
	if err != nil {
		return f, fmt.Errorf("store: add file from store: %w", classify(err))
	}
	return f, s.origins(ctx, []*domain.DossierFile{&f})
}

var errComponentNotFound = &domain.Error{Kind: domain.Invalid, Code: "component_not_found", Message: "Thành phần hồ sơ không thuộc thủ tục này.",
	Fields: map[string]string{"component_id": "Thành phần hồ sơ không hợp lệ."}}

// origins fills in where files taken from a store came from.
func (s *Store) origins(ctx context.Context, files []*domain.DossierFile) error {
	ids := []int64{}
	for _, f := range files {
		ids = append(ids, f.ID)
	}
	if len(ids) == 0 {
		return nil
	}
	var rows []struct {
		FileID     int64     `db:"file_id"`
		DocumentID int64     `db:"document_id"`
		Kind       string    `db:"kind"`
		SourceCode string    `db:"source_code"`
		Issuer     string    `db:"issuer"`
		IssuedAt   time.Time `db:"issued_at"`
	}
	err := s.db.SelectContext(ctx, &rows, `SELECT f.id AS file_id, pd.id AS document_id, pd.kind, d.code AS source_code,
		pd.issuer, pd.issued_at
		FROM dossier_files f JOIN personal_documents pd ON pd.id = f.document_id JOIN dossiers d ON d.id = pd.source_dossier_id
		WHERE f.id = ANY($1)`, pqInts(ids))
	if err != nil {
		return fmt.Errorf("store: file origins: %w", classify(err))
	}
	for _, r := range rows {
		for _, f := range files {
			if f.ID == r.FileID {
				f.Origin = &domain.FileOrigin{DocumentID: r.DocumentID, Kind: r.Kind, SourceCode: r.SourceCode,
					Issuer: r.Issuer, IssuedAt: r.IssuedAt}
			}
		}
	}
	return nil
}

// fileDocuments puts into the dossier owner's store what log row e makes theirs, in the
// transaction that writes the row: the components submitted (with the submission or a
// supplement; files taken from the store are there already) and, with the delivery, the
// signed results (certified copies for the field CHUNGTHUC). Idempotent.
func fileDocuments(ctx context.Context, tx *sqlx.Tx, e domain.Event) error {
	var err error
	switch e.Action {
	case domain.ActionSubmitted, domain.ActionSupplemented:
		_, err = tx.ExecContext(ctx, `INSERT INTO personal_documents (account_id, kind, name, file_name, hash, size, type,
			source_dossier_id, source_file_id, issuer, issued_at)
			SELECT d.owner_id, 'component', c.name, f.name, f.hash, f.size, f.type, d.id, f.id, d.applicant_name, $2
			FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id JOIN procedure_components c ON c.id = f.component_id
			WHERE f.dossier_id = $1 AND f.kind = 'component' AND f.deleted_at IS NULL AND f.document_id IS NULL
				AND d.owner_id IS NOT NULL
			ON CONFLICT (account_id, source_file_id) WHERE source_file_id IS NOT NULL DO NOTHING`, e.DossierID, e.At)
	case domain.ActionDelivered:
		_, err = tx.ExecContext(ctx, `INSERT INTO personal_documents (account_id, kind, name, file_name, hash, size, type,
			source_dossier_id, source_file_id, issued_document_id, issuer, issued_at)
			SELECT d.owner_id, CASE WHEN fl.code = 'CHUNGTHUC' THEN 'certified_copy' ELSE 'result' END,
				p.name, f.name, f.hash, f.size, f.type, d.id, f.id, i.id, a.name, i.signed_at
			FROM dossier_files f JOIN dossiers d ON d.id = f.dossier_id JOIN issued_documents i ON i.file_id = f.id
			JOIN procedures p ON p.id = d.procedure_id JOIN fields fl ON fl.id = p.field_id JOIN agencies a ON a.id = d.agency_id
			WHERE f.dossier_id = $1 AND f.kind = 'result' AND f.deleted_at IS NULL AND d.owner_id IS NOT NULL
			ON CONFLICT (account_id, source_file_id) WHERE source_file_id IS NOT NULL DO NOTHING`, e.DossierID)
	}
	if err != nil {
		return fmt.Errorf("store: file documents of %s: %w", e.Action, err)
	}
	return nil
}
