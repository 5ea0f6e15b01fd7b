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

// Validate reports every problem in c at once, each naming its key.
func (c Config) Validate() error {
	var ps problems
	c.checkModeAndAuth(&ps)
	c.checkAddresses(&ps)
	c.checkLimits(&ps)
	c.checkWorker(&ps)
	c.checkSMTP(&ps)
	c.checkRequests(&ps)
	c.checkDatabase(&ps)
	c.checkTemporal(&ps)
	c.checkEmbedded(&ps)
	c.checkLog(&ps)
	c.checkSupervision(&ps)
	c.checkScaleOut(&ps)
	c.validateNational(ps.bad)
	c.validateResults(ps.bad)
	c.validateIntegration(ps.bad)
	c.checkPortal(&ps)
	return errors.Join(ps...)
}

// problems collects the configuration's errors, each naming its key.
type problems []error

func (ps *problems) bad(key, format string, args ...any) {
	*ps = append(*ps, fmt.Errorf("config %s: "+format, append([]any{key}, args...)...))
}

func (ps *problems) hostPort(key, addr string) {
	if _, _, err := net.SplitHostPort(addr); err != nil {
		ps.bad(key, "must be host:port, got %q", addr)
	}
}

func (ps *problems) port(key string, p, min int) {
	if p < min || p > 65535 {
		ps.bad(key, "must be a port number, got %d", p)
	}
}

// checkModeAndAuth checks the mode and the sessions, and refuses test-only settings in
// production.
func (c Config) checkModeAndAuth(ps *problems) {
	if c.Mode != ModeDev && c.Mode != ModeProduction && c.Mode != ModeTest {
		ps.bad("mode", "must be %q, %q or %q, got %q", ModeDev, ModeProduction, ModeTest, c.Mode)
	}
	if c.Auth.TestCaptcha != "" && c.Mode == ModeProduction {
		ps.bad("auth.test_captcha", "is a test-only setting and is refused in production mode")
	}
	if c.Auth.SessionTTL < time.Minute {
		ps.bad("auth.session_ttl", "must be at least 1m, got %s", c.Auth.SessionTTL)
	}
}

// checkAddresses checks the addresses dvc listens on.
func (c Config) checkAddresses(ps *problems) {
	ps.hostPort("http.addr", c.HTTP.Addr)
	ps.hostPort("worker.metrics_addr", c.Worker.MetricsAddr)
	if c.Debug.PprofAddr != "" {
		ps.hostPort("debug.pprof_addr", c.Debug.PprofAddr)
	}
}

// checkLimits checks the public lookup's and the registration's limits.
func (c Config) checkLimits(ps *problems) {
	if c.HTTP.LookupLimit < 1 {
		ps.bad("http.lookup_limit", "must be at least 1, got %d", c.HTTP.LookupLimit)
	}
	if c.HTTP.LookupCache < 0 {
		ps.bad("http.lookup_cache", "must be 0 (off) or more, got %d", c.HTTP.LookupCache)
	}
	if c.HTTP.LookupCache > 0 && c.HTTP.LookupCacheTTL < time.Second {
		ps.bad("http.lookup_cache_ttl", "must be at least 1s, got %s", c.HTTP.LookupCacheTTL)
	}
	if c.HTTP.RegistrationLimit < 1 {
		ps.bad("http.registration_limit", "must be at least 1, got %d", c.HTTP.RegistrationLimit)
	}
}

// checkWorker checks the reconciler's timing.
func (c Config) checkWorker(ps *problems) {
	if c.Worker.ReconcileGrace < time.Second || c.Worker.ReconcileEvery < time.Second {
		ps.bad("worker.reconcile_grace", "reconcile_grace and reconcile_every must be at least 1s, got %s and %s",
			c.Worker.ReconcileGrace, c.Worker.ReconcileEvery)
	}
}

// checkSMTP checks the mail server, when there is one.
func (c Config) checkSMTP(ps *problems) {
	if c.SMTP.Addr != "" {
		ps.hostPort("smtp.addr", c.SMTP.Addr)
		if c.SMTP.From == "" {
			ps.bad("smtp.from", "must be set when smtp.addr is")
		}
	}
}

// checkRequests checks the bounds of an HTTP request and of the shutdown.
func (c Config) checkRequests(ps *problems) {
	if c.HTTP.MaxBodyBytes < 1024 {
		ps.bad("http.max_body_bytes", "must be at least 1024, got %d", c.HTTP.MaxBodyBytes)
	}
	if c.HTTP.RequestTimeout <= 0 {
		ps.bad("http.request_timeout", "must be positive, got %s", c.HTTP.RequestTimeout)
	}
	if c.HTTP.ShutdownTimeout <= 0 {
		ps.bad("http.shutdown_timeout", "must be positive, got %s", c.HTTP.ShutdownTimeout)
	}
}

// memorySize is a PostgreSQL memory setting with its unit.
var memorySize = regexp.MustCompile(`^[1-9][0-9]*(kB|MB|GB)$`)

// checkDatabase checks the database's URL (required outside dev), pool and memory.
func (c Config) checkDatabase(ps *problems) {
	if c.Database.URL == "" && !c.Embedded() {
		ps.bad("database.url", "is required outside dev mode (set DVC_DATABASE_URL)")
	}
	if c.Database.URL != "" && !strings.HasPrefix(c.Database.URL, "postgres://") && !strings.HasPrefix(c.Database.URL, "postgresql://") {
		ps.bad("database.url", "must start with postgres://")
	}
	if c.Database.MaxOpenConns < 1 {
		ps.bad("database.max_open_conns", "must be at least 1, got %d", c.Database.MaxOpenConns)
	}
	if !memorySize.MatchString(c.Database.SharedBuffers) {
		ps.bad("database.shared_buffers", "must be a size like 512MB or 2GB, got %q", c.Database.SharedBuffers)
	}
}

// checkTemporal checks the namespace and the task queue.
func (c Config) checkTemporal(ps *problems) {
	if c.Temporal.Namespace == "" {
		ps.bad("temporal.namespace", "must not be empty")
	}
	if c.Temporal.TaskQueue == "" {
		ps.bad("temporal.task_queue", "must not be empty")
	}
}

// checkEmbedded checks what dev mode starts: the data directory and the ports of the
// private PostgreSQL cluster and of the embedded Temporal server and its UI.
func (c Config) checkEmbedded(ps *problems) {
	if c.Embedded() && c.DataDir == "" {
		ps.bad("data_dir", "must not be empty in dev mode")
	}
	ps.port("database.port", c.Database.Port, 0)
	ps.port("temporal.port", c.Temporal.Port, 0)
	ps.port("temporal.ui_port", c.Temporal.UIPort, -1)
}

// checkLog checks the log level and format.
func (c Config) checkLog(ps *problems) {
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		ps.bad("log.level", "must be debug, info, warn or error, got %q", c.Log.Level)
	}
	switch c.Log.Format {
	case "", "text", "json":
	default:
		ps.bad("log.format", "must be text or json, got %q", c.Log.Format)
	}
}

// checkSupervision checks the long-supplement threshold and the digests' hour.
func (c Config) checkSupervision(ps *problems) {
	if c.Supervision.SupplementWait < time.Hour {
		ps.bad("supervision.supplement_wait", "must be at least 1h, got %s", c.Supervision.SupplementWait)
	}
	if c.Supervision.DigestHour < -1 || c.Supervision.DigestHour > 23 {
		ps.bad("supervision.digest_hour", "must be an hour from 0 to 23, or -1 (off), got %d", c.Supervision.DigestHour)
	}
}

// checkScaleOut checks the keys of the shape past one machine: the read replica,
// Temporal's PostgreSQL persistence and several frontends (docs/cluster.md).
func (c Config) checkScaleOut(ps *problems) {
	for _, kv := range [][2]string{{"database.read_url", c.Database.ReadURL}, {"temporal.database_url", c.Temporal.DatabaseURL}} {
		if u := kv[1]; u != "" && !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
			ps.bad(kv[0], "must start with postgres://")
		}
	}
	if c.Database.ReadURL != "" && c.Database.URL == "" {
		ps.bad("database.read_url", "needs database.url (the primary it replicates)")
	}
	if c.Database.ReadMaxStaleness < 100*time.Millisecond {
		ps.bad("database.read_max_staleness", "must be at least 100ms, got %s", c.Database.ReadMaxStaleness)
	}
	if c.Temporal.HistoryShards < 1 || c.Temporal.HistoryShards > 16384 {
		ps.bad("temporal.history_shards", "must be 1 to 16384, got %d", c.Temporal.HistoryShards)
	}
	if c.Temporal.Address != "" && len(c.TemporalAddresses()) == 0 {
		ps.bad("temporal.address", "must be host:port (or several, comma-separated), got %q", c.Temporal.Address)
	}
}

// hotline is a telephone number as people write it.
var hotline = regexp.MustCompile(`^\+?[0-9][0-9 .()-]{2,30}$`)

// checkPortal checks the portal's names, the sign-in limit per address and the proxies
// whose forwarded addresses are trusted.
func (c Config) checkPortal(ps *problems) {
	if c.Auth.LoginAddressLimit < 1 {
		ps.bad("auth.login_address_limit", "must be at least 1, got %d", c.Auth.LoginAddressLimit)
	}
	if err := checkProxies(c.HTTP.TrustedProxies); err != nil {
		ps.bad("http.trusted_proxies", "%v", err)
	}
	for _, kv := range [][2]string{{"portal.province_name", c.Portal.ProvinceName}, {"portal.operator", c.Portal.Operator}} {
		if len([]rune(kv[1])) > 200 || strings.ContainsFunc(kv[1], unicode.IsControl) {
			ps.bad(kv[0], "must be at most 200 characters without control characters")
		}
	}
	if c.Portal.Hotline != "" && !hotline.MatchString(c.Portal.Hotline) {
		ps.bad("portal.hotline", "must be a telephone number (digits, spaces, dots, + ( ) -), got %q", c.Portal.Hotline)
	}
}
