package paygov

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

const (
	partner = "DVC-BACKAN"
	secret  = "bí-mật-chung"
)

// TestSign: MaXacThuc is the hex SHA-256 of the |-joined values with the secret last.
func TestSign(t *testing.T) {
	// sha256("INIT|1.0.6|s") computed independently (printf 'INIT|1.0.6|s' | sha256sum).
	if got := Sign("s", "INIT", "1.0.6"); got != "82e8debca46c4a37edcb7130be526190952d132c0de1967e1df3d0e3599dbfce" {
		t.Fatalf("Sign: %q", got)
	}
	if !Verify("s", strings.ToUpper(Sign("s", "a", "b")), "a", "b") || Verify("s", Sign("s", "a", "b"), "a", "c") ||
		Verify("t", Sign("s", "a"), "a") {
		t.Fatal("Verify accepts a wrong code or refuses a right one")
	}
	r := Result{Type: TypeCallback, Code: CodeOK, Partner: partner, Reference: "DVC1", Amount: 20000, Currency: "VND"}.Sign(secret)
	if !r.Valid(secret) {
		t.Fatal("a signed result is not valid")
	}
	for name, change := range map[string]func(*Result){
		"Amount": func(r *Result) { r.Amount = 2000 }, "Code": func(r *Result) { r.Code = "99" },
		"Reference": func(r *Result) { r.Reference = "DVC2" }, "MAC": func(r *Result) { r.MAC = Sign("khác", "x") },
	} {
		forged := r
		change(&forged)
		if forged.Valid(secret) {
			t.Errorf("a result with another %s is valid", name)
		}
	}
}

// TestClientAgainstStandIn runs the whole protocol over real HTTP: INIT, the payment
// page, paying, the signed callback to the province, and QUERY.
func TestClientAgainstStandIn(t *testing.T) {
	got := make(chan Result, 2)
	province := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var res Result
		_ = json.NewDecoder(r.Body).Decode(&res)
		got <- res
		answer(w, http.StatusOK, NewReply(secret, CodeOK, "Thành công", partner, res.Reference, time.Now()))
	}))
	defer province.Close()
	stand := &StandIn{Partner: partner, Secret: secret, CallbackURL: province.URL + "/callback", ReturnURL: province.URL + "/ket-qua"}
	mux := http.NewServeMux()
	mux.Handle("/paygov/", http.StripPrefix("/paygov", stand.Handler()))
	srv := httptest.NewServer(mux)
	defer srv.Close()
	stand.Base = srv.URL + "/paygov"
	c := &Client{URL: srv.URL + "/paygov/api", Partner: partner, Secret: secret, Version: "1.0.6"}
	ctx := context.Background()

	payURL, err := c.Init(ctx, Payment{Reference: "DVC0001", Amount: 20000, Description: "Lệ phí hồ sơ",
		Bill: Bill{DossierCode: "000.00.03.H03-261123-0001", AgencyName: "Sở Giáo dục và Đào tạo"}})
	if err != nil || !strings.HasPrefix(payURL, stand.Base+"/thanh-toan?ma=DVC0001") {
		t.Fatalf("INIT: %q %v", payURL, err)
	}
	if _, err := c.Init(ctx, Payment{Reference: "DVC0001", Amount: 20000}); !domain.IsKind(err, domain.Unavailable) {
		t.Errorf("a reference used twice: %v", err)
	}
	wrong := *c
	wrong.Secret = "đoán"
	if _, err := wrong.Init(ctx, Payment{Reference: "DVC0002", Amount: 1}); err == nil {
		t.Error("an INIT signed with another secret was accepted")
	}
	if r, err := c.Query(ctx, "DVC0001"); err != nil || r.Paid() {
		t.Fatalf("QUERY before paying: %+v %v", r, err)
	}
	page, err := http.Get(payURL)
	if err != nil || page.StatusCode != 200 {
		t.Fatalf("the payment page: %v %v", page, err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if !strings.Contains(string(body), "20.000 đồng") || !strings.Contains(string(body), "000.00.03.H03-261123-0001") {
		t.Fatalf("the payment page does not show the amount and the dossier")
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(stand.Base+"/thanh-toan", url.Values{"ma": {"DVC0001"}, "action": {"pay"}})
	if err != nil || resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != province.URL+"/ket-qua?MaThamChieu=DVC0001" {
		t.Fatalf("pay: %v %v", resp, err)
	}
	resp.Body.Close()
	select {
	case res := <-got:
		if !res.Valid(secret) || !res.Paid() || res.Amount != 20000 || res.Reference != "DVC0001" || res.TransactionID == "" {
			t.Fatalf("the callback: %+v", res)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no callback")
	}
	if r, err := c.Query(ctx, "DVC0001"); err != nil || !r.Paid() || r.Amount != 20000 {
		t.Fatalf("QUERY after paying: %+v %v", r, err)
	}
}

// TestResultAmount: SoTien comes as a number or as a string of digits.
func TestResultAmount(t *testing.T) {
	for _, body := range []string{`{"MaThamChieu":"X","SoTien":20000}`, `{"MaThamChieu":"X","SoTien":"20000"}`} {
		var r Result
		if err := json.Unmarshal([]byte(body), &r); err != nil || r.Amount != 20000 || r.Reference != "X" {
			t.Errorf("%s: %+v %v", body, r, err)
		}
	}
	var r Result
	if err := json.Unmarshal([]byte(`{"SoTien":"hai mươi nghìn"}`), &r); err == nil {
		t.Error("a SoTien in words was accepted")
	}
}
