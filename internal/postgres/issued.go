package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
)

const issuedSelect = `SELECT i.id, i.dossier_id, d.code AS dossier_code, i.kind, i.event_seq, i.file_id, i.sha256,
	i.size, i.signer, i.signed_at, i.created_at
	FROM issued_documents i JOIN dossiers d ON d.id = i.dossier_id`

// ErrNotIssued: no document the system issued matches (404).
var ErrNotIssued = domain.NewError(domain.NotFound, "document_not_issued", "Không tìm thấy văn bản do hệ thống phát hành.")

// Issue records a signed slip or receipt of a dossier, once per (dossier, kind, log
// row): when another request recorded one first, that one is returned and created is
// false (the caller then serves its bytes, not its own).
func (s *Store) Issue(ctx context.Context, doc domain.IssuedDocument) (_ domain.IssuedDocument, created bool, err error) {
	var id int64
	err = s.db.GetContext(ctx, &id, `INSERT INTO issued_documents (dossier_id, kind, event_seq, sha256, size, signer, signed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (dossier_id, kind, event_seq) WHERE file_id IS NULL DO NOTHING RETURNING id`,
		doc.DossierID, doc.Kind, doc.EventSeq, doc.SHA256, doc.Size, doc.Signer, doc.SignedAt)
	created = err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return doc, false, fmt.Errorf("store: issue document: %w", classify(err))
	}
	got, err := s.IssuedDocument(ctx, doc.DossierID, doc.Kind, doc.EventSeq)
	return got, created, err
}

// IssuedDocument returns the slip or receipt issued for (dossier, kind, log row).
// Errors: document_not_issued.
func (s *Store) IssuedDocument(ctx context.Context, dossierID int64, kind string, seq int) (domain.IssuedDocument, error) {
	return s.getIssued(ctx, issuedSelect+` WHERE i.dossier_id = $1 AND i.kind = $2 AND i.event_seq = $3 AND i.file_id IS NULL`,
		dossierID, kind, seq)
}

// IssuedBySHA256 returns the document the system issued with these exact bytes (hex
// SHA-256). Errors: document_not_issued.
func (s *Store) IssuedBySHA256(ctx context.Context, sha256 string) (domain.IssuedDocument, error) {
	return s.getIssued(ctx, issuedSelect+` WHERE i.sha256 = $1`, sha256)
}

func (s *Store) getIssued(ctx context.Context, query string, args ...any) (domain.IssuedDocument, error) {
	var doc domain.IssuedDocument
	err := s.db.GetContext(ctx, &doc, query, args...)
	if errors.Is(err, sql.ErrNoRows) {
		return doc, ErrNotIssued
	}
	if err != nil {
		return doc, fmt.Errorf("store: issued document: %w", classify(err))
	}
	return doc, nil
}

// IssuedFor lists what the system issued for a dossier, oldest first.
func (s *Store) IssuedFor(ctx context.Context, dossierID int64) ([]domain.IssuedDocument, error) {
	docs := []domain.IssuedDocument{}
	if err := s.db.SelectContext(ctx, &docs, issuedSelect+` WHERE i.dossier_id = $1 ORDER BY i.id`, dossierID); err != nil {
		return nil, fmt.Errorf("store: issued documents: %w", classify(err))
	}
	return docs, nil
}

// AddSignedResult records a signed result document an officer attached: the dossier
// file and its record as issued (under the file's hash), in one transaction.
func (s *Store) AddSignedResult(ctx context.Context, f domain.DossierFile, by int64, doc domain.IssuedDocument) (domain.DossierFile, error) {
	err := s.inTx(ctx, func(tx *sqlx.Tx) error {
		err := tx.GetContext(ctx, &f, `INSERT INTO dossier_files (dossier_id, kind, hash, name, size, type, uploaded_by)
			VALUES ($1, 'result', $2, $3, $4, $5, $6) RETURNING id, dossier_id, component_id, kind, hash, name, size, type, created_at`,
			f.DossierID, f.Hash, f.Name, f.Size, f.Type, by)
		if err != nil {
			return fmt.Errorf("store: add result file: %w", err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO issued_documents (dossier_id, kind, event_seq, file_id, sha256, size, signer, signed_at)
			VALUES ($1, 'result', 0, $2, $3, $4, $5, $6)`, f.DossierID, f.ID, f.Hash, f.Size, doc.Signer, doc.SignedAt)
		if err != nil {
			return fmt.Errorf("store: issue result: %w", err)
		}
		return nil
	})
	return f, err
}
