package signer

import (
	"context"
	"errors"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Issued is the system's record of a signed document it issued, found by the SHA-256 of
// the exact bytes it handed out.
type Issued struct {
	SHA256      string
	DossierCode string
	Kind        string // "receipt", "supplement", …, or "result"
	Signer      string
	SignedAt    time.Time
}

// Verdict is the public lookup's answer about a presented document.
type Verdict struct {
	// Genuine: the very bytes the system issued, with a valid signature over all of them.
	Genuine   bool
	Message   string    // for people (Vietnamese)
	Signature Signature // zero when the file carries no signature
	Issued    *Issued   // the record, when the file's hash is one the system issued
}

// ErrNotIssued is what a Lookup returns when no issued document has the hash (404).
var ErrNotIssued = domain.NewError(domain.NotFound, "document_not_issued", "Không tìm thấy văn bản do hệ thống phát hành.")

// Lookup finds the record of an issued document by its hex SHA-256; it returns an error
// of kind domain.NotFound (e.g. ErrNotIssued) when there is none.
type Lookup func(ctx context.Context, sha256 string) (Issued, error)

// vietnam is the time zone of the dates shown to people (no daylight saving).
var vietnam = time.FixedZone("ICT", 7*3600)

// Judge answers "is this the document the system issued?" for doc: its hash must be on
// record and its signature valid over the whole file; otherwise the message says why
// not. Errors: pdf_invalid (422) when doc is not a PDF, and lookup's errors other than
// not found.
func (v *Verifier) Judge(ctx context.Context, doc []byte, lookup Lookup) (Verdict, error) {
	sig, err := v.Verify(doc)
	notSigned := errors.Is(err, ErrNotSigned)
	if err != nil && !notSigned {
		return Verdict{}, err
	}
	issued, err := lookup(ctx, Digest(doc))
	found := err == nil
	if err != nil && !domain.IsKind(err, domain.NotFound) {
		return Verdict{}, err
	}
	verdict := Verdict{Signature: sig}
	if found {
		verdict.Issued = &issued
	}
	switch {
	case notSigned:
		verdict.Message = "Văn bản không có chữ ký số, không phải văn bản do hệ thống phát hành."
	case !sig.Valid:
		verdict.Message = "Văn bản đã bị thay đổi sau khi ký: chữ ký số không hợp lệ."
	case !sig.WholeFile:
		verdict.Message = "Văn bản đã bị sửa đổi hoặc bổ sung sau khi ký."
	case found:
		verdict.Genuine = true
		verdict.Message = "Văn bản hợp lệ, do " + issued.Signer + " ký ngày " +
			issued.SignedAt.In(vietnam).Format("02/01/2006") + ". Mã hồ sơ: " + issued.DossierCode + "."
	case sig.Trusted:
		verdict.Message = "Chữ ký số của " + sig.Signer + " hợp lệ nhưng văn bản không do hệ thống phát hành."
	default:
		verdict.Message = "Văn bản không do hệ thống phát hành: chữ ký số của " + sig.Signer +
			" không thuộc chứng thư số được tin cậy."
	}
	return verdict, nil
}
