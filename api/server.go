// Package api is dvc's HTTP server: the JSON API under /api/v1, the portal pages, health
// checks and metrics, on Gin. Handlers are methods on Server, grouped per resource.
package api

import (
	"log/slog"
	"net/http"
	"sort"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"

	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/lookupcache"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Options are the Server's dependencies.
type Options struct {
	Store     *postgres.Store
	Temporal  client.Client
	TaskQueue string
	Log       *slog.Logger
	// Registry receives the HTTP metrics and is served at /metrics.
	Registry *prometheus.Registry
	// MaxBodyBytes caps request bodies.
	MaxBodyBytes int64
	// RequestTimeout bounds each request.
	RequestTimeout time.Duration
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// DevMode serves development pages (the mailbox).
	DevMode bool
	// SessionTTL is how long a sign-in lasts; CookieSecure marks the cookie HTTPS-only.
	SessionTTL   time.Duration
	CookieSecure bool
	// TestCaptcha, when set (tests only), is accepted as every captcha's answer.
	TestCaptcha string
	// PublicURL is the portal's address for links in e-mails.
	PublicURL string
	// Files stores attachments.
	Files *filestore.Store
	// LookupLimit is how many public lookups a client address may make a minute; 30 when 0.
	LookupLimit int
	// RegistrationLimit is how many registrations a client address may make an hour; 5 when 0.
	RegistrationLimit int
	// LookupCache keeps answers of the lookup by code; nil reads every lookup from the store.
	LookupCache *lookupcache.Cache
}

// Server serves the API.
type Server struct {
	Options
	engine          *gin.Engine
	lookupLimiter   *limiter
	registerLimiter *limiter
}

// New builds the server and its routes.
func New(opts Options) *Server {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.LookupLimit <= 0 {
		opts.LookupLimit = 30
	}
	if opts.RegistrationLimit <= 0 {
		opts.RegistrationLimit = 5
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	gin.SetMode(gin.ReleaseMode)
	s := &Server{Options: opts, engine: gin.New()}
	s.engine.ContextWithFallback = true
	_ = s.engine.SetTrustedProxies(nil) // the client address is the peer's unless configured
	s.lookupLimiter = newLimiter(opts.LookupLimit, time.Minute, opts.Now)
	s.registerLimiter = newLimiter(opts.RegistrationLimit, time.Hour, opts.Now)
	s.engine.HandleMethodNotAllowed = true
	s.engine.Use(s.requestID, s.secure, s.observe(newHTTPMetrics(opts.Registry)), s.recover, s.limits)
	s.engine.NoRoute(func(c *gin.Context) { s.fail(c, errRouteNotFound) })
	s.engine.NoMethod(func(c *gin.Context) { s.fail(c, errMethodNotAllowed) })
	s.registerHealthRoutes()
	s.registerPortalRoutes()
	v1 := s.engine.Group("/api/v1", s.session)
	s.registerAuthRoutes(v1)
	s.registerCatalogueRoutes(v1)
	s.registerDossierRoutes(v1)
	s.registerLookupRoutes(v1)
	s.registerOpenAPIRoutes(v1)
	s.registerOfficerRoutes(v1)
	s.registerAuditRoutes(v1)
	s.registerAdminRoutes(v1)
	s.registerStatsRoutes(v1)
	s.registerCatalogueAdminRoutes(v1)
	return s
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.engine }

// Routes lists every registered route as "METHOD /path" (with :params), sorted: the
// access-control test checks that each one is in its table.
func (s *Server) Routes() []string {
	var out []string
	for _, r := range s.engine.Routes() {
		out = append(out, r.Method+" "+r.Path)
	}
	sort.Strings(out)
	return out
}
