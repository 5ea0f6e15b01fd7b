// Package qr makes the QR code every paper the system issues carries (Circular
// 01/2023/TT-VPCP): the dossier code, the procedure code and a keyed hash of the
// applicant's ID number (never the number itself), as a link to the public lookup, so a
// phone camera opens the dossier's page and a program can read the fields back. Draw
// puts the code on an fpdf page as vector squares.
package qr

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strings"

	"github.com/go-pdf/fpdf"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/dvc-project/dvc/internal/domain"
)

// Payload is what a slip's or a result's QR code says.
type Payload struct {
	DossierCode   string
	ProcedureCode string
	// ApplicantHash is ApplicantHash(key, ID number): it lets the lookup match a
	// presented paper with an ID number typed in, and tells a reader nothing.
	ApplicantHash string
	// LookupURL is the public lookup page of the dossier, e.g.
	// https://dichvucong.backan.gov.vn/tra-cuu?code=000.00.03.H03-261123-0007.
	LookupURL string
}

// LookupPath is the public lookup page, relative to the portal's base URL.
const LookupPath = "/tra-cuu"

// Query parameters of the lookup URL the QR code carries.
const (
	paramCode      = "code"
	paramProcedure = "procedure"
	paramApplicant = "applicant"
)

// Errors of this package.
var (
	// ErrBaseURL: the portal's base URL is not an absolute http(s) URL (a configuration
	// fault).
	ErrBaseURL = domain.NewError(domain.Internal, "lookup_base_url_invalid", "Địa chỉ trang tra cứu chưa được cấu hình đúng.")
	// ErrNoCode: a QR code needs the dossier code (a draft has none).
	ErrNoCode = domain.NewError(domain.Unprocessable, "dossier_code_missing", "Hồ sơ chưa có mã hồ sơ.")
	// ErrPayload: a text that is not a dvc QR payload (422).
	ErrPayload = domain.NewError(domain.Unprocessable, "qr_payload_invalid", "Mã QR không phải mã do hệ thống phát hành.")
	// ErrKey: the key of the applicant hash is empty (a configuration fault).
	ErrKey = domain.NewError(domain.Internal, "qr_key_missing", "Chưa cấu hình khóa mã hóa số giấy tờ trong mã QR.")
)

// ApplicantHash is the first 16 hex digits of HMAC-SHA-256(key, id) over the ID number
// in upper case without spaces. An unkeyed hash would not do: a 12-digit CCCD number
// has few enough values to try them all.
func ApplicantHash(key []byte, id string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(strings.ToUpper(strings.Join(strings.Fields(id), ""))))
	return hex.EncodeToString(m.Sum(nil))[:16]
}

// NewPayload builds the payload of a dossier's paper. base is the public portal's base
// URL (e.g. "https://dichvucong.backan.gov.vn"); key is the secret of the applicant
// hash. Errors: lookup_base_url_invalid, qr_key_missing (internal: configuration),
// dossier_code_missing (422).
func NewPayload(base string, key []byte, dossierCode, procedureCode, idNumber string) (Payload, error) {
	u, err := url.Parse(strings.TrimRight(base, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return Payload{}, ErrBaseURL
	}
	if len(key) == 0 {
		return Payload{}, ErrKey
	}
	if strings.TrimSpace(dossierCode) == "" {
		return Payload{}, ErrNoCode
	}
	p := Payload{DossierCode: dossierCode, ProcedureCode: procedureCode}
	if strings.TrimSpace(idNumber) != "" {
		p.ApplicantHash = ApplicantHash(key, idNumber)
	}
	u.Path += LookupPath
	u.RawQuery = url.Values{paramCode: {dossierCode}}.Encode()
	p.LookupURL = u.String()
	return p, nil
}

// Text is the QR code's text: the lookup URL with the procedure code and the applicant
// hash added, e.g. https://…/tra-cuu?code=…&procedure=1.004440&applicant=5f2c….
func (p Payload) Text() string {
	u, err := url.Parse(p.LookupURL)
	if err != nil {
		return p.LookupURL
	}
	q := u.Query()
	q.Set(paramCode, p.DossierCode)
	if p.ProcedureCode != "" {
		q.Set(paramProcedure, p.ProcedureCode)
	}
	if p.ApplicantHash != "" {
		q.Set(paramApplicant, p.ApplicantHash)
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// Parse reads a QR code's text back. Error: qr_payload_invalid (422) when it is not a
// lookup URL with a dossier code.
func Parse(text string) (Payload, error) {
	u, err := url.Parse(strings.TrimSpace(text))
	if err != nil || !strings.HasSuffix(u.Path, LookupPath) || u.Host == "" {
		return Payload{}, ErrPayload
	}
	q := u.Query()
	p := Payload{DossierCode: q.Get(paramCode), ProcedureCode: q.Get(paramProcedure), ApplicantHash: q.Get(paramApplicant)}
	if p.DossierCode == "" {
		return Payload{}, ErrPayload
	}
	u.RawQuery = url.Values{paramCode: {p.DossierCode}}.Encode()
	p.LookupURL = u.String()
	return p, nil
}

// Draw draws a QR code of text on the current page of pdf, its top-left corner at (x,
// y) and size wide and high in the document's unit, quiet zone included, black squares
// on white, error correction level M.
func Draw(pdf *fpdf.Fpdf, text string, x, y, size float64) error {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return domain.WrapError(domain.Internal, "qr_encode_failed", "Không tạo được mã QR.", err)
	}
	bits := code.Bitmap() // with its 4-module quiet zone
	module := size / float64(len(bits))
	pdf.SetFillColor(255, 255, 255)
	pdf.Rect(x, y, size, size, "F")
	pdf.SetFillColor(0, 0, 0)
	for row, line := range bits {
		for col := 0; col < len(line); {
			if !line[col] {
				col++
				continue
			}
			run := col
			for run < len(line) && line[run] {
				run++
			}
			// A run of dark modules as one rectangle, slightly overlapping the next row
			// so that no hairline shows between rows when rendered.
			pdf.Rect(x+float64(col)*module, y+float64(row)*module, float64(run-col)*module, module*1.02, "F")
			col = run
		}
	}
	return nil
}

// PNG is a QR code of text as a PNG image with perModule pixels per module (quiet zone
// included), for a PDF this package does not draw, e.g. the visible stamp of a signed
// result (signer.Stamp).
func PNG(text string, perModule int) ([]byte, error) {
	code, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return nil, domain.WrapError(domain.Internal, "qr_encode_failed", "Không tạo được mã QR.", err)
	}
	return code.PNG(len(code.Bitmap()) * max(perModule, 1))
}
