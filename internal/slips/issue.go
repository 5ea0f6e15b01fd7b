package slips

import (
	"bytes"
	"context"
	"fmt"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/qr"
	"github.com/dvc-project/dvc/internal/signer"
)

// Issuer draws slips with their QR code and signs them with the agency's certificate.
type Issuer struct {
	cfg    Config
	signer signer.Signer
}

// NewIssuer returns an Issuer for cfg signing with s. Errors (configuration faults):
// lookup_base_url_invalid when cfg.LookupBase is not an absolute http(s) URL,
// qr_key_missing when cfg.IDKey is empty, and a plain error without a province.
func NewIssuer(cfg Config, s signer.Signer) (*Issuer, error) {
	if _, err := qr.NewPayload(cfg.LookupBase, cfg.IDKey, "-", "", ""); err != nil {
		return nil, err
	}
	if cfg.Province == "" {
		return nil, fmt.Errorf("slips: the province's name is required")
	}
	return &Issuer{cfg: cfg, signer: s}, nil
}

// Issue draws slip kind for in and signs it for the dossier's agency. Errors:
// slip_not_available (404), and the signer's (signing_key_missing, signer_unavailable).
func (is *Issuer) Issue(ctx context.Context, kind string, in Input) (signer.Signed, error) {
	pdf, err := is.Draw(kind, in)
	if err != nil {
		return signer.Signed{}, err
	}
	return is.signer.Sign(ctx, in.Dossier.AgencyCode, pdf)
}

// Draw draws slip kind for in with its QR code, unsigned. Error: slip_not_available
// (404) when the kind is unknown, the dossier has no code or no log row for the kind.
func (is *Issuer) Draw(kind string, in Input) ([]byte, error) {
	return draw(is.cfg, kind, in)
}

func draw(cfg Config, kind string, in Input) ([]byte, error) {
	k, ok := Kinds[kind]
	if !ok || in.Dossier.Code == nil || !Available(kind, in.Events) {
		return nil, ErrNotAvailable
	}
	var row *domain.Event
	if k.Action != "" {
		row = latest(in.Events, k.Action)
	}
	at := issuedAt(row, in.Events)
	w := newWriter(cfg, in, at)
	w.p.SetTitle(k.Title+" – "+*in.Dossier.Code, true)
	w.header(formLabel(k, in.Edition), at)
	subtitle := ""
	if kind == "log" {
		subtitle = "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả, mã hồ sơ: " + *in.Dossier.Code + ")"
	}
	w.title(k.Title, subtitle)
	switch kind {
	case "receipt":
		w.receipt(row)
	case "supplement":
		w.supplement(row)
	case "refusal":
		w.refusal(row)
	case "apology":
		w.apology(row)
	case "delivery":
		w.delivery(row)
	case "log":
		w.processLog()
	}
	if cfg.LookupBase != "" {
		p, err := qr.NewPayload(cfg.LookupBase, cfg.IDKey, *in.Dossier.Code, in.ProcedureCode, in.Dossier.IDNumber)
		if err != nil {
			return nil, err
		}
		if err := w.footer(p.Text(), p.LookupURL); err != nil {
			return nil, err
		}
	}
	w.contact()
	var buf bytes.Buffer
	if err := w.p.Output(&buf); err != nil {
		return nil, fmt.Errorf("slips: %s: %w", kind, err)
	}
	return buf.Bytes(), nil
}

// formLabel is the form number line, e.g. "Mẫu số 01 – Thông tư 03/2025/TT-VPCP".
func formLabel(k Kind, e Edition) string {
	if e == Edition2018 && k.Form2018 != "" {
		return "Mẫu số " + k.Form2018 + " – Thông tư 01/2018/TT-VPCP"
	}
	if e == Edition2025 && k.Form2025 != "" {
		return "Mẫu số " + k.Form2025 + " – Thông tư 03/2025/TT-VPCP"
	}
	return ""
}

// Render draws slip kind of d from its log without QR code nor signature.
//
// Deprecated: kept so that api/slips.go builds until it calls Issuer.Issue; slips
// issued to people must carry the QR code and the signature.
func Render(kind string, d domain.Dossier, events []domain.Event) ([]byte, error) {
	return RenderWith(Config{}, kind, d, events)
}

// RenderWith is Render with the province and the portal's operator of cfg.
//
// Deprecated: as Render.
func RenderWith(cfg Config, kind string, d domain.Dossier, events []domain.Event) ([]byte, error) {
	return draw(cfg, kind, Input{Dossier: d, Events: events})
}
