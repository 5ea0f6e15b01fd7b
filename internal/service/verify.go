package service

import (
	"context"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/qr"
	"github.com/dvc-project/dvc/internal/signer"
)

// DocumentVerdict is the public lookup's answer about a PDF someone presents: whether it
// is, byte for byte, a document the system issued with a valid signature.
type DocumentVerdict struct {
	Genuine bool   `json:"genuine"`
	Message string `json:"message"`
	SHA256  string `json:"sha256"`
	// The record of the issued document, when the file is one.
	DossierCode string     `json:"dossier_code,omitempty"`
	Kind        string     `json:"kind,omitempty"`
	KindLabel   string     `json:"kind_label,omitempty"`
	Signer      string     `json:"signer,omitempty"`
	SignedAt    *time.Time `json:"signed_at,omitempty"`
}

// QRCheck is what the lookup says about the fields of a scanned QR code.
type QRCheck struct {
	Valid   bool   `json:"valid"`
	Message string `json:"message"`
}

// ErrPDFRequired: only PDF documents can be verified (415).
var ErrPDFRequired = domain.NewError(domain.UnsupportedMedia, "pdf_required", "Chỉ kiểm tra được văn bản điện tử dạng PDF.")

// VerifyDocument tells whether up is a document the system issued (a slip, a result, a
// receipt), as the public lookup answers an upload: its exact bytes on record and a
// valid signature over all of them ("Văn bản hợp lệ, do … ký ngày …"), or why not. It
// counts as a lookup of clientIP (LookupLimit a minute). Errors: too_many_requests,
// file_too_large, pdf_required, pdf_invalid.
func (s *Service) VerifyDocument(ctx context.Context, clientIP string, up Upload) (DocumentVerdict, error) {
	if ok, wait := s.lookupLimiter.take(ctx, clientIP); !ok {
		e := *errTooManyLookups
		e.RetryAfter = wait
		return DocumentVerdict{}, &e
	}
	content, err := readUpload(up, s.issuedFiles().Limit())
	if err != nil {
		return DocumentVerdict{}, err
	}
	if filestore.Detect(content) != filestore.PDF {
		return DocumentVerdict{}, ErrPDFRequired
	}
	if s.Results.Verifier == nil {
		return DocumentVerdict{}, errNotConfigured
	}
	v, err := s.Results.Verifier.Judge(ctx, content, func(ctx context.Context, sha string) (signer.Issued, error) {
		doc, err := s.Store.IssuedBySHA256(ctx, sha)
		if err != nil {
			return signer.Issued{}, err
		}
		return signer.Issued{SHA256: doc.SHA256, DossierCode: doc.DossierCode, Kind: doc.Kind, Signer: doc.Signer,
			SignedAt: doc.SignedAt}, nil
	})
	if err != nil {
		return DocumentVerdict{}, err
	}
	out := DocumentVerdict{Genuine: v.Genuine, Message: v.Message, SHA256: signer.Digest(content)}
	if v.Issued != nil {
		at := v.Issued.SignedAt
		out.DossierCode, out.Kind, out.KindLabel, out.Signer, out.SignedAt =
			v.Issued.DossierCode, v.Issued.Kind, DocumentKindLabel(v.Issued.Kind), v.Issued.Signer, &at
	}
	return out, nil
}

// DocumentKindLabel names a kind of issued document in Vietnamese.
func DocumentKindLabel(kind string) string {
	switch kind {
	case domain.IssuedResult:
		return "Kết quả giải quyết thủ tục hành chính"
	case domain.IssuedPaymentReceipt:
		return "Biên lai thu phí, lệ phí điện tử"
	}
	return SlipTitleCase(kind)
}

// SlipTitleCase is a slip's title in sentence case ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả").
func SlipTitleCase(kind string) string {
	title := SlipTitle(kind)
	if title == kind {
		return kind
	}
	r := []rune(strings.ToLower(title))
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// checkQR compares the fields of a scanned QR code (procedure code, applicant hash) with
// dossier d; nil when the lookup did not come from a QR code.
func (s *Service) checkQR(q LookupQuery, d domain.Dossier) *QRCheck {
	if q.Procedure == "" && q.Applicant == "" {
		return nil
	}
	want := ""
	if len(s.Results.IDKey) > 0 && d.IDNumber != "" {
		want = qr.ApplicantHash(s.Results.IDKey, d.IDNumber)
	}
	if q.Procedure == d.ProcedureCode && want != "" && constantEqual(q.Applicant, want) {
		return &QRCheck{Valid: true, Message: "Mã QR hợp lệ: đúng hồ sơ " + *d.Code + ", thủ tục " + d.ProcedureCode +
			" và số giấy tờ của người nộp."}
	}
	return &QRCheck{Message: "Mã QR không khớp với hồ sơ " + *d.Code +
		": giấy tờ mang mã này có thể đã bị sửa đổi hoặc làm giả."}
}
