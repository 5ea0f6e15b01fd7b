package service

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/paygov"
	"github.com/dvc-project/dvc/workflows"
)

// PaymentView is a payment attempt as the API and the pages show it.
type PaymentView struct {
	Reference     string     `json:"reference"`
	AmountVND     int64      `json:"amount_vnd"`
	Status        string     `json:"status"`
	StatusLabel   string     `json:"status_label"`
	TransactionID string     `json:"transaction_id,omitempty"`
	PaidAt        *time.Time `json:"paid_at,omitempty"`
	Confirmed     bool       `json:"confirmed"`
	// PayURL is where the citizen pays (only when the payment was just opened).
	PayURL string `json:"pay_url,omitempty"`
	// ReceiptURL is the electronic receipt, once paid and issued.
	ReceiptURL string `json:"receipt_url,omitempty"`
}

var paymentLabels = map[string]string{domain.PaymentPending: "Chờ thanh toán", domain.PaymentPaid: "Đã thanh toán",
	domain.PaymentFailed: "Không thành công"}

// Errors of online payment.
var (
	// ErrPaymentOff: online payment is not configured (409).
	ErrPaymentOff = domain.NewError(domain.Conflict, "online_payment_off", "Chưa hỗ trợ thanh toán trực tuyến, vui lòng nộp phí tại bộ phận một cửa.")
	// ErrNoPaymentDue: the dossier does not wait for a fee (409).
	ErrNoPaymentDue = domain.NewError(domain.Conflict, "payment_not_requested", "Hồ sơ không có khoản phí, lệ phí chờ thanh toán.")
)

// gatewayActor is who confirms a fee paid online: the payment platform, through its
// verified callback or answer.
var gatewayActor = workflows.Actor{Name: "Nền tảng thanh toán trực tuyến (PayGov)", Roles: []string{domain.RolePaymentGateway}}

// platformName is the platform as receipts and notes name it.
const platformName = "Nền tảng thanh toán trực tuyến – Cổng Dịch vụ công quốc gia (PayGov)"

// StartPayment opens an online payment of the fee dossier d waits for, by its owner acc,
// and returns it with the page where the citizen pays. Errors: online_payment_off,
// payment_not_requested, payment_unavailable, payment_refused.
func (s *Service) StartPayment(ctx context.Context, acc domain.Account, d domain.Dossier, clientIP string) (PaymentView, error) {
	if s.PayGov == nil {
		return PaymentView{}, ErrPaymentOff
	}
	if d.Code == nil || d.Status != domain.StatusPaymentRequested || d.PaymentDueVND <= 0 {
		return PaymentView{}, ErrNoPaymentDue
	}
	events, err := s.Store.Events(ctx, d.ID)
	if err != nil {
		return PaymentView{}, err
	}
	seq := 0
	for _, e := range events {
		if e.Action == domain.ActionPaymentRequested {
			seq = e.Seq
		}
	}
	p, err := s.Store.CreatePayment(ctx, domain.Payment{DossierID: d.ID, RequestSeq: seq, Reference: newReference(),
		AmountVND: d.PaymentDueVND, CreatedBy: &acc.ID})
	if err != nil {
		return PaymentView{}, err
	}
	content := "Nộp phí, lệ phí hồ sơ " + *d.Code
	url, err := s.PayGov.Init(ctx, paygov.Payment{Reference: p.Reference, Amount: p.AmountVND, Description: content,
		ClientIP: clientIP, Bill: paygov.Bill{Service: "2", ProcedureCode: d.ProcedureCode, ProcedureName: d.ProcedureName,
			AgencyCode: d.AgencyCode, AgencyName: d.AgencyName, DossierCode: *d.Code, Content: content, PayerName: d.Name,
			PayerID: d.IDNumber, PayerAddress: d.Address,
			Fees: []paygov.Fee{{Kind: "2", Name: "Phí, lệ phí " + d.ProcedureName, Amount: p.AmountVND}}}})
	if err != nil {
		return PaymentView{}, err
	}
	v := s.paymentView(d, p)
	v.PayURL = url
	return v, nil
}

// PayGovReply is the province's signed reply to the platform (no signature when online
// payment is off).
func (s *Service) PayGovReply(code, message, reference string) paygov.Reply {
	if s.PayGov == nil {
		return paygov.Reply{Code: code, Message: message, Reference: reference, Time: paygov.Timestamp(s.Now())}
	}
	return paygov.NewReply(s.PayGov.Secret, code, message, s.PayGov.Partner, reference, s.Now())
}

// Payments lists the online payment attempts of dossier d.
func (s *Service) Payments(ctx context.Context, d domain.Dossier) ([]PaymentView, error) {
	ps, err := s.Store.Payments(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	out := make([]PaymentView, len(ps))
	for i, p := range ps {
		out[i] = s.paymentView(d, p)
	}
	return out, nil
}

func (s *Service) paymentView(d domain.Dossier, p domain.Payment) PaymentView {
	v := PaymentView{Reference: p.Reference, AmountVND: p.AmountVND, Status: p.Status, StatusLabel: paymentLabels[p.Status],
		PaidAt: p.PaidAt, Confirmed: p.ConfirmedAt != nil}
	if p.TransactionID != nil {
		v.TransactionID = *p.TransactionID
	}
	if p.Status == domain.PaymentPaid && d.Code != nil {
		v.ReceiptURL = "/api/v1/dossiers/" + *d.Code + "/payments/" + p.Reference + "/receipt.pdf"
	}
	return v
}

// newReference is a new MaThamChieu: "DVC" and 16 base-32 characters (20 bits more
// than the 80 the platform's 20 characters could hold are not needed).
func newReference() string {
	b := make([]byte, 10)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return "DVC" + base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b)[:16]
}

// confirmPayment sends the workflow the confirmation of payment p of dossier d (an
// update keyed by the reference: a retry is the same decision) and files the receipt.
// It returns false when the dossier no longer waits for this fee.
func (s *Service) confirmPayment(ctx context.Context, d domain.Dossier, p domain.Payment, res paygov.Result) (bool, error) {
	dec := workflows.Decision{Actor: gatewayActor, AmountVND: p.AmountVND,
		Note: fmt.Sprintf("Thanh toán trực tuyến %s đồng, mã giao dịch %s, mã tham chiếu %s", FormatVND(p.AmountVND),
			res.TransactionID, p.Reference)}
	st, err := s.Decide(ctx, d, workflows.UpdateConfirmPayment, dec, "paygov-"+p.Reference)
	seq := st.Seq
	if e, ok := domain.AsError(err); ok && (e.Code == "decision_refused" || e.Code == "invalid_decision" || e.Code == "dossier_closed") {
		// Refused: unless an earlier attempt of this confirmation was applied (its
		// answer lost), the dossier no longer waits for this fee.
		events, lerr := s.Store.Events(ctx, d.ID)
		if lerr != nil {
			return false, lerr
		}
		if seq = confirmSeq(events, p); seq == 0 || !confirmedBy(events, seq, p.Reference) {
			return false, nil
		}
		err = nil
	}
	if err != nil {
		return false, err
	}
	if err := s.Store.MarkPaymentConfirmed(ctx, p.Reference, s.Now()); err != nil {
		return false, err
	}
	if _, err := s.receipt(ctx, d, p, seq); err != nil {
		s.Log.ErrorContext(ctx, "payment receipt not issued; it is issued when asked for", "reference", p.Reference, "err", err)
	}
	return true, nil
}

// confirmedBy reports whether log row seq confirmed the payment with reference.
func confirmedBy(events []domain.Event, seq int, reference string) bool {
	for _, e := range events {
		if e.Seq == seq {
			return strings.Contains(e.Note, reference)
		}
	}
	return false
}

// FormatVND writes đồng with dots between thousands.
func FormatVND(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}
