package app_test

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestHostileRequests sends requests an attacker or a broken client would send; each gets
// a 4xx with a stable code, and none changes the database.
func TestHostileRequests(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	supervisor := newClient(t, a.URL()).login("giamsat", demo.Password)
	officer := newClient(t, a.URL()).login("motcua", demo.Password)
	anon := newClient(t, a.URL())
	var procID int64
	noErr(t, a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '2.000488'`))
	draft := citizen.draft(procID)
	counts := func() string {
		var s string
		noErr(t, a.Store.DB().Get(&s, `SELECT (SELECT count(*) FROM dossiers) || '/' || (SELECT count(*) FROM dossier_files) || '/' ||
			(SELECT count(*) FROM accounts) || '/' || (SELECT count(*) FROM dossier_events) || '/' || (SELECT count(*) FROM procedures)`))
		return s
	}
	before, beforeAll := counts(), fingerprintExcept(t, a, "login_failures")
	long := strings.Repeat("Nguyễn ", 100)
	name := func(n string) string {
		return string(mustJSON(map[string]any{"procedure_id": procID, "applicant_name": n, "id_number": "001203004567", "phone": "0912345678"}))
	}
	profile := func(n string) string {
		return string(mustJSON(map[string]any{"full_name": n, "phone": "0912345678", "email": "an@example.vn"}))
	}
	var multipartBody bytes.Buffer
	mw := multipart.NewWriter(&multipartBody)
	_ = mw.WriteField("procedure_id", "1")
	_ = mw.Close()
	var bigUpload bytes.Buffer
	uw := multipart.NewWriter(&bigUpload)
	_ = uw.WriteField("component_id", "1")
	fw, _ := uw.CreateFormFile("file", "lon.pdf")
	_, _ = fw.Write(append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 11<<20)...))
	_ = uw.Close()
	files := fmt.Sprintf("/api/v1/dossiers/%d/files", draft)
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

		// Unicode edge cases in Vietnamese names.
		{"ZeroWidthSpaceInName", citizen, "POST", "/api/v1/dossiers", "application/json", name("Nguyễn\u200bVăn An")},
		{"ZeroWidthJoinerInName", citizen, "POST", "/api/v1/dossiers", "application/json", name("Nguyễn Văn\u200d An")},
		{"RightToLeftOverrideInName", citizen, "POST", "/api/v1/dossiers", "application/json", name("\u202eNguyễn Văn An")},
		{"BidiIsolateInName", citizen, "POST", "/api/v1/dossiers", "application/json", name("Nguyễn \u2067Văn\u2069 An")},
		{"ByteOrderMarkInName", citizen, "POST", "/api/v1/dossiers", "application/json", name("\ufeffNguyễn Văn An")},
		{"StackedCombiningMarks", citizen, "POST", "/api/v1/dossiers", "application/json", name("Nguyê" + strings.Repeat("\u0303", 30) + "n")},
		{"CombiningMarkWithoutBase", citizen, "POST", "/api/v1/dossiers", "application/json", name("\u0301Nguyễn")},
		{"EmojiInName", citizen, "POST", "/api/v1/dossiers", "application/json", name("Nguyễn Văn An 😀")},
		{"LoneSurrogateEscape", citizen, "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1, "applicant_name": "Nguy\ud800n"}`},
		{"OverlongUTF8Slash", citizen, "POST", "/api/v1/dossiers", "application/json", "{\"procedure_id\": 1, \"applicant_name\": \"An\xc0\xaf\"}"},
		{"EncodedSurrogateUTF8", citizen, "POST", "/api/v1/dossiers", "application/json", "{\"procedure_id\": 1, \"applicant_name\": \"An\xed\xa0\x80\"}"},
		{"OverlongVietnameseName", citizen, "POST", "/api/v1/dossiers", "application/json", name(strings.Repeat("Nguyễn ", 40))},
		{"ZeroWidthInProfileName", citizen, "PUT", "/api/v1/me", "application/json", profile("Nguyễn\u200bVăn An")},
		{"RightToLeftInProfileName", citizen, "PUT", "/api/v1/me", "application/json", profile("An \u202egnaW")},
		{"ControlCharacterInProfileName", citizen, "PUT", "/api/v1/me", "application/json", profile("Nguyễn\u0007Văn An")},
		{"ZeroWidthInRegistration", anon, "POST", "/api/v1/auth/register", "application/json",
			`{"username":"anvanhoa","password":"matkhau2026","full_name":"Nguyễn\u200bAn","email":"an2@example.vn","phone":"0912345670","id_number":"001203004568","captcha_id":"x","captcha_answer":"` + testCaptcha + `"}`},

		// Negative and huge paging and filter values.
		{"NegativePageMyDossiers", citizen, "GET", "/api/v1/me/dossiers?page=-1", "", ""},
		{"MaxInt64PageMyDossiers", citizen, "GET", "/api/v1/me/dossiers?page=9223372036854775807", "", ""},
		{"MaxInt64PageProcedures", anon, "GET", "/api/v1/procedures?page=9223372036854775807", "", ""},
		{"PageBeyondLimit", anon, "GET", "/api/v1/procedures?page=100001", "", ""},
		{"FractionalPage", anon, "GET", "/api/v1/procedures?page=1.5", "", ""},
		{"NegativePageAudit", supervisor, "GET", "/api/v1/audit/events?page=-5", "", ""},
		{"MaxInt64PageAudit", supervisor, "GET", "/api/v1/audit/events?page=9223372036854775807", "", ""},
		{"HugeDueWithin", officer, "GET", "/api/v1/officer/inbox?due_within=9223372036854775807", "", ""},
		{"NegativeAgencyFilter", anon, "GET", "/api/v1/fields?agency=-1", "", ""},
		{"NegativeProcedureID", anon, "GET", "/api/v1/procedures/-1", "", ""},

		// Wrong content types.
		{"MultipartToJSONEndpoint", citizen, "POST", "/api/v1/dossiers", mw.FormDataContentType(), multipartBody.String()},
		{"FormEncodedLogin", anon, "POST", "/api/v1/auth/login", "application/x-www-form-urlencoded", "username=congdan&password=x"},
		{"TextPlainJSON", anon, "POST", "/api/v1/auth/login", "text/plain", `{"username":"congdan","password":"x"}`},
		{"NoContentType", citizen, "POST", "/api/v1/dossiers", "", `{"procedure_id": 1}`},
		{"JSONToUploadEndpoint", citizen, "POST", files, "application/json", `{"component_id": 1, "file": "JVBERi0="}`},
		{"MultipartWithoutBoundary", citizen, "POST", files, "multipart/form-data", "--x\r\n"},
		{"UTF16JSON", citizen, "POST", "/api/v1/dossiers", "application/json; charset=utf-16", "\xff\xfe{\x00}\x00"},

		// Oversized and truncated bodies.
		{"BodyOverOneMiB", citizen, "POST", "/api/v1/dossiers", "application/json", `{"procedure_id": 1, "content": "` + strings.Repeat("a", 1<<20) + `"}`},
		{"UploadOverTenMiB", citizen, "POST", files, uw.FormDataContentType(), bigUpload.String()},
		{"TruncatedMultipart", citizen, "POST", files, uw.FormDataContentType(), bigUpload.String()[:300]},
		{"DeeplyNestedJSON", citizen, "POST", "/api/v1/dossiers", "application/json", strings.Repeat(`{"form_data":`, 5000)},
		{"TooManyFormFields", citizen, "POST", "/api/v1/dossiers", "application/json", string(mustJSON(map[string]any{"procedure_id": procID, "form_data": manyFields(101)}))},
		{"FormFieldKeyTooLong", citizen, "POST", "/api/v1/dossiers", "application/json", string(mustJSON(map[string]any{"procedure_id": procID, "form_data": map[string]string{strings.Repeat("k", 65): "x"}}))},
	}
	refused := 0
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e apiError
			status := tc.c.with(t).do(tc.method, tc.path, tc.contentType, []byte(tc.body), &e)
			if status < 400 || status >= 500 || e.Error.Code == "" {
				t.Fatalf("got %d %+v, want a 4xx with a code", status, e)
			}
			refused++
		})
	}
	t.Logf("hostile requests: %d tried, %d refused with a 4xx and a stable code", len(cases), refused)
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
	if fingerprintExcept(t, a, "login_failures") != beforeAll {
		t.Fatal("hostile requests changed a table of the database")
	}
	// A name typed with decomposed diacritics is the same name: stored composed (NFC).
	var created struct {
		ID            int64  `json:"id"`
		ApplicantName string `json:"applicant_name"`
	}
	if st := citizen.do("POST", "/api/v1/dossiers", "application/json", []byte(name("Nguye\u0302\u0303n Va\u0306n An")), &created); st != 201 || created.ApplicantName != "Nguyễn Văn An" {
		t.Fatalf("a decomposed name: %d %q", st, created.ApplicantName)
	}
	var stored string
	noErr(t, a.Store.DB().Get(&stored, `SELECT applicant_name FROM dossiers WHERE id = $1`, created.ID))
	if stored != "Nguyễn Văn An" {
		t.Fatalf("stored as %q (%x)", stored, stored)
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

// manyFields is a declaration form with n fields.
func manyFields(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[fmt.Sprintf("truong_%d", i)] = "x"
	}
	return m
}
