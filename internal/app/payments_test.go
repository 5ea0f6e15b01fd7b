package app_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/paygov"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// The identity of the payment platform's stand-in in `dvc dev` (internal/app).
const (
	devPartner = "DVC-DEV"
	devSecret  = "dvc-dev-paygov-secret"
)

// payment is a payment attempt of the API.
type payment struct {
	Reference     string `json:"reference"`
	AmountVND     int64  `json:"amount_vnd"`
	Status        string `json:"status"`
	TransactionID string `json:"transaction_id"`
	Confirmed     bool   `json:"confirmed"`
	PayURL        string `json:"pay_url"`
	ReceiptURL    string `json:"receipt_url"`
}

// TestOnlinePayment: the specialist asks for a fee; the citizen opens a payment and pays
// it on the platform's stand-in, whose signed callback confirms the fee in the workflow
// (not an officer) and gives an electronic receipt; forged, wrong-amount, unknown and
// replayed callbacks are refused and logged, and change nothing.
func TestOnlinePayment(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	f := newResultsFlow(t, a)
	proc := procID(t, a, "2.001914")
	code := f.citizen.submit(proc)
	f.citizen.waitLogged(code)
	f.act("motcua", code, "receive", nil)
	f.act("motcua", code, "transfer", map[string]any{"to_officer_id": f.ids["chuyenvien"]})
	var e apiError
	expectError(t, "paying before a fee is asked", f.citizen.postJSON("/api/v1/dossiers/"+code+"/payments", nil, &e), e, 409, "payment_not_requested")
	f.act("chuyenvien", code, "request_payment", map[string]any{"amount_vnd": 20000, "note": "Lệ phí cấp bản sao"})

	var p payment
	if st := f.citizen.postJSON("/api/v1/dossiers/"+code+"/payments", nil, &p); st != http.StatusCreated || p.AmountVND != 20000 ||
		p.Status != "pending" || !strings.HasPrefix(p.PayURL, a.URL()+"/dev/paygov/thanh-toan?ma=") {
		t.Fatalf("open a payment: %d %+v", st, p)
	}
	callback := func(res paygov.Result, out any) int { // the platform: no session, answers checked against the OpenAPI document
		c := newClient(t, a.URL())
		c.spec = f.spec
		return c.postJSON("/api/v1/paygov/callback", res, out)
	}
	good := paygov.Result{Type: paygov.TypeCallback, Code: paygov.CodeOK, Partner: devPartner, Reference: p.Reference,
		Amount: 20000, Currency: "VND", TransactionID: "PGTEST01", Bank: "NCB", Time: "20261203100000", Description: "Lệ phí"}
	refusals := []struct {
		what, outcome, code string
		status              int
		res                 paygov.Result
	}{
		{"a forged callback", "forged", "payment_signature_invalid", 400, good.Sign("đoán mò")},
		{"another partner", "forged", "payment_signature_invalid", 400, func() paygov.Result { r := good; r.Partner = "KHAC"; return r.Sign(devSecret) }()},
		{"a wrong amount", "wrong_amount", "payment_amount_mismatch", 422, func() paygov.Result { r := good; r.Amount = 2000; return r.Sign(devSecret) }()},
		{"an unknown reference", "unknown_reference", "payment_not_found", 404, func() paygov.Result { r := good; r.Reference = "DVCKHONGCO"; return r.Sign(devSecret) }()},
	}
	for _, r := range refusals {
		var out struct {
			MaLoi string `json:"MaLoi"`
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		if st := callback(r.res, &out); st != r.status || out.MaLoi != "99" || out.Error.Code != r.code {
			t.Errorf("%s: %d %+v", r.what, st, out)
		}
		if n := callbacksLogged(t, a, r.res.Reference, r.outcome); n == 0 {
			t.Errorf("%s was not logged as %s", r.what, r.outcome)
		}
	}
	if st, _ := dossierStatus(t, a, code); st != 6 {
		t.Fatalf("a refused callback changed the dossier: status %d", st)
	}

	// The citizen pays on the stand-in's page: its callback confirms the fee.
	_, page := get(t, f.citizen, strings.TrimPrefix(p.PayURL, a.URL()))
	if !strings.Contains(string(page), "20.000 đồng") || !strings.Contains(string(page), code) {
		t.Fatalf("the payment page: %s", page)
	}
	noRedirect := *f.citizen.http
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirect.PostForm(a.URL()+"/dev/paygov/thanh-toan", url.Values{"ma": {p.Reference}, "action": {"pay"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("pay: %v %v", resp, err)
	}
	resp.Body.Close()
	if st, _ := dossierStatus(t, a, code); st != 4 {
		t.Fatalf("after paying: status %d, want 4 (processing again)", st)
	}
	es := logOf(t, a, code)
	last := es[len(es)-1]
	if last.Action != "confirm_payment" || last.ActorID != nil || !strings.Contains(last.ActorName, "PayGov") || !strings.Contains(last.Note, p.Reference) {
		t.Fatalf("the confirmation: %+v", last)
	}
	if n := callbacksLogged(t, a, p.Reference, "accepted"); n != 1 {
		t.Fatalf("%d accepted callbacks", n)
	}

	// The same callback again: refused, logged, nothing applied.
	var paid struct {
		Items []payment `json:"items"`
	}
	if st := f.citizen.do(http.MethodGet, "/api/v1/dossiers/"+code+"/payments", "", nil, &paid); st != 200 || len(paid.Items) != 1 ||
		paid.Items[0].Status != "paid" || !paid.Items[0].Confirmed || paid.Items[0].ReceiptURL == "" {
		t.Fatalf("payments: %d %+v", st, paid)
	}
	replay := good
	replay.TransactionID = paid.Items[0].TransactionID
	if st := callback(replay.Sign(devSecret), nil); st != 409 {
		t.Errorf("a replayed callback: %d", st)
	}
	if n := callbacksLogged(t, a, p.Reference, "replayed"); n != 1 {
		t.Errorf("%d replays logged", n)
	}
	if n := countActions(t, a, code, "confirm_payment"); n != 1 {
		t.Errorf("%d confirmations after the replay", n)
	}

	t.Run("ReturnPage", func(t *testing.T) {
		resp, err := noRedirect.Get(a.URL() + "/thanh-toan/ket-qua?MaThamChieu=" + p.Reference)
		if err != nil || resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "thanh-toan=paid") {
			t.Fatalf("return: %v %v", resp, err)
		}
		resp.Body.Close()
	})

	t.Run("Receipt", func(t *testing.T) {
		st, pdf := get(t, f.citizen, paid.Items[0].ReceiptURL)
		if st != 200 {
			t.Fatalf("receipt: %d", st)
		}
		checkSigned(t, "the receipt", pdf, pdftools.TrustStore(t, devRoot(t, a)), code)
		if text := pdftools.Flat(pdftools.Text(t, pdf)); !strings.Contains(text, "20.000") || !strings.Contains(text, p.Reference) {
			t.Errorf("the receipt's text: %s", text)
		}
		var inStore bool
		for _, d := range documents(t, f.citizen) {
			inStore = inStore || (d.Kind == "payment_receipt" && d.SourceCode == code)
		}
		if !inStore {
			t.Error("the receipt is not in the citizen's store")
		}
	})

	t.Run("QueryWhilePending", func(t *testing.T) {
		f.act("chuyenvien", code, "request_payment", map[string]any{"amount_vnd": 5000})
		var p2 payment
		if st := f.citizen.postJSON("/api/v1/dossiers/"+code+"/payments", nil, &p2); st != http.StatusCreated {
			t.Fatalf("open a second payment: %d", st)
		}
		resp, err := noRedirect.Get(a.URL() + "/thanh-toan/ket-qua?MaThamChieu=" + p2.Reference)
		if err != nil || resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "thanh-toan=pending") {
			t.Fatalf("return before paying: %v %v", resp, err)
		}
		resp.Body.Close()
		if st, _ := dossierStatus(t, a, code); st != 6 {
			t.Fatalf("status %d while the second fee is unpaid", st)
		}
	})
}

// callbacksLogged counts the platform's messages about reference logged with outcome.
func callbacksLogged(t *testing.T, a *app.App, reference, outcome string) int {
	t.Helper()
	var n int
	if err := a.Store.DB().Get(&n, `SELECT count(*) FROM payment_callbacks WHERE reference = $1 AND outcome = $2`, reference, outcome); err != nil {
		t.Fatal(err)
	}
	return n
}

// logOf is the processing log of dossier code.
func logOf(t *testing.T, a *app.App, code string) []domain.Event {
	t.Helper()
	d, err := a.Store.DossierByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	es, err := a.Store.Events(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// countActions counts the log rows of dossier code with action.
func countActions(t *testing.T, a *app.App, code, action string) int {
	n := 0
	for _, e := range logOf(t, a, code) {
		if e.Action == action {
			n++
		}
	}
	return n
}
