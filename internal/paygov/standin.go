package paygov

import (
	"bytes"
	"context"
	"crypto/rand"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"
)

//go:embed standin.html
var standInPage string

var standInTemplate = template.Must(template.New("paygov").Funcs(template.FuncMap{
	"money": formatMoney,
}).Parse(standInPage))

// StandIn plays the payment platform for `dvc dev` and the tests: it answers INIT and
// QUERY at {Base}/api, shows the payment page at {Base}/thanh-toan?ma=<MaThamChieu>,
// and when the payer clicks "Thanh toán" (or "Hủy giao dịch") it posts the signed
// result to CallbackURL, then sends the browser to ReturnURL?MaThamChieu=…. Payments
// live in memory.
type StandIn struct {
	Partner     string
	Secret      string
	Base        string // the stand-in's address as browsers reach it, e.g. http://127.0.0.1:8080/dev/paygov
	CallbackURL string
	ReturnURL   string
	HTTP        *http.Client
	Log         *slog.Logger

	mu       sync.Mutex
	payments map[string]*standInPayment
}

type standInPayment struct {
	Init          Init
	Amount        int64
	State         string // "pending", "paid", "cancelled"
	TransactionID string
	PaidAt        time.Time
}

// Handler serves the stand-in's routes relative to its mount point: POST /api,
// GET and POST /thanh-toan.
func (s *StandIn) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api", s.api)
	mux.HandleFunc("GET /thanh-toan", s.page)
	mux.HandleFunc("POST /thanh-toan", s.pay)
	return mux
}

// api answers INIT and QUERY.
func (s *StandIn) api(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	var head struct {
		Type string `json:"LoaiBanTin"`
	}
	if err == nil {
		err = json.Unmarshal(raw, &head)
	}
	if err != nil {
		answer(w, http.StatusBadRequest, InitReply{Code: CodeOther, Message: "Bản tin không hợp lệ."})
		return
	}
	switch head.Type {
	case TypeInit:
		var m Init
		if err := json.Unmarshal(raw, &m); err != nil {
			answer(w, http.StatusBadRequest, InitReply{Code: CodeOther, Message: "Bản tin INIT không hợp lệ."})
			return
		}
		answer(w, http.StatusOK, s.init(m))
	case TypeQuery:
		var q Query
		if err := json.Unmarshal(raw, &q); err != nil || q.Partner != s.Partner || !Verify(s.Secret, q.MAC, q.signed()...) {
			answer(w, http.StatusBadRequest, InitReply{Code: CodeOther, Message: "Mã xác thực không đúng."})
			return
		}
		answer(w, http.StatusOK, s.result(q.Reference, TypeQuery))
	default:
		answer(w, http.StatusBadRequest, InitReply{Code: CodeOther, Message: "Loại bản tin không được hỗ trợ."})
	}
}

// init records a payment whose INIT is signed, for an amount above zero, under a new
// reference, and answers its page.
func (s *StandIn) init(m Init) InitReply {
	reply := InitReply{Code: CodeOther, Reference: m.Reference}
	amount, err := strconv.ParseInt(m.Amount, 10, 64)
	switch {
	case m.Partner != s.Partner || !Verify(s.Secret, m.MAC, m.signed()...):
		reply.Message = "Mã xác thực không đúng."
		return reply
	case err != nil || amount <= 0 || m.Reference == "" || len(m.Reference) > 40:
		reply.Message = "Số tiền hoặc mã tham chiếu không hợp lệ."
		return reply
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.payments == nil {
		s.payments = map[string]*standInPayment{}
	}
	if _, dup := s.payments[m.Reference]; dup {
		reply.Message = "Mã tham chiếu đã được sử dụng."
		return reply
	}
	s.payments[m.Reference] = &standInPayment{Init: m, Amount: amount, State: "pending"}
	reply.Code, reply.Message = CodeOK, "Thành công"
	reply.PaymentURL = s.Base + "/thanh-toan?ma=" + url.QueryEscape(m.Reference)
	return reply
}

// result is the signed state of a payment (QUERY's answer, or the callback).
func (s *StandIn) result(reference, kind string) Result {
	s.mu.Lock()
	p, ok := s.payments[reference]
	var r Result
	if ok {
		r = Result{Type: kind, Code: CodeOther, Partner: s.Partner, Reference: reference, Amount: p.Amount, Currency: "VND",
			TransactionID: p.TransactionID, Bank: "NCB", Time: Timestamp(p.PaidAt), Description: p.Init.Description}
		if p.State == "paid" {
			r.Code = CodeOK
		}
		if p.State == "pending" {
			r.Code, r.Time = "01", Timestamp(time.Now()) // [I] not paid yet
		}
	} else {
		r = Result{Type: kind, Code: CodeOther, Partner: s.Partner, Reference: reference, Currency: "VND", Time: Timestamp(time.Now())}
	}
	s.mu.Unlock()
	return r.Sign(s.Secret)
}

// page shows the payment with its buttons.
func (s *StandIn) page(w http.ResponseWriter, r *http.Request) {
	ref := r.URL.Query().Get("ma")
	s.mu.Lock()
	p, ok := s.payments[ref]
	var view standInPayment
	if ok {
		view = *p
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "Không tìm thấy giao dịch.", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := standInTemplate.Execute(w, map[string]any{"P": view, "Ref": ref, "Return": s.returnURL(ref)}); err != nil {
		s.log().Error("paygov stand-in page", "err", err)
	}
}

// pay settles the payment as the payer chose, posts the result to the province and
// sends the browser back to it.
func (s *StandIn) pay(w http.ResponseWriter, r *http.Request) {
	ref := r.PostFormValue("ma")
	paid := r.PostFormValue("action") == "pay"
	s.mu.Lock()
	p, ok := s.payments[ref]
	if ok && p.State == "pending" {
		p.PaidAt = time.Now()
		p.TransactionID = transactionID()
		p.State = "cancelled"
		if paid {
			p.State = "paid"
		}
	}
	s.mu.Unlock()
	if !ok {
		http.Error(w, "Không tìm thấy giao dịch.", http.StatusNotFound)
		return
	}
	s.notify(r.Context(), s.result(ref, TypeCallback))
	http.Redirect(w, r, s.returnURL(ref), http.StatusSeeOther)
}

// notify posts a result to the province; a failure is logged (the province can QUERY).
func (s *StandIn) notify(ctx context.Context, res Result) {
	raw, _ := json.Marshal(res)
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.CallbackURL, bytes.NewReader(raw))
	if err != nil {
		s.log().Error("paygov stand-in callback", "err", err)
		return
	}
	req.Header.Set("Content-Type", "application/json")
	hc := s.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := hc.Do(req)
	if err != nil {
		s.log().Warn("paygov stand-in: callback not delivered", "reference", res.Reference, "err", err)
		return
	}
	defer resp.Body.Close()
	var reply Reply
	if err := json.NewDecoder(resp.Body).Decode(&reply); err != nil || reply.Code != CodeOK {
		s.log().Warn("paygov stand-in: callback refused", "reference", res.Reference, "status", resp.StatusCode, "reply", reply.Code)
	}
}

func (s *StandIn) returnURL(ref string) string {
	return s.ReturnURL + "?MaThamChieu=" + url.QueryEscape(ref)
}

func (s *StandIn) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func answer(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

// transactionID is a new MaGiaoDich.
func transactionID() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return fmt.Sprintf("PG%X", b)
}

// formatMoney writes đồng with dots between thousands: 1.250.000.
func formatMoney(n int64) string {
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
