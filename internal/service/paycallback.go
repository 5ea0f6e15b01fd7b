package service

import (
	"context"
	"errors"
	"fmt"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/paygov"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/slips"
)

// Refusals of the payment platform's callback; each is logged with the body.
var (
	// ErrPaymentForged: MaXacThuc or MaDoiTac is wrong (400).
	ErrPaymentForged = domain.NewError(domain.Invalid, "payment_signature_invalid", "Mã xác thực của giao dịch không hợp lệ.")
	// ErrPaymentReplayed: the payment was already settled (409).
	ErrPaymentReplayed = domain.NewError(domain.Conflict, "payment_replayed", "Giao dịch đã được ghi nhận trước đó.")
	// ErrPaymentAmount: the amount paid is not the amount asked for (422).
	ErrPaymentAmount = domain.NewError(domain.Unprocessable, "payment_amount_mismatch", "Số tiền thanh toán không khớp với số tiền yêu cầu.")
	// errReceiptNotAvailable: no receipt for this payment (404).
	errReceiptNotAvailable = domain.NewError(domain.NotFound, "receipt_not_available", "Giao dịch chưa có biên lai.")
)

// PaymentCallback handles the result of a payment the platform posts (raw is its body,
// kept in the log with addr): verified by MaXacThuc and the partner code, matched to the
// payment by MaThamChieu, the amount checked against the one asked for; a success moves
// the payment to paid once and makes the workflow's confirm_payment (from the platform,
// not an officer), then the electronic receipt. A failure is recorded. Errors (each
// logged, nothing applied): payment_signature_invalid, payment_not_found,
// payment_replayed, payment_amount_mismatch; payment_unavailable-like 503s when the
// workflow cannot be reached (the platform retries).
func (s *Service) PaymentCallback(ctx context.Context, res paygov.Result, raw []byte, addr string) error {
	return s.settle(ctx, "callback", res, raw, addr)
}

// CheckPayment asks the platform the state of payment reference (QUERY) when it is still
// pending, and settles it from the verified answer as from a callback: for the citizen
// back from the payment page before the callback arrived. It returns the payment and
// its dossier. Errors: payment_not_found (also another citizen's), and the settling's.
func (s *Service) CheckPayment(ctx context.Context, acc domain.Account, reference string) (domain.Dossier, PaymentView, error) {
	p, err := s.Store.PaymentByReference(ctx, reference)
	if err != nil {
		return domain.Dossier{}, PaymentView{}, err
	}
	d, err := s.Store.DossierByID(ctx, p.DossierID)
	if err != nil || d.OwnerID == nil || *d.OwnerID != acc.ID {
		return d, PaymentView{}, postgres.ErrPaymentNotFound
	}
	if p.Status == domain.PaymentPending && s.PayGov != nil {
		res, err := s.PayGov.Query(ctx, reference)
		if err != nil {
			return d, PaymentView{}, err
		}
		if res.Code != "01" { // [I] 01: not paid yet
			if err := s.settle(ctx, "query", res, nil, "paygov"); err != nil && !errors.Is(err, ErrPaymentReplayed) {
				return d, PaymentView{}, err
			}
		}
		if p, err = s.Store.PaymentByReference(ctx, reference); err != nil {
			return d, PaymentView{}, err
		}
		if d, err = s.Store.DossierByID(ctx, p.DossierID); err != nil {
			return d, PaymentView{}, err
		}
	}
	return d, s.paymentView(d, p), nil
}

// settle applies a verified result of the platform (source "callback" or "query").
func (s *Service) settle(ctx context.Context, source string, res paygov.Result, raw []byte, addr string) error {
	logIt := func(outcome, detail string, err error) error {
		body := raw
		if body == nil {
			body = []byte(fmt.Sprintf(`{"MaThamChieu":%q,"MaLoi":%q,"SoTien":%d}`, res.Reference, res.Code, res.Amount))
		}
		if lerr := s.Store.LogPaymentCallback(ctx, source, res.Reference, outcome, detail, body, addr); lerr != nil {
			return lerr
		}
		if err != nil {
			s.Log.WarnContext(ctx, "payment "+source+" refused", "reference", res.Reference, "outcome", outcome, "detail", detail, "addr", addr)
		}
		return err
	}
	if s.PayGov == nil || res.Partner != s.PayGov.Partner || !res.Valid(s.PayGov.Secret) {
		return logIt("forged", "MaXacThuc or MaDoiTac is wrong", ErrPaymentForged)
	}
	p, err := s.Store.PaymentByReference(ctx, res.Reference)
	if errors.Is(err, postgres.ErrPaymentNotFound) {
		return logIt("unknown_reference", "no payment has this MaThamChieu", err)
	}
	if err != nil {
		return err
	}
	resumed := p.Status == domain.PaymentPaid && p.ConfirmedAt == nil // settled, the workflow not told yet
	switch {
	case p.Status != domain.PaymentPending && !resumed:
		return logIt("replayed", "the payment is already "+p.Status, ErrPaymentReplayed)
	case !res.Paid():
		if _, err := s.Store.SettlePayment(ctx, p.Reference, domain.PaymentFailed, res.TransactionID, res.Bank, s.Now()); err != nil {
			return err
		}
		return logIt("failed", "MaLoi "+res.Code, nil)
	case res.Amount != p.AmountVND:
		return logIt("wrong_amount", fmt.Sprintf("paid %d, asked %d", res.Amount, p.AmountVND), ErrPaymentAmount)
	}
	if !resumed {
		paidAt, perr := paygov.ParseTimestamp(res.Time)
		if perr != nil {
			paidAt = s.Now()
		}
		ok, err := s.Store.SettlePayment(ctx, p.Reference, domain.PaymentPaid, res.TransactionID, res.Bank, paidAt)
		if e, isApp := domain.AsError(err); isApp && e.Code == "payment_already_paid" {
			return logIt("duplicate", "another attempt paid the same request", e)
		}
		if err != nil {
			return err
		}
		if !ok {
			return logIt("replayed", "settled meanwhile", ErrPaymentReplayed)
		}
		if p, err = s.Store.PaymentByReference(ctx, res.Reference); err != nil {
			return err
		}
	}
	d, err := s.Store.DossierByID(ctx, p.DossierID)
	if err != nil {
		return err
	}
	confirmed, err := s.confirmPayment(ctx, d, p, res)
	if err != nil {
		return err
	}
	if !confirmed {
		s.Log.ErrorContext(ctx, "a fee was paid online for a dossier no longer waiting for it", "reference", p.Reference, "dossier", *d.Code)
		return logIt("not_awaited", "the dossier no longer waits for this fee", nil)
	}
	return logIt("accepted", "confirmed", nil)
}

// Receipt returns the signed electronic receipt of paid payment reference of dossier d,
// readable by sess (ReadableDossier). Errors: payment_not_found, receipt_not_available.
func (s *Service) Receipt(ctx context.Context, sess domain.Session, d domain.Dossier, reference string) ([]byte, error) {
	p, err := s.Store.PaymentByReference(ctx, reference)
	if err == nil && p.DossierID != d.ID {
		err = postgres.ErrPaymentNotFound
	}
	if err != nil {
		return nil, err
	}
	events, err := s.Store.Events(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	seq := confirmSeq(events, p)
	if p.Status != domain.PaymentPaid || seq == 0 {
		return nil, errReceiptNotAvailable
	}
	if err := s.LogStaffRead(ctx, sess, d, "receipt:"+reference); err != nil {
		return nil, err
	}
	return s.receipt(ctx, d, p, seq)
}

// confirmSeq is the log row that confirmed the fee payment p paid (0: none yet).
func confirmSeq(events []domain.Event, p domain.Payment) int {
	for _, e := range events {
		if e.Seq > p.RequestSeq && e.Action == domain.ActionPaymentConfirmed {
			return e.Seq
		}
	}
	return 0
}

// receipt returns the signed receipt of paid payment p of d confirmed by log row seq:
// drawn and signed once, then served as stored; it is filed in the owner's store.
func (s *Service) receipt(ctx context.Context, d domain.Dossier, p domain.Payment, seq int) ([]byte, error) {
	doc, err := s.Store.IssuedDocument(ctx, d.ID, domain.IssuedPaymentReceipt, seq)
	if err == nil {
		return s.issuedBytes(doc.SHA256)
	}
	if !errors.Is(err, postgres.ErrNotIssued) {
		return nil, err
	}
	if s.Results.Slips == nil {
		return nil, errNotConfigured
	}
	in, err := s.slipInput(ctx, d, nil)
	if err != nil {
		return nil, err
	}
	pay := slips.Payment{Reference: p.Reference, AmountVND: p.AmountVND, Platform: platformName}
	if p.TransactionID != nil {
		pay.TransactionID = *p.TransactionID
	}
	if p.Bank != nil {
		pay.Bank = *p.Bank
	}
	if p.PaidAt != nil {
		pay.PaidAt = *p.PaidAt
	}
	signed, err := s.Results.Slips.IssueReceipt(ctx, in, pay)
	if err != nil {
		return nil, err
	}
	pdf, err := s.record(ctx, domain.IssuedDocument{DossierID: d.ID, Kind: domain.IssuedPaymentReceipt, EventSeq: seq}, signed)
	if err != nil {
		return nil, err
	}
	if doc, err = s.Store.IssuedDocument(ctx, d.ID, domain.IssuedPaymentReceipt, seq); err != nil {
		return nil, err
	}
	err = s.Store.AddReceipt(ctx, doc, "Biên lai thu phí, lệ phí hồ sơ "+*d.Code, "bien-lai-"+p.Reference+".pdf", d.AgencyName)
	return pdf, err
}
