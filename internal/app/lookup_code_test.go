package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestLookupCodeAsTyped: a dossier code typed in lower case or with spaces around it
// finds its dossier in the public lookup (JSON and page) and in the owner's API.
func TestLookupCodeAsTyped(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	var id int64
	if err := a.Store.DB().Get(&id, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	code := citizen.submit(id)
	citizen.waitLogged(code)
	typed := "  " + strings.ToLower(code) + " "
	var l lookup
	if st := newClient(t, a.URL()).do(http.MethodGet, "/api/v1/lookup?code="+url.QueryEscape(typed), "", nil, &l); st != 200 || l.Code != code {
		t.Fatalf("lookup of %q: %d %+v", typed, st, l)
	}
	p := newBrowser(t, a.URL()).get("/tra-cuu?by=form&code=" + url.QueryEscape(typed))
	if p.Status != 200 || !strings.Contains(p.Body, "Hồ sơ "+code) {
		t.Fatalf("lookup page for %q: %d", typed, p.Status)
	}
	var d dossier
	if st := citizen.do(http.MethodGet, "/api/v1/dossiers/"+strings.ToLower(code), "", nil, &d); st != 200 || d.Code == nil || *d.Code != code {
		t.Fatalf("the owner's dossier by %q: %d", strings.ToLower(code), st)
	}
}
