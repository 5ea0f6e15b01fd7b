package nationalsignin_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/oidcprovider"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalsignin"
)

// site is a relying party as dvc will mount the client: the sign-in route and the
// callback, which answers the claims (or the error code) as JSON for the test to read.
type site struct {
	srv      *httptest.Server
	provider *oidcprovider.Server
	client   *nationalsignin.Client
}

func newSite(t *testing.T) *site {
	t.Helper()
	s := &site{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dang-nhap/quoc-gia", func(w http.ResponseWriter, r *http.Request) {
		target, err := s.client.Begin(w, r, r.URL.Query().Get("next"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusServiceUnavailable)
			return
		}
		http.Redirect(w, r, target, http.StatusFound)
	})
	mux.HandleFunc("GET /dang-nhap/quoc-gia/callback", func(w http.ResponseWriter, r *http.Request) {
		res, err := s.client.Finish(w, r)
		w.Header().Set("Content-Type", "application/json")
		if err != nil {
			e, _ := domain.AsError(err)
			w.WriteHeader(http.StatusUnauthorized)
			_ = json.NewEncoder(w).Encode(map[string]string{"code": e.Code})
			return
		}
		_ = json.NewEncoder(w).Encode(res)
	})
	s.srv = httptest.NewServer(mux)
	t.Cleanup(s.srv.Close)
	redirect := s.srv.URL + "/dang-nhap/quoc-gia/callback"
	p, err := oidcprovider.Start("127.0.0.1:0", oidcprovider.Options{RedirectURIs: []string{redirect}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	s.provider = p
	s.client, err = nationalsignin.New(nationalsignin.Config{Issuer: p.Issuer(), ClientID: "dvc", ClientSecret: "dvc-dev-secret",
		RedirectURL: redirect, ACRValues: "LoA1", CookieKey: []byte("khoá-thử-nghiệm-đủ-dài-ba-mươi-hai-byte")})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// browser is a cookie-keeping client that stops at every redirect, as the test walks
// through them one by one.
func browser(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func visit(t *testing.T, b *http.Client, method, target string, form url.Values) (*http.Response, string) {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, _ := http.NewRequest(method, target, body)
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	resp, err := b.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp, string(raw)
}

// follow resolves a redirect's Location against the request URL.
func follow(t *testing.T, resp *http.Response) string {
	t.Helper()
	if resp.StatusCode != http.StatusFound && resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s: status %d, want a redirect", resp.Request.URL, resp.StatusCode)
	}
	loc, err := resp.Request.URL.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.String()
}

var techIDField = regexp.MustCompile(`name="tech_id" value="([^"]+)"`)

// signInUntilCallback walks the flow up to the callback URL (not visited), choosing the
// identity at index pick on the provider's login page.
func (s *site) signInUntilCallback(t *testing.T, b *http.Client, pick int) string {
	t.Helper()
	resp, _ := visit(t, b, http.MethodGet, s.srv.URL+"/dang-nhap/quoc-gia?next=/ho-so-cua-toi", nil)
	authorize := follow(t, resp)
	u, _ := url.Parse(authorize)
	q := u.Query()
	if !strings.HasPrefix(authorize, s.provider.Issuer()+"/authorize?") || q.Get("client_id") != "dvc" || q.Get("state") == "" ||
		q.Get("code_challenge") == "" || q.Get("code_challenge_method") != "S256" || q.Get("nonce") == "" || q.Get("acr_values") != "LoA1" {
		t.Fatalf("authorize URL %s", authorize)
	}
	resp, _ = visit(t, b, http.MethodGet, authorize, nil)
	login := follow(t, resp)
	resp, page := visit(t, b, http.MethodGet, login, nil)
	ids := techIDField.FindAllStringSubmatch(page, -1)
	if resp.StatusCode != http.StatusOK || len(ids) <= pick || !strings.Contains(page, "giả lập") {
		t.Fatalf("login page %d:\n%.400s", resp.StatusCode, page)
	}
	lu, _ := url.Parse(login)
	resp, _ = visit(t, b, http.MethodPost, s.provider.Issuer()+"/login",
		url.Values{"authRequestID": {lu.Query().Get("authRequestID")}, "tech_id": {ids[pick][1]}})
	resp, _ = visit(t, b, http.MethodGet, follow(t, resp), nil)
	callback := follow(t, resp)
	if !strings.HasPrefix(callback, s.srv.URL+"/dang-nhap/quoc-gia/callback?") {
		t.Fatalf("callback %s", callback)
	}
	return callback
}

func finish(t *testing.T, b *http.Client, callback string) (int, map[string]any) {
	t.Helper()
	resp, body := visit(t, b, http.MethodGet, callback, nil)
	var out map[string]any
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("callback answer %q", body)
	}
	return resp.StatusCode, out
}

func TestCodeFlow(t *testing.T) {
	s := newSite(t)
	b := browser(t)
	callback := s.signInUntilCallback(t, b, 0)
	status, out := finish(t, b, callback)
	if status != http.StatusOK {
		t.Fatalf("finish: %d %v", status, out)
	}
	claims := out["Claims"].(map[string]any)
	want := oidcprovider.DemoIdentities()[0]
	if claims["tech_id"] != want.TechID || claims["id_number"] != want.IDNumber || claims["full_name"] != want.FullName ||
		claims["email"] != want.Email || claims["phone"] != want.Phone || out["ReturnTo"] != "/ho-so-cua-toi" {
		t.Errorf("result %v", out)
	}
	// The flow cookie is gone: the same callback again is refused.
	if status, out := finish(t, b, callback); status != http.StatusUnauthorized || out["code"] != nationalsignin.CodeStateInvalid {
		t.Errorf("second use: %d %v", status, out)
	}
}

func TestCodeFlowRefusals(t *testing.T) {
	s := newSite(t)

	t.Run("wrong state", func(t *testing.T) {
		b := browser(t)
		callback := s.signInUntilCallback(t, b, 1)
		u, _ := url.Parse(callback)
		q := u.Query()
		q.Set("state", q.Get("state")+"x")
		u.RawQuery = q.Encode()
		if status, out := finish(t, b, u.String()); status != http.StatusUnauthorized || out["code"] != nationalsignin.CodeStateInvalid {
			t.Errorf("%d %v", status, out)
		}
	})

	t.Run("another browser", func(t *testing.T) {
		callback := s.signInUntilCallback(t, browser(t), 1)
		if status, out := finish(t, browser(t), callback); out["code"] != nationalsignin.CodeStateInvalid {
			t.Errorf("%d %v", status, out)
		}
	})

	t.Run("replayed code", func(t *testing.T) {
		b := browser(t)
		callback := s.signInUntilCallback(t, b, 2)
		siteURL, _ := url.Parse(s.srv.URL + "/dang-nhap/quoc-gia/callback")
		flowCookies := b.Jar.Cookies(siteURL)
		if status, out := finish(t, b, callback); status != http.StatusOK {
			t.Fatalf("first use: %d %v", status, out)
		}
		b.Jar.SetCookies(siteURL, flowCookies) // an attacker replays cookie and code
		if status, out := finish(t, b, callback); status != http.StatusUnauthorized || out["code"] != nationalsignin.CodeCodeInvalid {
			t.Errorf("replay: %d %v", status, out)
		}
	})

	t.Run("denied", func(t *testing.T) {
		b := browser(t)
		resp, _ := visit(t, b, http.MethodGet, s.srv.URL+"/dang-nhap/quoc-gia", nil)
		u, _ := url.Parse(follow(t, resp))
		cb := s.srv.URL + "/dang-nhap/quoc-gia/callback?error=access_denied&state=" + url.QueryEscape(u.Query().Get("state"))
		if _, out := finish(t, b, cb); out["code"] != nationalsignin.CodeDenied {
			t.Errorf("%v", out)
		}
	})
}

func TestNoTokenReachesTheBrowser(t *testing.T) {
	s := newSite(t)
	b := browser(t)
	callback := s.signInUntilCallback(t, b, 0)
	resp, body := visit(t, b, http.MethodGet, callback, nil)
	for _, c := range resp.Cookies() {
		if c.Value != "" {
			t.Errorf("callback set cookie %s", c.Name)
		}
	}
	for _, leak := range []string{"access_token", "id_token", "eyJ"} { // eyJ: the start of any JWT
		if strings.Contains(body, leak) || strings.Contains(resp.Header.Get("Location"), leak) {
			t.Errorf("answer carries %q: %s", leak, body)
		}
	}
}

func TestUnavailableProvider(t *testing.T) {
	c, err := nationalsignin.New(nationalsignin.Config{Issuer: "http://127.0.0.1:1", ClientID: "dvc",
		RedirectURL: "http://127.0.0.1:2/cb", CookieKey: make([]byte, 32)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Begin(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/dang-nhap/quoc-gia", nil), "/")
	if !domain.IsKind(err, domain.Unavailable) {
		t.Errorf("error %v", err)
	}
	_, err = nationalsignin.New(nationalsignin.Config{Issuer: "không phải url", CookieKey: []byte("ngắn")})
	e, ok := domain.AsError(err)
	if !ok || e.Code != nationalsignin.CodeConfigInvalid || len(e.Fields) != 4 {
		t.Errorf("config error %v", err)
	}
}
