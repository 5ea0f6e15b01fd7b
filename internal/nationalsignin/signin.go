// Package nationalsignin signs citizens in with their national account (Cổng DVC quốc
// gia / VNeID): OpenID Connect authorization code flow with PKCE (golang.org/x/oauth2,
// github.com/coreos/go-oidc/v3), following §3 of /shared/NATIONAL_PORTAL.md.
//
// Begin starts the flow and Finish completes it on the callback; between the two, the
// state, nonce and PKCE verifier live in a short-lived cookie, encrypted and
// authenticated (AES-GCM), scoped to the callback path, read once. The code is exchanged
// server-side; the ID token is verified (signature, issuer, audience, expiry, nonce) and
// the national claims are read from the userinfo endpoint. No token reaches the browser:
// Finish returns Claims only. Resolve then tells the caller which local account the
// person is (found by TechID, to link by ID number after the person confirms, or new).
package nationalsignin

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/dvc-project/dvc/internal/domain"
)

// Config is the national sign-in configuration (keys national.oidc.*).
type Config struct {
	Issuer       string // national.oidc.issuer: the provider's issuer URL; required
	ClientID     string // national.oidc.client_id; required
	ClientSecret string // national.oidc.client_secret
	// RedirectURL is the callback registered with the provider, e.g.
	// https://dichvucong.tinh.gov.vn/dang-nhap/quoc-gia/callback; required.
	RedirectURL string
	Scopes      []string // default ["openid"]
	ACRValues   string   // acr_values, e.g. "LoA1"; empty: not sent
	// CookieKey (≥ 32 bytes, secret) encrypts the flow cookie; national.oidc.cookie_key.
	CookieKey []byte
	// CookieName is the flow cookie's name (default "dvc_qg_flow").
	CookieName string
	// Secure marks cookies Secure (set it whenever dvc is served over HTTPS).
	Secure bool
	// FlowTTL bounds the time between Begin and Finish (default 10 minutes).
	FlowTTL time.Duration
	// HTTPClient calls the provider (default: a client with a 10 s timeout).
	HTTPClient *http.Client
}

// Error codes of the package (all *domain.Error).
const (
	CodeConfigInvalid = "national_signin_config_invalid" // Invalid
	CodeUnavailable   = "national_signin_unavailable"    // Unavailable: the provider cannot be reached
	CodeStateInvalid  = "national_signin_state_invalid"  // Unauthorized: no, expired or mismatched flow
	CodeDenied        = "national_signin_denied"         // Unauthorized: the person or provider declined
	CodeCodeInvalid   = "national_signin_code_invalid"   // Unauthorized: the code was refused (replayed, expired)
	CodeTokenInvalid  = "national_signin_token_invalid"  // Unauthorized: the ID token or userinfo did not verify
	CodeClaimsMissing = "national_signin_claims_missing" // Unprocessable: no TechID
)

// Client runs the flow. It is safe for concurrent use.
type Client struct {
	cfg    Config
	seal   *sealer
	cbPath string

	mu       sync.Mutex
	provider *oidc.Provider
	now      func() time.Time
}

// New validates cfg. It does not contact the provider: discovery happens on first use
// and is retried until it succeeds, so that dvc starts while the provider is down.
// Errors: kind Invalid, code "national_signin_config_invalid", with Fields per key.
func New(cfg Config) (*Client, error) {
	problems := map[string]string{}
	if _, err := url.ParseRequestURI(cfg.Issuer); err != nil {
		problems["national.oidc.issuer"] = "Phải là một địa chỉ URL."
	}
	if cfg.ClientID == "" {
		problems["national.oidc.client_id"] = "Bắt buộc."
	}
	redirect, err := url.ParseRequestURI(cfg.RedirectURL)
	if err != nil || redirect.Host == "" {
		problems["national.oidc.redirect_url"] = "Phải là một địa chỉ URL tuyệt đối."
	}
	s, err := newSealer(cfg.CookieKey)
	if err != nil {
		problems["national.oidc.cookie_key"] = "Cần ít nhất 32 byte ngẫu nhiên."
	}
	if len(problems) > 0 {
		e := domain.NewError(domain.Invalid, CodeConfigInvalid, "Cấu hình đăng nhập bằng tài khoản Cổng DVC quốc gia chưa đúng.")
		e.Fields = problems
		return nil, e
	}
	if len(cfg.Scopes) == 0 {
		cfg.Scopes = []string{oidc.ScopeOpenID}
	}
	if cfg.CookieName == "" {
		cfg.CookieName = "dvc_qg_flow"
	}
	if cfg.FlowTTL <= 0 {
		cfg.FlowTTL = 10 * time.Minute
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{cfg: cfg, seal: s, cbPath: redirect.Path, now: time.Now}, nil
}

// ctx carries the configured HTTP client to oauth2 and go-oidc.
func (c *Client) ctx(ctx context.Context) context.Context {
	return oidc.ClientContext(ctx, c.cfg.HTTPClient)
}

// discover returns the provider, discovering it on first use.
func (c *Client) discover(ctx context.Context) (*oidc.Provider, oauth2.Config, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.provider == nil {
		// The key set keeps this context's HTTP client for later fetches, not its deadline.
		p, err := oidc.NewProvider(c.ctx(context.WithoutCancel(ctx)), c.cfg.Issuer)
		if err != nil {
			return nil, oauth2.Config{}, domain.WrapError(domain.Unavailable, CodeUnavailable,
				"Không kết nối được hệ thống đăng nhập của Cổng DVC quốc gia, vui lòng thử lại sau.", err)
		}
		c.provider = p
	}
	return c.provider, oauth2.Config{ClientID: c.cfg.ClientID, ClientSecret: c.cfg.ClientSecret,
		Endpoint: c.provider.Endpoint(), RedirectURL: c.cfg.RedirectURL, Scopes: c.cfg.Scopes}, nil
}

// flow is what the cookie holds between Begin and Finish.
type flow struct {
	State    string `json:"s"`
	Nonce    string `json:"n"`
	Verifier string `json:"v"`
	ReturnTo string `json:"r"`
}

func random() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// SafeReturn keeps returnTo only when it is a path on this site ("/…", not "//…" nor
// "/\…"); anything else becomes "/".
func SafeReturn(returnTo string) string {
	if !strings.HasPrefix(returnTo, "/") || strings.HasPrefix(returnTo, "//") || strings.HasPrefix(returnTo, "/\\") {
		return "/"
	}
	if u, err := url.Parse(returnTo); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return returnTo
}

// Begin starts a sign-in: it sets the flow cookie on w and returns the provider's
// authorize URL (with client_id, state, nonce, code_challenge S256) for the caller to
// redirect to with 302. returnTo is where Finish sends the person afterwards (a local
// path, see SafeReturn). Errors: CodeUnavailable when the provider cannot be discovered.
func (c *Client) Begin(w http.ResponseWriter, r *http.Request, returnTo string) (string, error) {
	_, conf, err := c.discover(r.Context())
	if err != nil {
		return "", err
	}
	f := flow{State: random(), Nonce: random(), Verifier: oauth2.GenerateVerifier(), ReturnTo: SafeReturn(returnTo)}
	sealed, err := c.seal.seal("flow", f, c.now().Add(c.cfg.FlowTTL))
	if err != nil {
		return "", err
	}
	http.SetCookie(w, c.cookie(c.cfg.CookieName, c.cbPath, sealed, int(c.cfg.FlowTTL.Seconds())))
	opts := []oauth2.AuthCodeOption{oauth2.S256ChallengeOption(f.Verifier), oidc.Nonce(f.Nonce)}
	if c.cfg.ACRValues != "" {
		opts = append(opts, oauth2.SetAuthURLParam("acr_values", c.cfg.ACRValues))
	}
	return conf.AuthCodeURL(f.State, opts...), nil
}

// Result is a completed sign-in.
type Result struct {
	Claims   Claims
	ReturnTo string // a local path
}

func stateError() error {
	return domain.NewError(domain.Unauthorized, CodeStateInvalid,
		"Phiên đăng nhập đã hết hạn hoặc không hợp lệ, vui lòng đăng nhập lại.")
}

// Finish completes the sign-in on the callback request r: it reads and clears the flow
// cookie, checks state, exchanges the code with the PKCE verifier, verifies the ID token
// and its nonce, and reads the national claims from userinfo. Errors (*domain.Error):
// CodeStateInvalid, CodeDenied, CodeCodeInvalid, CodeTokenInvalid, CodeClaimsMissing,
// CodeUnavailable.
func (c *Client) Finish(w http.ResponseWriter, r *http.Request) (Result, error) {
	var f flow
	cookie, err := r.Cookie(c.cfg.CookieName)
	if err == nil {
		http.SetCookie(w, c.cookie(c.cfg.CookieName, c.cbPath, "", -1)) // one use only
		err = c.seal.open("flow", cookie.Value, c.now(), &f)
	}
	q := r.URL.Query()
	if q.Get("error") != "" {
		return Result{}, domain.NewError(domain.Unauthorized, CodeDenied,
			"Đăng nhập bằng tài khoản Cổng DVC quốc gia đã bị huỷ hoặc bị từ chối.")
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.State)) != 1 || q.Get("code") == "" {
		return Result{}, stateError()
	}
	provider, conf, err := c.discover(r.Context())
	if err != nil {
		return Result{}, err
	}
	ctx := c.ctx(r.Context())
	tok, err := conf.Exchange(ctx, q.Get("code"), oauth2.VerifierOption(f.Verifier))
	if err != nil {
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			return Result{}, domain.WrapError(domain.Unauthorized, CodeCodeInvalid,
				"Mã đăng nhập không hợp lệ hoặc đã được dùng, vui lòng đăng nhập lại.", err)
		}
		return Result{}, domain.WrapError(domain.Unavailable, CodeUnavailable,
			"Không kết nối được hệ thống đăng nhập của Cổng DVC quốc gia, vui lòng thử lại sau.", err)
	}
	claims, err := c.verify(ctx, provider, tok, f.Nonce)
	if err != nil {
		return Result{}, err
	}
	return Result{Claims: claims, ReturnTo: f.ReturnTo}, nil
}

func tokenError(cause error) error {
	return domain.WrapError(domain.Unauthorized, CodeTokenInvalid,
		"Không xác thực được thông tin đăng nhập từ Cổng DVC quốc gia.", cause)
}

// verify checks the ID token and reads userinfo.
func (c *Client) verify(ctx context.Context, p *oidc.Provider, tok *oauth2.Token, nonce string) (Claims, error) {
	raw, ok := tok.Extra("id_token").(string)
	if !ok || raw == "" {
		return Claims{}, tokenError(errors.New("no id_token"))
	}
	idt, err := p.Verifier(&oidc.Config{ClientID: c.cfg.ClientID, Now: c.now}).Verify(ctx, raw)
	if err != nil {
		return Claims{}, tokenError(err)
	}
	if subtle.ConstantTimeCompare([]byte(idt.Nonce), []byte(nonce)) != 1 {
		return Claims{}, tokenError(errors.New("nonce mismatch"))
	}
	info, err := p.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		return Claims{}, domain.WrapError(domain.Unavailable, CodeUnavailable,
			"Không đọc được thông tin tài khoản từ Cổng DVC quốc gia, vui lòng thử lại.", err)
	}
	if info.Subject != idt.Subject {
		return Claims{}, tokenError(errors.New("userinfo subject differs from the ID token's"))
	}
	var m map[string]any
	if err := info.Claims(&m); err != nil {
		return Claims{}, tokenError(err)
	}
	claims := claimsFrom(idt.Subject, m)
	if claims.TechID == "" {
		return Claims{}, domain.NewError(domain.Unprocessable, CodeClaimsMissing,
			"Cổng DVC quốc gia không cung cấp mã định danh tài khoản (TechID).")
	}
	return claims, nil
}
