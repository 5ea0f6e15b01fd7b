package app_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestSupplementMail: the e-mail asking for a supplement lists each document on its own
// line, keeps the officer's note apart, and links the supplement page for the dossier.
func TestSupplementMail(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	code := citizen.submit(procID)
	citizen.waitLogged(code)
	motcua := newClient(t, a.URL()).login("motcua", demo.Password)
	if st := motcua.postJSON("/api/v1/officer/dossiers/"+code+"/actions/request_supplement", map[string]any{
		"components": []string{"Quyết định thành lập trường", "Sơ đồ mặt bằng"}, "note": "Bản sao phải có chứng thực"}, nil); st != 200 {
		t.Fatalf("request a supplement: %d", st)
	}
	var body string
	for deadline := time.Now().Add(10 * time.Second); body == ""; time.Sleep(50 * time.Millisecond) {
		// No row yet: the workflow has not queued the e-mail; try again.
		_ = a.Store.DB().Get(&body, `SELECT n.body FROM notifications n JOIN dossiers d ON d.id = n.dossier_id
			WHERE d.code = $1 AND n.kind = 'supplement_requested' AND n.recipient_kind = 'citizen'`, code)
		if time.Now().After(deadline) {
			t.Fatal("no supplement e-mail to the citizen")
		}
	}
	link := a.URL() + "/bo-sung?code=" + url.QueryEscape(code)
	for _, want := range []string{"\n- Quyết định thành lập trường\n- Sơ đồ mặt bằng\n", "\nGhi chú của cơ quan giải quyết: Bản sao phải có chứng thực\n", link} {
		if !strings.Contains(body, want) {
			t.Errorf("the e-mail lacks %q:\n%s", want, body)
		}
	}
	resp, err := http.Get(link)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("the link %s: %v %v", link, resp, err)
	}
	resp.Body.Close()
	page := newBrowser(t, a.URL()).get("/dev/mailbox")
	if !strings.Contains(html.UnescapeString(page.Body), `href="`+link+`"`) {
		t.Error("the development mailbox does not make the supplement link clickable")
	}
}
