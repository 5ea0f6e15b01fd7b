// Package config holds dvc's typed configuration: defaults for every key, loading from a
// YAML file, DVC_* environment variables and command-line flags (through viper), and
// validation with messages an operator can act on.
package config

import (
	"fmt"
	"net"
	"strings"
	"time"
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
	// Supervision configures the supervisors' lists and the officers' daily digests.
	Supervision Supervision `mapstructure:"supervision"`
	// National connects dvc to the national public-service portal and its sign-in
	// (docs/national-portal.md).
	National National `mapstructure:"national"`
	Signing  Signing  `mapstructure:"signing"`
	Slips    Slips    `mapstructure:"slips"`
	QR       QR       `mapstructure:"qr"`
	PayGov   PayGov   `mapstructure:"paygov"`
	Clients  Clients  `mapstructure:"clients"`
	Webhooks Webhooks `mapstructure:"webhooks"`
	// Portal names the province and the portal's operator (headers, footers, slips, e-mails).
	Portal Portal `mapstructure:"portal"`
}

// Supervision configures the supervisors' and leaders' lists and the daily digests.
type Supervision struct {
	// SupplementWait is how long a requested supplement may be awaited before the
	// dossier is listed as waiting too long.
	SupplementWait time.Duration `mapstructure:"supplement_wait"`
	// DigestHour is the hour (Vietnam's clock) from which the worker writes each working
	// day's digests to the outbox; -1 turns them off.
	DigestHour int `mapstructure:"digest_hour"`
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
	// ReadURL, when set, is a streaming replica (hot standby) of URL that serves the
	// reads which decide nothing: the public lookup, the statistics, the catalogue's
	// index and the exports. Empty: every read goes to URL.
	ReadURL string `mapstructure:"read_url"`
	// ReadMaxStaleness bounds how far behind the primary the replica may be when a read
	// goes to it; past it (or when the replica does not answer) reads go to the primary.
	ReadMaxStaleness time.Duration `mapstructure:"read_max_staleness"`
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
	// Several frontends, comma-separated, are used in turn (gRPC round robin) and a
	// frontend that stops answering is left out until it is back.
	Address string `mapstructure:"address"`
	// Namespace the dossier workflows live in.
	Namespace string `mapstructure:"namespace"`
	// TaskQueue the worker polls.
	TaskQueue string `mapstructure:"task_queue"`
	// Port of the embedded server's frontend in dev; 0 picks a free port.
	Port int `mapstructure:"port"`
	// UIPort of the embedded server's Web UI in dev; 0 picks a free port, -1 disables it.
	UIPort int `mapstructure:"ui_port"`
	// UIURL is the address of a Temporal Web UI for links to a dossier's workflow history
	// (the audit page); empty in dev means the embedded server's UI, elsewhere no link.
	UIURL string `mapstructure:"ui_url"`
	// DatabaseURL, for `dvc temporal` only, puts the server's persistence on PostgreSQL
	// (Temporal's postgres12 plugin; visibility in the database named like it with
	// "_visibility" appended), so that several `dvc temporal` nodes form one cluster.
	// Empty: the SQLite files under data_dir (one node).
	DatabaseURL string `mapstructure:"database_url"`
	// HistoryShards is the number of history shards of a PostgreSQL-backed server. It is
	// fixed when the cluster is first started and must never change afterwards.
	HistoryShards int `mapstructure:"history_shards"`
}

// Log configures structured logging.
type Log struct {
	// Level is debug, info, warn or error.
	Level string `mapstructure:"level"`
	// Format is text or json; empty means text in dev and json otherwise.
	Format string `mapstructure:"format"`
}

// Defaults returns the configuration used for every key nobody set.
func Defaults() Config {
	c := Config{
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
		Database: Database{MaxOpenConns: 20, SharedBuffers: "512MB", ReadMaxStaleness: 5 * time.Second},
		Temporal: Temporal{
			Namespace:     "default",
			TaskQueue:     "dossiers",
			Port:          7233,
			UIPort:        8233,
			HistoryShards: 4,
		},
		Worker:      Worker{MetricsAddr: "127.0.0.1:9464", ReconcileGrace: 30 * time.Second, ReconcileEvery: 15 * time.Second},
		SMTP:        SMTP{From: "dvc@localhost"},
		Auth:        Auth{SessionTTL: 12 * time.Hour, LoginAddressLimit: 300},
		Log:         Log{Level: "info"},
		Supervision: Supervision{SupplementWait: 240 * time.Hour, DigestHour: 7},
		National:    nationalDefaults(),
		Clients:     defaultClients(),
		Webhooks:    defaultWebhooks(),
	}
	resultsDefaults(&c)
	return c
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

// TemporalAddresses is temporal.address split at its commas: the frontends to use in
// turn. It is nil when the key is empty or any of them is not host:port.
func (c Config) TemporalAddresses() []string {
	if c.Temporal.Address == "" {
		return nil
	}
	var out []string
	for _, a := range strings.Split(c.Temporal.Address, ",") {
		a = strings.TrimSpace(a)
		if _, _, err := net.SplitHostPort(a); err != nil {
			return nil
		}
		out = append(out, a)
	}
	return out
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
