package paygov

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Client is the province's side of the platform: INIT and QUERY posted to URL as
// JSON, signed with Secret under the partner code.
type Client struct {
	URL     string
	Partner string // MaDoiTac
	Secret  string
	Version string // PhienBan
	HTTP    *http.Client
	Now     func() time.Time
}

// Errors of the client.
var (
	// ErrUnavailable: the platform cannot be reached or answered nonsense (503).
	ErrUnavailable = domain.NewError(domain.Unavailable, "payment_unavailable",
		"Cổng thanh toán tạm thời không truy cập được, vui lòng thử lại sau.")
	// ErrRefused: the platform refused the payment (its MaLoi is not 00) (502 shown as 503).
	ErrRefused = domain.NewError(domain.Unavailable, "payment_refused", "Cổng thanh toán từ chối giao dịch, vui lòng thử lại sau.")
	// ErrForged: an answer whose MaXacThuc is wrong.
	ErrForged = domain.NewError(domain.Unavailable, "payment_answer_forged", "Phản hồi của cổng thanh toán không hợp lệ.")
)

// Payment is what the province asks the citizen to pay.
type Payment struct {
	Reference   string // MaThamChieu, unique
	Amount      int64  // đồng
	Description string
	ClientIP    string
	Bill        Bill
}

// Init opens payment p and returns the page where the citizen pays. Errors:
// payment_unavailable, payment_refused.
func (c *Client) Init(ctx context.Context, p Payment) (string, error) {
	m := Init{Type: TypeInit, Version: c.Version, Partner: c.Partner, Reference: p.Reference,
		Amount: strconv.FormatInt(p.Amount, 10), PayType: "PAY", Channel: "1", Device: "1", Language: "vi-VN",
		Currency: "VND", Bank: "PAYMENT", Description: p.Description, Time: Timestamp(c.now()), IP: p.ClientIP, Bill: p.Bill}
	m.MAC = Sign(c.Secret, m.signed()...)
	var reply InitReply
	if err := c.post(ctx, m, &reply); err != nil {
		return "", err
	}
	if reply.Code != CodeOK || reply.PaymentURL == "" {
		return "", domain.WrapError(ErrRefused.Kind, ErrRefused.Code, ErrRefused.Message,
			fmt.Errorf("paygov: INIT %s: %s %s", p.Reference, reply.Code, reply.Message))
	}
	return reply.PaymentURL, nil
}

// Query asks the state of payment reference; the answer is verified like a callback.
// Errors: payment_unavailable, payment_answer_forged.
func (c *Client) Query(ctx context.Context, reference string) (Result, error) {
	q := Query{Type: TypeQuery, Version: c.Version, Partner: c.Partner, Reference: reference, Time: Timestamp(c.now())}
	q.MAC = Sign(c.Secret, q.signed()...)
	var r Result
	if err := c.post(ctx, q, &r); err != nil {
		return r, err
	}
	if !r.Valid(c.Secret) || r.Reference != reference || r.Partner != c.Partner {
		return r, ErrForged
	}
	return r, nil
}

func (c *Client) post(ctx context.Context, body, out any) error {
	raw, err := json.Marshal(body)
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.URL, bytes.NewReader(raw))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	hc := c.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 15 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		return domain.WrapError(ErrUnavailable.Kind, ErrUnavailable.Code, ErrUnavailable.Message, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err == nil && resp.StatusCode/100 != 2 {
		err = fmt.Errorf("paygov: %s answered %s: %.200s", c.URL, resp.Status, data)
	}
	if err == nil {
		err = json.Unmarshal(data, out)
	}
	if err != nil {
		return domain.WrapError(ErrUnavailable.Kind, ErrUnavailable.Code, ErrUnavailable.Message, err)
	}
	return nil
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}
