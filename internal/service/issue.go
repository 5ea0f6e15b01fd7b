package service

import (
	"bytes"
	"context"
	"errors"
	"io"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/qr"
	"github.com/dvc-project/dvc/internal/signer"
	"github.com/dvc-project/dvc/internal/slips"
)

// Results is what the service signs and verifies with: the slips' issuer, the signer of
// results and receipts, the verifier of documents presented to the public lookup, and
// the QR code's settings.
type Results struct {
	Slips    *slips.Issuer
	Signer   *signer.PAdES
	Verifier *signer.Verifier
	// LookupBase is the public portal's address the QR codes link to.
	LookupBase string
	// IDKey is the secret of the applicant hash in the QR codes (qr.ApplicantHash).
	IDKey []byte
}

var (
	errSlipNotAvailable = domain.NewError(domain.NotFound, "slip_not_available", "Hồ sơ không có phiếu này.")
	// ErrResultNotPDF: a result document must be a PDF, which the agency signs (415).
	ErrResultNotPDF = domain.NewError(domain.UnsupportedMedia, "result_not_pdf",
		"Chỉ chấp nhận tệp PDF cho văn bản kết quả (để ký số và gắn mã QR).")
	errNotConfigured = domain.NewError(domain.Internal, "signing_not_configured", "Chưa cấu hình ký số văn bản.")
)

// resultStamp is where a result's QR code goes: the lower left corner of its first page,
// 3 cm square (85 points), drawn as the signature's appearance.
var resultStamp = signer.Stamp{Page: 1, X: 40, Y: 40, Size: 85}

// Slip returns slip kind (receipt, supplement, refusal, apology, log, delivery) of d,
// readable by sess (ReadableDossier), as the signed PDF the system issued: drawn with
// its QR code and signed with the agency's certificate the first time it is asked for
// after its log row, then served as stored, so everyone gets the same bytes. An
// officer's read is recorded in the data access log. Errors: dossier_not_found (a draft
// has no slips), slip_not_available, signing_key_missing, signer_unavailable.
func (s *Service) Slip(ctx context.Context, sess domain.Session, d domain.Dossier, kind string) ([]byte, error) {
	if d.Code == nil {
		return nil, ErrDossierNotFound
	}
	events, err := s.Store.Events(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	seq, ok := slips.Source(kind, events)
	if !ok {
		return nil, errSlipNotAvailable
	}
	var pdf []byte
	doc, err := s.Store.IssuedDocument(ctx, d.ID, kind, seq)
	switch {
	case err == nil:
		pdf, err = s.issuedBytes(doc.SHA256)
	case errors.Is(err, postgres.ErrNotIssued):
		pdf, err = s.issueSlip(ctx, d, kind, seq, events)
	}
	if err != nil {
		return nil, err
	}
	if err := s.LogStaffRead(ctx, sess, d, "slip:"+kind); err != nil {
		return nil, err
	}
	return pdf, nil
}

// SlipLinks lists the slips dossier d has with its log events, in SlipKinds' order.
func SlipLinks(d domain.Dossier, events []domain.Event) []SlipLink {
	if d.Code == nil {
		return nil
	}
	var out []SlipLink
	for _, k := range SlipKinds {
		if slips.Available(k, events) {
			out = append(out, SlipLink{Kind: k, Title: SlipTitleCase(k), URL: SlipURL(*d.Code, k)})
		}
	}
	return out
}

// SlipURL is where slip kind of the dossier with code is downloaded.
func SlipURL(code, kind string) string {
	return "/api/v1/dossiers/" + code + "/slips/" + kind + ".pdf"
}

// SlipKinds are the kinds of slip in the order the pages list them.
var SlipKinds = []string{"receipt", "supplement", "refusal", "apology", "log", "delivery"}

// SlipTitle is the title of slip kind, e.g. "Giấy tiếp nhận hồ sơ và hẹn trả kết quả".
func SlipTitle(kind string) string {
	k, ok := slips.Kinds[kind]
	if !ok {
		return kind
	}
	return k.Title
}

// issueSlip draws, signs and records slip kind of d from its log up to row seq. When
// another request recorded it first, that one's bytes are returned.
func (s *Service) issueSlip(ctx context.Context, d domain.Dossier, kind string, seq int, events []domain.Event) ([]byte, error) {
	if s.Results.Slips == nil {
		return nil, errNotConfigured
	}
	for i, e := range events {
		if e.Seq == seq {
			events = events[:i+1]
			break
		}
	}
	in, err := s.slipInput(ctx, d, events)
	if err != nil {
		return nil, err
	}
	signed, err := s.Results.Slips.Issue(ctx, kind, in)
	if errors.Is(err, slips.ErrNotAvailable) {
		return nil, errSlipNotAvailable
	}
	if err != nil {
		return nil, err
	}
	return s.record(ctx, domain.IssuedDocument{DossierID: d.ID, Kind: kind, EventSeq: seq}, signed)
}

// record keeps a signed slip or receipt in the file store and records it as issued; when
// another request recorded one first, that one's bytes are returned.
func (s *Service) record(ctx context.Context, doc domain.IssuedDocument, signed signer.Signed) ([]byte, error) {
	if _, err := s.issuedFiles().Put(bytes.NewReader(signed.PDF)); err != nil {
		return nil, err
	}
	doc.SHA256, doc.Size, doc.Signer, doc.SignedAt = signed.SHA256, int64(len(signed.PDF)), signed.Signer, signed.SignedAt
	got, created, err := s.Store.Issue(ctx, doc)
	if err != nil {
		return nil, err
	}
	if created {
		return signed.PDF, nil
	}
	return s.issuedBytes(got.SHA256)
}

// slipInput gathers what the slips of d show besides its log.
func (s *Service) slipInput(ctx context.Context, d domain.Dossier, events []domain.Event) (slips.Input, error) {
	proc, err := s.Store.ProcedureDetail(ctx, d.ProcedureID)
	if err != nil {
		return slips.Input{}, err
	}
	files, err := s.Store.Files(ctx, d.ID)
	if err != nil {
		return slips.Input{}, err
	}
	content, err := s.Store.Content(ctx, d.ID)
	if err != nil {
		return slips.Input{}, err
	}
	in := slips.Input{Dossier: d, Events: events, ProcedureCode: proc.Code, ProcessingDays: proc.ProcessingDays,
		Components: slips.ReceivedFrom(proc.Components, files), Edition: edition(d)}
	if content.PostalReceive {
		in.ResultPlace = "Nhận qua dịch vụ bưu chính công ích, địa chỉ: " + content.PostalAddress
	}
	return in, nil
}

// rules2025 is when Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP took effect.
var rules2025 = time.Date(2025, 7, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// edition is the circular whose forms d's slips cite: the one in force when it was sent.
func edition(d domain.Dossier) slips.Edition {
	if d.SubmittedAt != nil && d.SubmittedAt.Before(rules2025) {
		return slips.Edition2018
	}
	return slips.Edition2025
}

// issuedFiles is the file store as it keeps signed documents: a signature adds some
// kilobytes to an upload that was at the limit.
func (s *Service) issuedFiles() *filestore.Store {
	return &filestore.Store{Dir: s.FileStore.Dir, MaxSize: s.FileStore.Limit() + 1<<20}
}

// issuedBytes reads a signed document back from the file store.
func (s *Service) issuedBytes(sha256 string) ([]byte, error) {
	f, err := s.FileStore.Open(sha256)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// signResult signs a result document of d for its agency, with d's QR code as the
// signature's visible stamp. Errors: pdf_invalid (422), stamp_page_missing, the signer's.
func (s *Service) signResult(ctx context.Context, d domain.Dossier, pdf []byte) (signer.Signed, error) {
	if s.Results.Signer == nil {
		return signer.Signed{}, errNotConfigured
	}
	p, err := qr.NewPayload(s.Results.LookupBase, s.Results.IDKey, *d.Code, d.ProcedureCode, d.IDNumber)
	if err != nil {
		return signer.Signed{}, err
	}
	png, err := qr.PNG(p.Text(), 8)
	if err != nil {
		return signer.Signed{}, err
	}
	stamp := resultStamp
	stamp.Image = png
	return s.Results.Signer.SignStamped(ctx, d.AgencyCode, pdf, stamp)
}

// readUpload reads an upload of at most limit bytes. Errors: file_too_large,
// forbidden_file_type (empty).
func readUpload(up Upload, limit int64) ([]byte, error) {
	content, err := io.ReadAll(io.LimitReader(up.Body, limit+1))
	switch {
	case err != nil:
		return nil, err
	case int64(len(content)) > limit:
		return nil, ErrFileTooLarge
	case len(content) == 0:
		return nil, ErrForbiddenType
	}
	return content, nil
}
