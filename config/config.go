// Package config holds dvc's typed configuration: defaults for every key, loading from a
// YAML file, DVC_* environment variables and command-line flags (through viper), and
// validation with messages an operator can act on.
package config

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
	"time"
	"unicode"
)

// Modes dvc runs in.
const (
	// ModeDev is `dvc dev`: embedded PostgreSQL and Temporal, text logs, demo data.
	ModeDev = "dev"
	// ModeProduction is every other command's default: external services, JSON logs.
	ModeProduction = "production"
	// ModeTest is for automated tests: like dev, and test-only settings are allowed.
	ModeTest = "test"
)

// Config is the whole configuration of a dvc process.
type Config struct {
	// Mode is "dev" or "production".
	Mode string `mapstructure:"mode"`
	// DataDir holds the private PostgreSQL cluster and the Temporal SQLite file in dev.
	DataDir  string   `mapstructure:"data_dir"`
	HTTP     HTTP     `mapstructure:"http"`
	Database Database `mapstructure:"database"`
	Temporal Temporal `mapstructure:"temporal"`
	Worker   Worker   `mapstructure:"worker"`
	SMTP     SMTP     `mapstructure:"smtp"`
	Auth     Auth     `mapstructure:"auth"`
	Log      Log      `mapstructure:"log"`
	Debug    Debug    `mapstructure:"debug"`
	Portal   Portal   `mapstructure:"portal"`
}

// Portal names who the portal serves and who runs it: every page's header and footer,
// the slips and the e-mails show them. Empty in dev and test: the demo's (Bắc Kạn).
type Portal struct {
	// ProvinceName is the province's name without "tỉnh", e.g. "Bắc Kạn".
	ProvinceName string `mapstructure:"province_name"`
	// Operator is the agency that operates the portal, e.g. "Văn phòng UBND tỉnh Bắc Kạn".
	Operator string `mapstructure:"operator"`
	// Hotline is the support telephone number, e.g. "0209 3870 000".
	Hotline string `mapstructure:"hotline"`
}

// Debug configures the profiling endpoint.
type Debug struct {
	// PprofAddr, when set, serves net/http/pprof (/debug/pprof/) on that address; keep it
	// on loopback. Empty: off.
	PprofAddr string `mapstructure:"pprof_addr"`
}

// Auth configures sign-in.
type Auth struct {
	// SessionTTL is how long a session lasts.
	SessionTTL time.Duration `mapstructure:"session_ttl"`
	// CookieSecure marks the session cookie Secure (HTTPS only); set it behind TLS.
	CookieSecure bool `mapstructure:"cookie_secure"`
	// TestCaptcha, when set, is accepted as every captcha's answer. Test-only: refused
	// outside dev and test mode.
	TestCaptcha string `mapstructure:"test_captcha"`
	// LoginAddressLimit is how many failed sign-ins a client address may make in 15
	// minutes before every sign-in from it is refused; the main defence is the limit of 5
	// per name. An office behind one NAT address shares it.
	LoginAddressLimit int `mapstructure:"login_address_limit"`
}

// SMTP configures outgoing e-mail. With no address, notifications stay in the outbox
// (the development mailbox in dev).
type SMTP struct {
	Addr     string `mapstructure:"addr"`
	From     string `mapstructure:"from"`
	Username string `mapstructure:"username"`
	Password string `mapstructure:"password"`
}

// Worker configures the `dvc worker` process.
type Worker struct {
	// MetricsAddr serves /metrics and /healthz of a worker-only process.
	MetricsAddr string `mapstructure:"metrics_addr"`
	// ReconcileGrace is how old a submission without a confirmed workflow must be before
	// the reconciler starts its workflow; ReconcileEvery is the pause between its passes.
	ReconcileGrace time.Duration `mapstructure:"reconcile_grace"`
	ReconcileEvery time.Duration `mapstructure:"reconcile_every"`
}

// HTTP configures the API server.
type HTTP struct {
	// Addr is the listen address, host:port; port 0 picks a free port.
	Addr string `mapstructure:"addr"`
	// PublicURL is the portal's address as citizens see it; empty means http://Addr.
	PublicURL string `mapstructure:"public_url"`
	// MaxBodyBytes caps a JSON request body.
	MaxBodyBytes int64 `mapstructure:"max_body_bytes"`
	// RequestTimeout bounds a request's handling, including waits on Temporal.
	RequestTimeout time.Duration `mapstructure:"request_timeout"`
	// ShutdownTimeout bounds the graceful shutdown.
	ShutdownTimeout time.Duration `mapstructure:"shutdown_timeout"`
	// LookupLimit is how many public lookups a client address may make a minute.
	LookupLimit int `mapstructure:"lookup_limit"`
	// LookupCache is how many answers of the public lookup by code the API keeps in
	// memory, dropped on PostgreSQL's change notifications; 0 turns the cache off.
	LookupCache int `mapstructure:"lookup_cache"`
	// LookupCacheTTL is the longest an answer is kept, whatever the notifications say.
	LookupCacheTTL time.Duration `mapstructure:"lookup_cache_ttl"`
	// RegistrationLimit is how many registrations a client address may make an hour.
	RegistrationLimit int `mapstructure:"registration_limit"`
	// TrustedProxies are the addresses or CIDR ranges of the reverse proxies in front of
	// the API, comma-separated: from them, the client address (which the limits count by)
	// is read from X-Forwarded-For or X-Real-IP. Empty: the peer's address.
	TrustedProxies string `mapstructure:"trusted_proxies"`
}

// Database configures PostgreSQL.
type Database struct {
	// URL of the database; empty in dev means a private cluster under DataDir.
	URL string `mapstructure:"url"`
	// Port of the private dev cluster; 0 picks a free port.
	Port int `mapstructure:"port"`
	// MaxOpenConns caps the connection pool.
	MaxOpenConns int `mapstructure:"max_open_conns"`
	// SharedBuffers is the private dev cluster's shared_buffers (PostgreSQL's own
	// default, 128MB, keeps a million dossiers' indexes out of its cache).
	SharedBuffers string `mapstructure:"shared_buffers"`
}

// Temporal configures the Temporal client, worker and the embedded dev server.
type Temporal struct {
	// Address of the Temporal frontend, host:port; empty in dev means the embedded server.
	Address string `mapstructure:"address"`
	// Namespace the dossier workflows live in.
	Namespace string `mapstructure:"namespace"`
	// TaskQueue the worker polls.
	TaskQueue string `mapstructure:"task_queue"`
	// Port of the embedded server's frontend in dev; 0 picks a free port.
	Port int `mapstructure:"port"`
	// UIPort of the embedded server's Web UI in dev; 0 picks a free port, -1 disables it.
	UIPort int `mapstructure:"ui_port"`
}

// Log configures structured logging.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `mapstructure:"level"`
	// Format is text or json; empty means text in dev and json otherwise.
	Format string `mapstructure:"format"`
}

// memorySize is a PostgreSQL memory setting with its unit.
var memorySize = regexp.MustCompile(`^[1-9][0-9]*(kB|MB|GB)$`)

// hotline is a telephone number as people write it.
var hotline = regexp.MustCompile(`^\+?[0-9][0-9 .()-]{2,30}$`)

// Defaults returns the configuration used for every key nobody set.
func Defaults() Config {
	return Config{
		Mode:    ModeProduction,
		DataDir: "./data",
		HTTP: HTTP{
			Addr:              "127.0.0.1:8080",
			MaxBodyBytes:      1 << 20,
			RequestTimeout:    30 * time.Second,
			ShutdownTimeout:   15 * time.Second,
			LookupLimit:       30,
			LookupCache:       10000,
			LookupCacheTTL:    30 * time.Second,
			RegistrationLimit: 5,
		},
		Database: Database{MaxOpenConns: 20, SharedBuffers: "512MB"},
		Temporal: Temporal{
			Namespace: "default",
			TaskQueue: "dossiers",
			Port:      7233,
			UIPort:    8233,
		},
		Worker: Worker{MetricsAddr: "127.0.0.1:9464", ReconcileGrace: 30 * time.Second, ReconcileEvery: 15 * time.Second},
		SMTP:   SMTP{From: "dvc@localhost"},
		Auth:   Auth{SessionTTL: 12 * time.Hour, LoginAddressLimit: 300},
		Log:    Log{Level: "info"},
	}
}

// Validate reports every problem in c at once, each naming its key.
func (c Config) Validate() error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("config %s: "+format, append([]any{key}, args...)...))
	}
	if c.Mode != ModeDev && c.Mode != ModeProduction && c.Mode != ModeTest {
		bad("mode", "must be %q, %q or %q, got %q", ModeDev, ModeProduction, ModeTest, c.Mode)
	}
	if c.Auth.TestCaptcha != "" && c.Mode == ModeProduction {
		bad("auth.test_captcha", "is a test-only setting and is refused in production mode")
	}
	if c.Auth.LoginAddressLimit < 1 {
		bad("auth.login_address_limit", "must be at least 1, got %d", c.Auth.LoginAddressLimit)
	}
	if err := checkProxies(c.HTTP.TrustedProxies); err != nil {
		bad("http.trusted_proxies", "%v", err)
	}
	if c.Auth.SessionTTL < time.Minute {
		bad("auth.session_ttl", "must be at least 1m, got %s", c.Auth.SessionTTL)
	}
	if _, _, err := net.SplitHostPort(c.HTTP.Addr); err != nil {
		bad("http.addr", "must be host:port, got %q", c.HTTP.Addr)
	}
	if _, _, err := net.SplitHostPort(c.Worker.MetricsAddr); err != nil {
		bad("worker.metrics_addr", "must be host:port, got %q", c.Worker.MetricsAddr)
	}
	if c.Debug.PprofAddr != "" {
		if _, _, err := net.SplitHostPort(c.Debug.PprofAddr); err != nil {
			bad("debug.pprof_addr", "must be host:port, got %q", c.Debug.PprofAddr)
		}
	}
	if c.HTTP.LookupLimit < 1 {
		bad("http.lookup_limit", "must be at least 1, got %d", c.HTTP.LookupLimit)
	}
	if c.HTTP.LookupCache < 0 {
		bad("http.lookup_cache", "must be 0 (off) or more, got %d", c.HTTP.LookupCache)
	}
	if c.HTTP.LookupCache > 0 && c.HTTP.LookupCacheTTL < time.Second {
		bad("http.lookup_cache_ttl", "must be at least 1s, got %s", c.HTTP.LookupCacheTTL)
	}
	if c.HTTP.RegistrationLimit < 1 {
		bad("http.registration_limit", "must be at least 1, got %d", c.HTTP.RegistrationLimit)
	}
	if c.Worker.ReconcileGrace < time.Second || c.Worker.ReconcileEvery < time.Second {
		bad("worker.reconcile_grace", "reconcile_grace and reconcile_every must be at least 1s, got %s and %s",
			c.Worker.ReconcileGrace, c.Worker.ReconcileEvery)
	}
	if c.SMTP.Addr != "" {
		if _, _, err := net.SplitHostPort(c.SMTP.Addr); err != nil {
			bad("smtp.addr", "must be host:port, got %q", c.SMTP.Addr)
		}
		if c.SMTP.From == "" {
			bad("smtp.from", "must be set when smtp.addr is")
		}
	}
	if c.HTTP.MaxBodyBytes < 1024 {
		bad("http.max_body_bytes", "must be at least 1024, got %d", c.HTTP.MaxBodyBytes)
	}
	if c.HTTP.RequestTimeout <= 0 {
		bad("http.request_timeout", "must be positive, got %s", c.HTTP.RequestTimeout)
	}
	if c.HTTP.ShutdownTimeout <= 0 {
		bad("http.shutdown_timeout", "must be positive, got %s", c.HTTP.ShutdownTimeout)
	}
	if c.Database.URL == "" && !c.Embedded() {
		bad("database.url", "is required outside dev mode (set DVC_DATABASE_URL)")
	}
	if c.Database.URL != "" && !strings.HasPrefix(c.Database.URL, "postgres://") && !strings.HasPrefix(c.Database.URL, "postgresql://") {
		bad("database.url", "must start with postgres://")
	}
	if c.Database.MaxOpenConns < 1 {
		bad("database.max_open_conns", "must be at least 1, got %d", c.Database.MaxOpenConns)
	}
	if !memorySize.MatchString(c.Database.SharedBuffers) {
		bad("database.shared_buffers", "must be a size like 512MB or 2GB, got %q", c.Database.SharedBuffers)
	}
	if c.Temporal.Namespace == "" {
		bad("temporal.namespace", "must not be empty")
	}
	if c.Temporal.TaskQueue == "" {
		bad("temporal.task_queue", "must not be empty")
	}
	if c.Embedded() && c.DataDir == "" {
		bad("data_dir", "must not be empty in dev mode")
	}
	checkPort := func(key string, p, min int) {
		if p < min || p > 65535 {
			bad(key, "must be a port number, got %d", p)
		}
	}
	checkPort("database.port", c.Database.Port, 0)
	checkPort("temporal.port", c.Temporal.Port, 0)
	checkPort("temporal.ui_port", c.Temporal.UIPort, -1)
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	for key, v := range map[string]string{"portal.province_name": c.Portal.ProvinceName, "portal.operator": c.Portal.Operator} {
		if len([]rune(v)) > 200 || strings.ContainsFunc(v, unicode.IsControl) {
			bad(key, "must be at most 200 characters without control characters")
		}
	}
	if c.Portal.Hotline != "" && !hotline.MatchString(c.Portal.Hotline) {
		bad("portal.hotline", "must be a telephone number (digits, spaces, dots, + ( ) -), got %q", c.Portal.Hotline)
	}
	switch c.Log.Format {
	case "", "text", "json":
	default:
		bad("log.format", "must be text or json, got %q", c.Log.Format)
	}
	return errors.Join(errs...)
}

// LogFormat is the effective log format: the configured one, or text in dev and json otherwise.
func (c Config) LogFormat() string {
	if c.Log.Format != "" {
		return c.Log.Format
	}
	if c.Embedded() {
		return "text"
	}
	return "json"
}

// Embedded reports whether the mode starts what is not configured (dev and test).
func (c Config) Embedded() bool { return c.Mode == ModeDev || c.Mode == ModeTest }

// ProxyList splits http.trusted_proxies into its entries.
func ProxyList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkProxies refuses an entry of http.trusted_proxies that is neither an address nor a
// CIDR range.
func checkProxies(s string) error {
	for _, p := range ProxyList(s) {
		if net.ParseIP(p) == nil {
			if _, _, err := net.ParseCIDR(p); err != nil {
				return fmt.Errorf("%q is neither an IP address nor a CIDR range", p)
			}
		}
	}
	return nil
}
