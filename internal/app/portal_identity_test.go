package app_test

import (
	"context"
	"html"
	"io"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// TestPortalIdentity: portal.province_name, portal.operator and portal.hotline are shown
// in every page's header and footer (portal and console), in the slips and at the end of
// every e-mail.
func TestPortalIdentity(t *testing.T) {
	cfg := devConfig(dataDir(t))
	cfg.Portal.ProvinceName, cfg.Portal.Operator, cfg.Portal.Hotline = "Điện Biên", "Trung tâm Phục vụ hành chính công tỉnh Điện Biên", "0215 3 825 999"
	a := start(t, cfg)
	defer a.Close()
	title := "Cổng Dịch vụ công trực tuyến tỉnh Điện Biên"
	officer := newBrowser(t, a.URL())
	officer.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"motcua"}, "password": {demo.Password}})
	for _, p := range []struct {
		b    *browser
		path string
	}{{newBrowser(t, a.URL()), "/"}, {newBrowser(t, a.URL()), "/tra-cuu"}, {newBrowser(t, a.URL()), "/thu-tuc/999999"}, {officer, "/can-bo"}} {
		body := html.UnescapeString(p.b.get(p.path).Body)
		header, footer, _ := strings.Cut(body, `<footer id="site-footer">`)
		if !strings.Contains(header, `id="brand">`+title+`</a>`) || !strings.Contains(footer, cfg.Portal.Operator) ||
			!strings.Contains(footer, cfg.Portal.Hotline) || !strings.Contains(footer, `href="tel:02153825999"`) {
			t.Errorf("%s does not name the province in its header, or the operator and hotline in its footer", p.path)
		}
	}

	var procID int64
	noErr(t, a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`))
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	code := citizen.submit(procID)
	citizen.waitLogged(code)
	if st := newClient(t, a.URL()).login("motcua", demo.Password).postJSON("/api/v1/officer/dossiers/"+code+"/actions/receive", nil, nil); st != 200 {
		t.Fatalf("receive: %d", st)
	}
	resp, err := citizen.http.Get(a.URL() + "/api/v1/dossiers/" + code + "/slips/receipt.pdf")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("receipt: %v %v", resp, err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	text := pdftools.Flat(pdftools.Text(t, pdf))
	for _, want := range []string{"ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN", cfg.Portal.Operator, cfg.Portal.Hotline} {
		if !strings.Contains(text, want) {
			t.Errorf("the receipt lacks %q", want)
		}
	}
	footer := "\n\n--\n" + title + "\nĐơn vị vận hành: " + cfg.Portal.Operator + "\nĐường dây nóng hỗ trợ: " + cfg.Portal.Hotline
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	for _, kind := range []string{"submitted", "received"} { // one from the service, one from the workflow
		var body string
		for body == "" && ctx.Err() == nil {
			// No row yet: the outbox has not got it; try again.
			_ = a.Store.DB().GetContext(ctx, &body, `SELECT n.body FROM notifications n JOIN dossiers d ON d.id = n.dossier_id
				WHERE d.code = $1 AND n.kind = $2 AND n.recipient_kind = 'citizen'`, code, kind)
			time.Sleep(50 * time.Millisecond)
		}
		if kind == "submitted" && !strings.Contains(body, a.URL()+"/tra-cuu?code="+code) {
			t.Errorf("the submission e-mail does not link the lookup on the portal:\n%s", body)
		}
		if !strings.HasSuffix(body, footer) {
			t.Errorf("the %s e-mail does not end with the portal's signature:\n%s", kind, body)
		}
	}
}
