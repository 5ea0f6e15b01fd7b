// Package signer signs the PDFs the system issues (slips, results) with the agency's
// certificate and verifies signed PDFs presented to the public lookup.
//
// A Signer signs a PDF's bytes for an agency code. PAdES is the one implementation: it
// adds an incremental update holding a detached CMS signature (PAdES-Basic, ETSI TS
// 102 778-2: SubFilter adbe.pkcs7.detached, SHA-256, with the ESS signing-certificate
// attribute), so any existing signature stays valid. Where the key lives is a Keystore:
// FileKeystore reads one PKCS#12 file per agency (and a default for the others);
// RemoteKeystore asks a remote signing service (a provincial CA or an HSM) to sign a
// hash over a small HTTP protocol documented on RemoteKeystore, which RemoteServer
// serves as a stand-in. EnsureDevCA makes a demo CA and agency files for `dvc dev`.
//
// Verifier checks a signed PDF: the signature's bytes, whether it covers the whole file,
// and whether its certificate chains to the roots the system trusts; Judge combines that
// with the record of what the system issued to answer the public lookup.
package signer

import (
	"bytes"
	"context"
	"crypto"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"

	"github.com/dvc-project/dvc/internal/domain"
)

// Signed is a PDF after signing, with what to record as issued.
type Signed struct {
	PDF      []byte
	Signer   string    // the signing certificate's subject common name
	SignedAt time.Time // Options.Now at signing: the dictionary's /M (the CMS signing time is the machine's clock)
	SHA256   string    // hex SHA-256 of PDF
}

// Signer signs a PDF on behalf of an agency (its electronic code, e.g. "000.00.03.H03").
type Signer interface {
	Sign(ctx context.Context, agencyCode string, pdf []byte) (Signed, error)
}

// Key is what an agency signs with: a crypto.Signer and its certificate chain, signing
// certificate first, then the issuers up to (optionally) the root.
type Key struct {
	Signer crypto.Signer
	Chain  []*x509.Certificate
}

// Keystore finds the key an agency signs with.
type Keystore interface {
	Key(ctx context.Context, agencyCode string) (Key, error)
}

// Errors of signing.
var (
	// ErrPDFInvalid: the bytes are not a PDF this package can read (422).
	ErrPDFInvalid = domain.NewError(domain.Unprocessable, "pdf_invalid", "Tệp không phải là tệp PDF hợp lệ.")
	// ErrKeyMissing: no key for the agency and no default key: a configuration fault.
	ErrKeyMissing = domain.NewError(domain.Internal, "signing_key_missing", "Chưa cấu hình chứng thư số để ký văn bản của cơ quan.")
	// ErrStampPage: a stamp for a page the document does not have (422).
	ErrStampPage = domain.NewError(domain.Unprocessable, "stamp_page_missing", "Văn bản không có trang để đặt mã QR.")
	// ErrSignerUnavailable: the remote signing service cannot be reached (503).
	ErrSignerUnavailable = domain.NewError(domain.Unavailable, "signer_unavailable",
		"Dịch vụ ký số tạm thời không truy cập được, vui lòng thử lại sau.")
)

// Options adjust what PAdES writes in the signature dictionary.
type Options struct {
	// Reason and Location are written in the signature dictionary (optional).
	Reason, Location string
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// PAdES signs PDFs with keys from a Keystore.
type PAdES struct {
	keys Keystore
	opts Options
}

// New returns a PAdES signer using keys.
func New(keys Keystore, opts Options) *PAdES {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &PAdES{keys: keys, opts: opts}
}

// Stamp is a visible mark drawn as the signature's appearance, e.g. the QR code of a
// result an officer uploads: an image (PNG without transparency, or JPEG) in a square of
// a page. Size 0 means no stamp.
type Stamp struct {
	Image []byte
	Page  int     // from 1; 0 means the first page
	X, Y  float64 // the square's lower-left corner, in points from the page's lower left
	Size  float64 // the square's side, in points (72 to the inch)
}

// Sign signs doc for agencyCode. Errors: pdf_invalid (422) when doc is not a readable
// PDF, signing_key_missing (internal) when no key serves the agency, signer_unavailable
// (503) when a remote keystore cannot be reached.
func (s *PAdES) Sign(ctx context.Context, agencyCode string, doc []byte) (Signed, error) {
	return s.SignStamped(ctx, agencyCode, doc, Stamp{})
}

// SignStamped signs doc for agencyCode like Sign, showing stamp as the signature's
// appearance. Errors: those of Sign, and stamp_page_missing (422) when the document has
// no such page.
func (s *PAdES) SignStamped(ctx context.Context, agencyCode string, doc []byte, stamp Stamp) (Signed, error) {
	rdr, err := openPDF(doc)
	if err != nil {
		return Signed{}, err
	}
	key, err := s.keys.Key(ctx, agencyCode)
	if err != nil {
		return Signed{}, err
	}
	if len(key.Chain) == 0 {
		return Signed{}, fmt.Errorf("signer: agency %s: key without certificate", agencyCode)
	}
	cert := key.Chain[0]
	at := s.opts.Now().Truncate(time.Second)
	data := sign.SignData{
		Signature: sign.SignDataSignature{
			Info: sign.SignDataSignatureInfo{
				Reason: pdfText(s.opts.Reason), Location: pdfText(s.opts.Location), Date: at,
			},
			CertType:   sign.ApprovalSignature,
			DocMDPPerm: sign.AllowFillingExistingFormFieldsAndSignaturesPerms,
		},
		Signer:            key.Signer,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       cert,
		CertificateChains: [][]*x509.Certificate{key.Chain},
	}
	if stamp.Size > 0 {
		if stamp.Page > rdr.NumPage() {
			return Signed{}, ErrStampPage
		}
		data.Appearance = sign.Appearance{Visible: true, Page: uint32(max(stamp.Page, 1)), Image: stamp.Image,
			LowerLeftX: stamp.X, LowerLeftY: stamp.Y, UpperRightX: stamp.X + stamp.Size, UpperRightY: stamp.Y + stamp.Size}
	}
	var out bytes.Buffer
	if err := signPDF(doc, &out, rdr, data); err != nil {
		return Signed{}, fmt.Errorf("signer: agency %s: %w", agencyCode, err)
	}
	return Signed{PDF: out.Bytes(), Signer: cert.Subject.CommonName, SignedAt: at, SHA256: Digest(out.Bytes())}, nil
}

// signPDF runs the library's signing, turning its panics on odd input into errors.
func signPDF(doc []byte, out *bytes.Buffer, rdr *pdf.Reader, data sign.SignData) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = wrap(ErrPDFInvalid, fmt.Errorf("%v", r))
		}
	}()
	return sign.Sign(bytes.NewReader(doc), out, rdr, int64(len(doc)), data)
}

// openPDF parses doc, reporting ErrPDFInvalid for what the reader rejects or panics on.
func openPDF(doc []byte) (rdr *pdf.Reader, err error) {
	defer func() {
		if r := recover(); r != nil {
			rdr, err = nil, wrap(ErrPDFInvalid, fmt.Errorf("%v", r))
		}
	}()
	if !bytes.HasPrefix(doc, []byte("%PDF-")) {
		return nil, ErrPDFInvalid
	}
	rdr, err = pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		return nil, wrap(ErrPDFInvalid, err)
	}
	return rdr, nil
}

// Digest is the hex SHA-256 of doc: what the system records for a document it issued.
func Digest(doc []byte) string {
	sum := sha256.Sum256(doc)
	return hex.EncodeToString(sum[:])
}

// wrap returns e with cause kept for the logs.
func wrap(e *domain.Error, cause error) *domain.Error {
	return domain.WrapError(e.Kind, e.Code, e.Message, cause)
}
