package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// Demo national identities of the stand-in provider (internal/dev/oidcprovider).
const (
	anTechID   = "a1f3c9e2-0001-4d6b-9c1e-000000000001" // ID number 001099000001
	ngocTechID = "a1f3c9e2-0002-4d6b-9c1e-000000000002" // ID number 008199000222
)

var authRequestID = regexp.MustCompile(`name="authRequestID" value="([^"]+)"`)

// nationalBrowser is a cookie-keeping client that goes through the national sign-in as a
// browser does: dvc → the provider's login page → an identity → back to dvc.
type nationalBrowser struct {
	t    *testing.T
	base string
	http *http.Client
}

func newNationalBrowser(t *testing.T, base string) *nationalBrowser {
	jar, _ := cookiejar.New(nil)
	return &nationalBrowser{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second}}
}

// get fetches url and returns the final page, its URL and status.
func (b *nationalBrowser) get(u string) (string, string, int) {
	b.t.Helper()
	resp, err := b.http.Get(u)
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body), resp.Request.URL.String(), resp.StatusCode
}

// signIn starts the national sign-in on dvc and picks the identity techID on the
// provider's page; it returns where dvc lands.
func (b *nationalBrowser) signIn(techID string) (string, string, int) {
	b.t.Helper()
	page, at, st := b.get(b.base + "/dang-nhap/quoc-gia?next=/ho-so")
	m := authRequestID.FindStringSubmatch(page)
	if st != 200 || m == nil {
		b.t.Fatalf("the provider's login page: %d at %s", st, at)
	}
	login, _ := url.Parse(at)
	login.Path, login.RawQuery = "/login", ""
	resp, err := b.http.PostForm(login.String(), url.Values{"authRequestID": {m[1]}, "tech_id": {techID}})
	if err != nil {
		b.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, c := range b.http.Jar.Cookies(resp.Request.URL) {
		if strings.Contains(c.Value, "eyJ") { // a JWT
			b.t.Errorf("a token reached the browser in cookie %s", c.Name)
		}
	}
	return string(body), resp.Request.URL.RequestURI(), resp.StatusCode
}

// TestNationalSignIn: "Đăng nhập bằng tài khoản Cổng DVC quốc gia / VNeID" sends the
// browser to the provider with the code flow's parameters; a person seen for the first
// time gets an account holding the dossiers registered at the desk under their ID
// number; a person whose ID number an account already has confirms it before it is
// linked; the next sign-in goes straight in.
func TestNationalSignIn(t *testing.T) {
	a := start(t, nationalConfig(dataDir(t)))
	defer a.Close()
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.Get(a.URL() + "/dang-nhap/quoc-gia")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, a.OIDCStandInURL()) {
		t.Fatalf("GET /dang-nhap/quoc-gia: %d to %q", resp.StatusCode, loc)
	}
	for _, p := range []string{"client_id=", "state=", "code_challenge=", "code_challenge_method=S256"} {
		if !strings.Contains(loc, p) {
			t.Errorf("the authorize URL lacks %s: %s", p, loc)
		}
	}
	t.Run("NewPersonGetsDeskDossiers", func(t *testing.T) { newPersonGetsDeskDossiers(t, a) })
	t.Run("ExistingAccountConfirmsLink", func(t *testing.T) { existingAccountConfirms(t, a) })
}

func newPersonGetsDeskDossiers(t *testing.T, a *app.App) {
	motcua := newClient(t, a.URL()).login("motcua", demo.Password)
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	var p procedureDetail
	motcua.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", procID), "", nil, &p)
	var desk intakeAnswer
	if st := motcua.postJSON("/api/v1/officer/intake", intakeBody(p, procID, "direct", "008199000222", false), &desk); st != 201 {
		t.Fatalf("intake: %d", st)
	}
	b := newNationalBrowser(t, a.URL())
	page, at, st := b.signIn(ngocTechID)
	if st != 200 || !strings.HasPrefix(at, "/ho-so") || !strings.Contains(page, desk.Code) {
		t.Fatalf("after the national sign-in: %d at %s, the desk dossier %s not shown", st, at, desk.Code)
	}
	var owner, techID string
	if err := a.Store.DB().QueryRow(`SELECT a.username, a.national_tech_id FROM dossiers d JOIN accounts a ON a.id = d.owner_id
		WHERE d.code = $1`, desk.Code).Scan(&owner, &techID); err != nil {
		t.Fatal(err)
	}
	if techID != ngocTechID || !strings.HasPrefix(owner, "qg.") {
		t.Fatalf("the desk dossier belongs to %q (%q)", owner, techID)
	}
}

func existingAccountConfirms(t *testing.T, a *app.App) {
	if _, err := a.Store.DB().Exec(`UPDATE accounts SET id_number = '001099000001' WHERE username = 'congdan'`); err != nil {
		t.Fatal(err)
	}
	b := newNationalBrowser(t, a.URL())
	page, at, st := b.signIn(anTechID)
	if st != 200 || !strings.Contains(page, "national-link") || strings.Contains(page, "congdan") {
		t.Fatalf("the confirmation: %d at %s (the username must be masked)\n%s", st, at, page)
	}
	csrf := csrfField.FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("no csrf_token on the confirmation page")
	}
	resp, err := b.http.PostForm(a.URL()+"/dang-nhap/quoc-gia/lien-ket", url.Values{"csrf_token": {csrf[1]},
		"choice": {"link"}, "next": {"/ho-so"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var linked string
	if err := a.Store.DB().Get(&linked, `SELECT COALESCE(national_tech_id, '') FROM accounts WHERE username = 'congdan'`); err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 200 || linked != anTechID {
		t.Fatalf("link: %d, congdan linked to %q", resp.StatusCode, linked)
	}
	var me struct {
		Account struct {
			Username string `json:"username"`
		} `json:"account"`
	}
	if st := (client{t: t, base: a.URL(), http: b.http}).do(http.MethodGet, "/api/v1/me", "", nil, &me); st != 200 || me.Account.Username != "congdan" {
		t.Fatalf("signed in as %q (%d)", me.Account.Username, st)
	}
	again := newNationalBrowser(t, a.URL())
	if _, at, st := again.signIn(anTechID); st != 200 || !strings.HasPrefix(at, "/ho-so") {
		t.Fatalf("the next national sign-in: %d at %s", st, at)
	}
}
