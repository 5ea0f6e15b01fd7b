package httpx

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dvc-project/dvc/internal/domain"
)

// Secure sets the security headers every answer carries: no sniffing, no framing, no
// referrer to other sites, and for pages a content security policy allowing only this
// site; API answers are not cached.
func Secure(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'")
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		h.Set("Cache-Control", "no-store")
	}
	c.Next()
}

// Metrics are the HTTP server's metrics.
type Metrics struct {
	duration *prometheus.HistogramVec
}

// NewMetrics registers the HTTP metrics on reg:
// dvc_http_request_duration_seconds{method,route,status}.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	m := &Metrics{duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Namespace: "dvc",
		Name:      "http_request_duration_seconds",
		Help:      "HTTP request latency by method, route and status.",
		Buckets:   []float64{.002, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10},
	}, []string{"method", "route", "status"})}
	reg.MustRegister(m.duration)
	return m
}

// Observe logs every request and records its latency by route and status.
func Observe(m *Metrics, log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		start := time.Now()
		c.Next()
		route := c.FullPath()
		if route == "" {
			route = "unmatched"
		}
		code := c.Writer.Status()
		elapsed := time.Since(start)
		m.duration.WithLabelValues(c.Request.Method, route, strconv.Itoa(code)).Observe(elapsed.Seconds())
		level := slog.LevelInfo
		if route == "/healthz" || route == "/readyz" || route == "/metrics" {
			level = slog.LevelDebug
		}
		log.Log(c, level, "http request", "method", c.Request.Method,
			"route", route, "status", code, "duration_ms", float64(elapsed.Microseconds())/1000)
	}
}

// Recover turns a panic into a logged 500 with the "internal" code.
func Recover(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				Fail(c, log, fmt.Errorf("panic: %v", r))
			}
		}()
		c.Next()
	}
}

// Limits caps the body of every request at maxBody, or at what bodyLimit answers for its
// route when positive (uploads, catalogue imports), and the time a request may take.
func Limits(maxBody int64, timeout time.Duration, bodyLimit func(c *gin.Context) int64) gin.HandlerFunc {
	return func(c *gin.Context) {
		limit := maxBody
		if bodyLimit != nil {
			if l := bodyLimit(c); l > 0 {
				limit = l
			}
		}
		if limit > 0 && c.Request.Body != nil {
			c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
		}
		if timeout > 0 {
			ctx, cancel := context.WithTimeout(c.Request.Context(), timeout)
			defer cancel()
			c.Request = c.Request.WithContext(ctx)
		}
		c.Next()
	}
}

// errSemicolonQuery answers a query string with a ";", which Go's URL parser would drop
// with the parameter it is in (so that "field=1;DROP…" would answer unfiltered).
var errSemicolonQuery = &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
	Fields: map[string]string{"query": "Không dùng dấu ; giữa các tham số: hãy dùng & (hoặc viết ; thành %3B trong một giá trị)."}}

// RefuseSemicolons answers 400 invalid_query to a request whose query string holds a
// raw ";", instead of silently dropping that parameter.
func RefuseSemicolons(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		if strings.Contains(c.Request.URL.RawQuery, ";") {
			Fail(c, log, errSemicolonQuery)
			return
		}
		c.Next()
	}
}

// EngineOptions configure NewEngine.
type EngineOptions struct {
	Log *slog.Logger
	// Registry receives the HTTP metrics (a registry of its own when nil).
	Registry prometheus.Registerer
	// MaxBodyBytes caps request bodies; BodyLimit may raise it per route.
	MaxBodyBytes int64
	BodyLimit    func(c *gin.Context) int64
	// RequestTimeout bounds each request.
	RequestTimeout time.Duration
	// TrustedProxies are the reverse proxies (IPs or CIDRs) whose X-Forwarded-For or
	// X-Real-IP gives the client address; none: the peer's address.
	TrustedProxies []string
}

// NewEngine returns the Gin engine every dvc HTTP server runs: the client address is the
// peer's (or, from a trusted proxy, the one it forwards), unknown routes and methods answer JSON errors, and every request passes
// RequestID, Secure, Observe, Recover, RefuseSemicolons and Limits.
func NewEngine(opts EngineOptions) *gin.Engine {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	e.ContextWithFallback = true
	if err := e.SetTrustedProxies(opts.TrustedProxies); err != nil { // nil: the peer's address
		opts.Log.Error("trusted proxies", "err", err)
		_ = e.SetTrustedProxies(nil)
	}
	e.HandleMethodNotAllowed = true
	e.Use(RequestID, Secure, Observe(NewMetrics(opts.Registry), opts.Log), Recover(opts.Log), RefuseSemicolons(opts.Log),
		Limits(opts.MaxBodyBytes, opts.RequestTimeout, opts.BodyLimit))
	e.NoRoute(func(c *gin.Context) { Fail(c, opts.Log, ErrRouteNotFound) })
	e.NoMethod(func(c *gin.Context) { Fail(c, opts.Log, ErrMethodNotAllowed) })
	return e
}

// Routes lists every route of e as "METHOD /path" (with :params), sorted: the
// access-control test checks that each one is in its table.
func Routes(e *gin.Engine) []string {
	var out []string
	for _, r := range e.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	sort.Strings(out)
	return out
}
