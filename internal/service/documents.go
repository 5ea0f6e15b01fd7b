package service

import (
	"context"
	"io"
	"strconv"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// ErrDocumentNotFound: no such document in the caller's store (404).
var ErrDocumentNotFound = postgres.ErrDocumentNotFound

// DocumentView is a document of the citizen's store (kho dữ liệu cá nhân) as the JSON
// API and the page show it: what it is, the dossier it came from, who issued it when,
// until when it is valid (null: no expiry) and where to download it.
type DocumentView struct {
	ID           int64      `json:"id"`
	Kind         string     `json:"kind"`
	KindLabel    string     `json:"kind_label"`
	Name         string     `json:"name"`
	FileName     string     `json:"file_name"`
	Size         int64      `json:"size"`
	SourceCode   string     `json:"source_code"`
	Issuer       string     `json:"issuer"`
	IssuedAt     time.Time  `json:"issued_at"`
	ValidUntil   *string    `json:"valid_until"`
	DownloadedAt *time.Time `json:"downloaded_at"`
	DownloadURL  string     `json:"download_url"`
}

// documentKinds label the kinds of store documents.
var documentKinds = map[string]string{
	domain.DocumentResult:         "Kết quả giải quyết",
	domain.DocumentCertifiedCopy:  "Bản sao chứng thực",
	domain.DocumentComponent:      "Thành phần hồ sơ đã nộp",
	domain.DocumentPaymentReceipt: "Biên lai thu phí, lệ phí",
}

// DocumentKind labels a kind of store document in Vietnamese.
func DocumentKind(kind string) string {
	if l, ok := documentKinds[kind]; ok {
		return l
	}
	return kind
}

// NewDocumentView is doc as the API shows it.
func NewDocumentView(doc domain.PersonalDocument) DocumentView {
	return DocumentView{ID: doc.ID, Kind: doc.Kind, KindLabel: DocumentKind(doc.Kind), Name: doc.Name, FileName: doc.FileName,
		Size: doc.Size, SourceCode: doc.SourceCode, Issuer: doc.Issuer, IssuedAt: doc.IssuedAt, ValidUntil: doc.ValidUntil,
		DownloadedAt: doc.DownloadedAt, DownloadURL: "/api/v1/me/documents/" + strconv.FormatInt(doc.ID, 10) + "/file"}
}

// MyDocuments lists citizen acc's store, newest first: results delivered, certified
// copies, components submitted and receipts. Errors: citizens_only.
func (s *Service) MyDocuments(ctx context.Context, acc domain.Account) ([]DocumentView, error) {
	if acc.Kind != "citizen" {
		return nil, ErrCitizensOnly
	}
	docs, err := s.Store.Documents(ctx, acc.ID)
	if err != nil {
		return nil, err
	}
	out := make([]DocumentView, len(docs))
	for i, d := range docs {
		out[i] = NewDocumentView(d)
	}
	return out, nil
}

// OpenDocument returns document id of citizen acc's store with its content (the caller
// closes it) and records the first download. Errors: citizens_only, document_not_found
// (also for another citizen's document).
func (s *Service) OpenDocument(ctx context.Context, acc domain.Account, id int64) (domain.PersonalDocument, io.ReadSeekCloser, error) {
	if acc.Kind != "citizen" {
		return domain.PersonalDocument{}, nil, ErrCitizensOnly
	}
	doc, err := s.Store.Document(ctx, acc.ID, id)
	if err != nil {
		return doc, nil, err
	}
	f, err := s.FileStore.Open(doc.Hash)
	if err != nil {
		return doc, nil, err
	}
	if doc.DownloadedAt == nil {
		if err := s.Store.MarkDocumentDownloaded(ctx, doc.ID, s.Now()); err != nil {
			_ = f.Close()
			return doc, nil, err
		}
	}
	return doc, f, nil
}

// AttachFromStore takes document documentID of citizen acc's store as component
// componentID of dossier d instead of an upload ("Lấy từ kho"); the officers see where it
// came from. Callers check the dossier may change (EditableDossier) and belongs to acc.
// Errors: citizens_only, document_not_found, component_not_found.
func (s *Service) AttachFromStore(ctx context.Context, d domain.Dossier, acc domain.Account, componentID, documentID int64) (domain.DossierFile, error) {
	if acc.Kind != "citizen" || d.OwnerID == nil || *d.OwnerID != acc.ID {
		return domain.DossierFile{}, ErrCitizensOnly
	}
	return s.Store.AddFileFromStore(ctx, d.ID, componentID, acc.ID, documentID)
}
