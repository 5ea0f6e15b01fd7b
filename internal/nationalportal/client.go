package nationalportal

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Config is the adapter's configuration (keys national.*, see the report to the lead).
type Config struct {
	// BaseURL is the adapter's base (adapter_url), e.g. https://…/ngsp; required.
	BaseURL string
	// AuthPath, IntegrationPath and SharePath are appended to BaseURL (auth_endpoint,
	// integration_endpoint, share_endpoint). Defaults: /auth, /integration, /share.
	AuthPath, IntegrationPath, SharePath string
	// Username and Password sign in to the adapter; required.
	Username, Password string
	// UnitCode is madonvi, the province's unit code, e.g. 000.00.00.H99; required.
	UnitCode string
	// RouteCode is sent as the dstcode header when set (an LGSP/NGSP route id).
	RouteCode string
	// Timeout bounds one HTTP call (default 6 s, as OC's TIMEOUT_DVCQG).
	Timeout time.Duration
	// SessionTTL is how long a session is reused (default 10 minutes, §1.1).
	SessionTTL time.Duration
	// Pull configures the pull/acknowledge shape (§1.2); zero when the portal pushes.
	Pull PullConfig
}

// PullConfig configures the pull shape: a token endpoint and three resources, all
// relative to Config.BaseURL unless absolute.
type PullConfig struct {
	TokenPath  string // POST {userName,password} → {token}; default /api/lienthongdvclt/token
	ListPath   string // GET → {data:[…]}; default /api/lienthongdvclt/LayDanhSachHoSo
	DetailPath string // GET {DetailPath}/{id}; default /api/lienthongdvclt/hosolienthong
	AckPath    string // PUT {maHoSo,daNhan}; default /api/lienthongdvclt/CapNhatDaNhanHoSo
	Username   string // defaults to Config.Username
	Password   string // defaults to Config.Password
}

// Client calls the national portal. It is safe for concurrent use.
type Client struct {
	cfg  Config
	http *http.Client

	mu         sync.Mutex
	session    string
	sessionExp time.Time
	token      string
	tokenExp   time.Time
	now        func() time.Time
}

// NewClient returns a client for cfg over hc (nil: a client with no overall timeout;
// Config.Timeout bounds each call). A missing required key is a domain.Error of kind
// Invalid, code "national_config_invalid".
func NewClient(cfg Config, hc *http.Client) (*Client, error) {
	missing := []string{}
	for key, v := range map[string]string{"national.base_url": cfg.BaseURL, "national.username": cfg.Username,
		"national.password": cfg.Password, "national.unit_code": cfg.UnitCode} {
		if strings.TrimSpace(v) == "" {
			missing = append(missing, key)
		}
	}
	if _, err := url.Parse(cfg.BaseURL); err != nil || len(missing) > 0 {
		e := domain.NewError(domain.Invalid, CodeConfigInvalid, "Cấu hình kết nối Cổng DVC quốc gia chưa đủ.")
		e.Fields = map[string]string{}
		for _, k := range missing {
			e.Fields[k] = "Bắt buộc."
		}
		return nil, e
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&cfg.AuthPath, "/auth")
	def(&cfg.IntegrationPath, "/integration")
	def(&cfg.SharePath, "/share")
	def(&cfg.Pull.TokenPath, "/api/lienthongdvclt/token")
	def(&cfg.Pull.ListPath, "/api/lienthongdvclt/LayDanhSachHoSo")
	def(&cfg.Pull.DetailPath, "/api/lienthongdvclt/hosolienthong")
	def(&cfg.Pull.AckPath, "/api/lienthongdvclt/CapNhatDaNhanHoSo")
	def(&cfg.Pull.Username, cfg.Username)
	def(&cfg.Pull.Password, cfg.Password)
	if cfg.Timeout <= 0 {
		cfg.Timeout = 6 * time.Second
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = 10 * time.Minute
	}
	if hc == nil {
		hc = &http.Client{}
	}
	return &Client{cfg: cfg, http: hc, now: time.Now}, nil
}

// answer is the portal's response envelope: error_code may be a number or a string.
type answer struct {
	ErrorCode json.RawMessage `json:"error_code"`
	Message   string          `json:"message"`
	Session   string          `json:"session"`
	Result    json.RawMessage `json:"result"`
}

// code returns error_code as text ("0" for success) and whether it was present.
func (a answer) code() (string, bool) {
	raw := strings.TrimSpace(string(a.ErrorCode))
	if raw == "" || raw == "null" {
		return "", false
	}
	var s string
	if json.Unmarshal(a.ErrorCode, &s) == nil {
		return strings.TrimSpace(s), true
	}
	return raw, true
}

// post sends body to path and decodes the envelope, classifying failures.
func (c *Client) post(ctx context.Context, path string, body any) (answer, error) {
	var a answer
	raw, err := c.do(ctx, http.MethodPost, c.url(path), "", body)
	if err != nil {
		return a, err
	}
	if err := json.Unmarshal(raw, &a); err != nil {
		return a, unavailable("unreadable answer", err)
	}
	if _, ok := a.code(); !ok {
		return a, unavailable("answer without error_code", errors.New(excerpt(raw)))
	}
	return a, nil
}

func (c *Client) url(path string) string {
	if strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") {
		return path
	}
	return c.cfg.BaseURL + path
}

// do makes one HTTP call bounded by Config.Timeout and returns the body of a 2xx answer.
func (c *Client) do(ctx context.Context, method, target, bearer string, body any) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("nationalportal: encode: %w", err)
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return nil, unavailable("request", err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	if c.cfg.RouteCode != "" {
		req.Header.Set("dstcode", c.cfg.RouteCode)
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, unavailable(method+" "+target, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	if err != nil {
		return nil, unavailable("read answer", err)
	}
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return raw, nil
	case resp.StatusCode == http.StatusBadRequest || resp.StatusCode == http.StatusRequestEntityTooLarge ||
		resp.StatusCode == http.StatusUnprocessableEntity:
		return nil, refused(fmt.Sprintf("http_%d", resp.StatusCode), excerpt(raw))
	default:
		return nil, unavailable(method+" "+target, &statusError{status: resp.StatusCode, body: excerpt(raw)})
	}
}

// statusError is an unexpected HTTP status, kept as the cause of CodeUnavailable.
type statusError struct {
	status int
	body   string
}

func (e *statusError) Error() string { return fmt.Sprintf("HTTP %d: %s", e.status, e.body) }

// excerpt is the start of a body, for reasons and logs.
func excerpt(raw []byte) string {
	s := strings.TrimSpace(string(raw))
	if len(s) > 300 {
		s = truncate(s, 300) + "…"
	}
	return s
}

// sessionFor returns a cached session, or signs in; fresh tells which.
func (c *Client) sessionFor(ctx context.Context) (session string, fresh bool, err error) {
	c.mu.Lock()
	if c.session != "" && c.now().Before(c.sessionExp) {
		s := c.session
		c.mu.Unlock()
		return s, false, nil
	}
	c.mu.Unlock()
	a, err := c.post(ctx, c.cfg.AuthPath, map[string]string{"username": c.cfg.Username, "password": c.cfg.Password})
	if err != nil {
		return "", false, unavailable("sign in", err)
	}
	if code, _ := a.code(); code != "0" || a.Session == "" {
		return "", false, unavailable("sign in", fmt.Errorf("error_code %s: %s", code, a.Message))
	}
	c.mu.Lock()
	c.session, c.sessionExp = a.Session, c.now().Add(c.cfg.SessionTTL)
	c.mu.Unlock()
	return a.Session, true, nil
}

func (c *Client) forgetSession(s string) {
	c.mu.Lock()
	if c.session == s {
		c.session = ""
	}
	c.mu.Unlock()
}

// call sends one service request in the session envelope (§1.1) to path and returns the
// answer of a success (error_code 0). A refusal with a cached session is tried once more
// with a new session, since an expired session is refused the same way.
func (c *Client) call(ctx context.Context, path, service string, params map[string]any) (answer, error) {
	for attempt := 0; ; attempt++ {
		session, fresh, err := c.sessionFor(ctx)
		if err != nil {
			return answer{}, err
		}
		body := map[string]any{"session": session, "madonvi": c.cfg.UnitCode, "service": service}
		for k, v := range params {
			body[k] = v
		}
		a, err := c.post(ctx, path, body)
		if err != nil {
			return a, err
		}
		code, _ := a.code()
		if code == "0" {
			return a, nil
		}
		if fresh || attempt > 0 {
			return a, refused(code, a.Message)
		}
		c.forgetSession(session)
	}
}
