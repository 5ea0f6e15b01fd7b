package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/demo"
)

// TestHostileRequests sends requests an attacker or a broken client would send; each gets
// a 4xx with a stable code, and none changes the database.
func TestHostileRequests(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	anon := newClient(t, a.URL())
	var procID int64
	a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '2.000488'`)
	draft := citizen.draft(procID)
	counts := func() string {
		var s string
		a.Store.DB().Get(&s, `SELECT (SELECT count(*) FROM dossiers) || '/' || (SELECT count(*) FROM dossier_files) || '/' ||
			(SELECT count(*) FROM accounts) || '/' || (SELECT count(*) FROM dossier_events) || '/' || (SELECT count(*) FROM procedures)`)
		return s
	}
	before := counts()
	long := strings.Repeat("Nguyễn ", 100)
	cases := []struct {
		name        string
		c           client
		method      string
		path        string
		contentType string
		body        string
	}{
		{"SQLInjectionInLookup", anon, "GET", "/api/v1/lookup?code=" + url.QueryEscape("x' OR '1'='1"), "", ""},
		{"SQLInjectionInIDNumber", anon, "GET", "/api/v1/lookup?id_number=" + url.QueryEscape("1' OR 1=1 --"), "", ""},
		{"SQLInjectionInLogin", anon, "POST", "/api/v1/auth/login", "application/json", `{"username":"admin' --","password":"x"}`},
		{"NegativePage", anon, "GET", "/api/v1/procedures?page=-1", "", ""},
		{"HugePage", anon, "GET", "/api/v1/procedures?page=99999999999999999999", "", ""},
		{"PathTraversalInFileID", citizen, "GET", fmt.Sprintf("/api/v1/dossiers/%d/files/..%%2F..%%2Fetc%%2Fpasswd", draft), "", ""},
		{"TruncatedJSON", citizen, "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1, "applicant_name": "Ng`},
		{"WrongContentType", citizen, "POST", "/api/v1/dossiers", "text/xml", `<dossier/>`},
		{"ArrayInsteadOfObject", citizen, "POST", "/api/v1/dossiers", "application/json", `[1,2,3]`},
		{"NullBytesInName", citizen, "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1, "applicant_name": "A\u0000B"}`},
		{"OverlongName", citizen, "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1, "applicant_name": "` + long + `"}`},
		{"InvalidUTF8", citizen, "POST", "/api/v1/dossiers", "application/json", "{\"procedure_id\": 1, \"applicant_name\": \"\xff\xfe\"}"},
		{"HugeProcedureID", citizen, "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1e400}`},
		{"ScriptInRegistration", anon, "POST", "/api/v1/auth/register", "application/json",
			`{"username":"<script>","password":"abc12345","full_name":"<img src=x>","email":"x","phone":"1","id_number":"1","captcha_id":"x","captcha_answer":"` + testCaptcha + `"}`},
		{"ForgedCSRF", citizen.withCSRF("forged"), "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1}`},
		{"UnknownRoute", anon, "GET", "/api/v1/../../etc/passwd", "", ""},
		{"MethodNotAllowed", anon, "DELETE", "/api/v1/procedures", "", ""},
		{"OfficerEndpointAsCitizen", citizen, "POST", "/api/v1/officer/dossiers/x/actions/receive", "application/json", `{}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e apiError
			status := tc.c.with(t).do(tc.method, tc.path, tc.contentType, []byte(tc.body), &e)
			if status < 400 || status >= 500 || e.Error.Code == "" {
				t.Fatalf("got %d %+v, want a 4xx with a code", status, e)
			}
		})
	}
	// An injection in the search is only a search: it answers 200 with nothing found.
	var page struct {
		Total int `json:"total"`
	}
	if st := anon.do("GET", "/api/v1/procedures?q="+url.QueryEscape("' OR 1=1; DROP TABLE dossiers; --"), "", nil, &page); st != 200 || page.Total != 0 {
		t.Fatalf("injection in the search: %d %+v", st, page)
	}
	if after := counts(); after != before {
		t.Fatalf("hostile requests changed the database: %s → %s", before, after)
	}
	resp, err := http.Get(a.URL() + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"} {
		if got := resp.Header.Get(h); got != want {
			t.Errorf("%s = %q, want %q", h, got, want)
		}
	}
	if !strings.Contains(resp.Header.Get("Content-Security-Policy"), "default-src 'self'") {
		t.Errorf("no content security policy: %q", resp.Header.Get("Content-Security-Policy"))
	}
}
