package config

import (
	"net/url"
	"strings"
	"time"
)

// National configures the connection to the national public-service portal (Cổng Dịch
// vụ công quốc gia): its adapter (intake pushed and pulled, status and progress sent
// back through the outbox, the catalogue), the signed links it downloads files from, and
// the national sign-in (OpenID Connect). docs/national-portal.md says what a province
// sets and what it must confirm in the official specification.
type National struct {
	// Enabled connects dvc to the portal at BaseURL: every dossier's status and progress
	// are queued for it, the sender and (Pull.Enabled) the puller run in the worker, and
	// the push endpoint POST /lien-thong/quoc-gia/ho-so answers.
	Enabled bool `mapstructure:"enabled"`
	// DevStandIn (dev and test only; dvc dev turns it on) starts the development stand-ins
	// of the portal and of its OpenID provider on free loopback ports and connects to
	// them, when BaseURL and OIDC.Issuer are empty.
	DevStandIn bool `mapstructure:"dev_standin"`
	// BaseURL is the portal adapter's base (adapter_url); the paths are appended to it.
	BaseURL         string `mapstructure:"base_url"`
	AuthPath        string `mapstructure:"auth_path"`
	IntegrationPath string `mapstructure:"integration_path"`
	SharePath       string `mapstructure:"share_path"`
	// Username and Password sign in to the adapter.
	Username string `mapstructure:"username"`
	Password string `mapstructure:"password"`
	// UnitCode is madonvi, the province's unit code (e.g. 000.00.00.H03).
	UnitCode string `mapstructure:"unit_code"`
	// RouteCode is sent as the dstcode header (an LGSP/NGSP route), when set.
	RouteCode string `mapstructure:"route_code"`
	// Timeout bounds one call to the portal.
	Timeout time.Duration  `mapstructure:"timeout"`
	Pull    NationalPull   `mapstructure:"pull"`
	Push    NationalPush   `mapstructure:"push"`
	Sender  NationalSender `mapstructure:"sender"`
	// FilesBaseURL is dvc's address as the portal reaches it, for the signed links to
	// submitted files and results (DuongDanTaiTepTin); empty means http.public_url.
	FilesBaseURL string `mapstructure:"files_base_url"`
	// FilesKey (≥ 32 characters, secret) signs those links; FilesTTL is how long a link
	// stays valid after its message is queued.
	FilesKey string        `mapstructure:"files_key"`
	FilesTTL time.Duration `mapstructure:"files_ttl"`
	OIDC     NationalOIDC  `mapstructure:"oidc"`
}

// NationalPull configures the pull shape (LayDanhSachHoSo → detail → daNhan).
type NationalPull struct {
	Enabled bool          `mapstructure:"enabled"`
	Every   time.Duration `mapstructure:"every"`
	// The paths (relative to base_url unless absolute); empty takes the adapter's defaults.
	TokenPath  string `mapstructure:"token_path"`
	ListPath   string `mapstructure:"list_path"`
	DetailPath string `mapstructure:"detail_path"`
	AckPath    string `mapstructure:"ack_path"`
	// Username and Password of the pull service; empty takes national.username/password.
	Username string `mapstructure:"username"`
	Password string `mapstructure:"password"`
}

// NationalPush configures how the push endpoint authenticates the portal: an HMAC
// signature with Secret, or a bearer Token (for a gateway that can only add a header).
type NationalPush struct {
	Secret  string        `mapstructure:"secret"`
	Token   string        `mapstructure:"token"`
	MaxSkew time.Duration `mapstructure:"max_skew"`
}

// NationalSender configures the outbox's sender: a pass every Every, the first retry
// after BaseDelay, doubling up to MaxDelay, Batch dossiers a pass.
type NationalSender struct {
	Every     time.Duration `mapstructure:"every"`
	BaseDelay time.Duration `mapstructure:"base_delay"`
	MaxDelay  time.Duration `mapstructure:"max_delay"`
	Batch     int           `mapstructure:"batch"`
}

// NationalOIDC configures the national sign-in ("Đăng nhập bằng tài khoản Cổng DVC quốc
// gia / VNeID"): OpenID Connect authorization code with PKCE.
type NationalOIDC struct {
	Enabled      bool   `mapstructure:"enabled"`
	Issuer       string `mapstructure:"issuer"`
	ClientID     string `mapstructure:"client_id"`
	ClientSecret string `mapstructure:"client_secret"`
	// RedirectURL is the callback registered with the provider; empty means
	// http.public_url + /dang-nhap/quoc-gia/callback.
	RedirectURL string `mapstructure:"redirect_url"`
	// Scopes, space-separated ("openid" when empty).
	Scopes    string `mapstructure:"scopes"`
	ACRValues string `mapstructure:"acr_values"`
	// CookieKey (≥ 32 characters, secret) encrypts the short-lived sign-in cookies.
	CookieKey string `mapstructure:"cookie_key"`
}

// nationalDefaults are the national.* defaults.
func nationalDefaults() National {
	return National{
		AuthPath: "/auth", IntegrationPath: "/integration", SharePath: "/share",
		Timeout:  6 * time.Second,
		Pull:     NationalPull{Every: 30 * time.Second},
		Push:     NationalPush{MaxSkew: 5 * time.Minute},
		Sender:   NationalSender{Every: 5 * time.Second, BaseDelay: 5 * time.Second, MaxDelay: 10 * time.Minute, Batch: 100},
		FilesTTL: 30 * 24 * time.Hour,
		OIDC:     NationalOIDC{Scopes: "openid"},
	}
}

// StandIns reports whether this process starts the development stand-ins of the portal
// and its OpenID provider.
func (c Config) StandIns() bool {
	return c.National.DevStandIn && c.Embedded() && c.National.BaseURL == "" && c.National.OIDC.Issuer == ""
}

// validateNational adds the national.* problems through bad.
func (c Config) validateNational(bad func(key, format string, args ...any)) {
	n := c.National
	if n.DevStandIn && !c.Embedded() {
		bad("national.dev_standin", "is a development setting and is refused in production mode")
	}
	absolute := func(key, v string) {
		if u, err := url.Parse(v); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad(key, "must be an absolute http(s) URL, got %q", v)
		}
	}
	if n.Enabled {
		absolute("national.base_url", n.BaseURL)
		for key, v := range map[string]string{"national.username": n.Username, "national.password": n.Password,
			"national.unit_code": n.UnitCode} {
			if strings.TrimSpace(v) == "" {
				bad(key, "is required when national.enabled is set")
			}
		}
		if n.Push.Secret == "" && n.Push.Token == "" {
			bad("national.push.secret", "national.push.secret or national.push.token is required when national.enabled is set")
		}
		if len(n.FilesKey) < 32 {
			bad("national.files_key", "must be at least 32 characters when national.enabled is set")
		}
	}
	if n.FilesBaseURL != "" {
		absolute("national.files_base_url", n.FilesBaseURL)
	}
	if n.Timeout <= 0 || n.Pull.Every < time.Second || n.Sender.Every < 100*time.Millisecond || n.FilesTTL < time.Hour {
		bad("national.timeout", "timeout must be positive, pull.every at least 1s, sender.every at least 100ms and files_ttl at least 1h")
	}
	if n.Sender.BaseDelay <= 0 || n.Sender.MaxDelay < n.Sender.BaseDelay || n.Sender.Batch < 1 {
		bad("national.sender", "base_delay must be positive, max_delay at least base_delay and batch at least 1")
	}
	if o := n.OIDC; o.Enabled {
		absolute("national.oidc.issuer", o.Issuer)
		if o.ClientID == "" {
			bad("national.oidc.client_id", "is required when national.oidc.enabled is set")
		}
		if len(o.CookieKey) < 32 {
			bad("national.oidc.cookie_key", "must be at least 32 characters when national.oidc.enabled is set")
		}
		if o.RedirectURL != "" {
			absolute("national.oidc.redirect_url", o.RedirectURL)
		}
	}
}
