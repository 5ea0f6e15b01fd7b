// Package api is dvc's JSON API under /api/v1, with the health checks and metrics: thin
// handlers, grouped per resource, that decode a request, call one use case of
// internal/service and answer. Errors are answered by internal/httpx.
package api

import (
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// Options are the Server's dependencies.
type Options struct {
	Service  *service.Service
	Sessions *httpx.Sessions
	Log      *slog.Logger
	// Registry is served at /metrics.
	Registry *prometheus.Registry
	// MaxUploadBytes is the file store's limit (filestore.DefaultMaxSize when 0).
	MaxUploadBytes int64
	// NationalPush receives the dossiers the national portal pushes (nil: not connected).
	NationalPush http.Handler
}

// Server serves the JSON API.
type Server struct {
	Options
	svc *service.Service
}

// New returns the API server.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = filestore.DefaultMaxSize
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	return &Server{Options: opts, svc: opts.Service}
}

// Register adds the API's routes to e: health and metrics at the root, the rest under
// /api/v1 behind the session middleware.
func (s *Server) Register(e *gin.Engine) {
	s.registerHealthRoutes(e)
	s.registerNationalRoutes(e)
	v1 := e.Group("/api/v1", s.authenticate())
	s.registerAuthRoutes(v1)
	s.registerCatalogueRoutes(v1)
	s.registerDossierRoutes(v1)
	s.registerDocumentRoutes(v1)
	s.registerPaymentRoutes(v1)
	s.registerLookupRoutes(v1)
	s.registerDeadlineRoutes(v1)
	s.registerOpenAPIRoutes(v1)
	s.registerOfficerRoutes(v1)
	s.registerIntakeRoutes(v1)
	s.registerAuditRoutes(v1)
	s.registerAdminRoutes(v1)
	s.registerStatsRoutes(v1)
	s.registerOversightRoutes(v1)
	s.registerCatalogueAdminRoutes(v1)
	s.registerNationalAdminRoutes(v1)
	s.registerClientRoutes(v1)
	s.registerWebhookRoutes(v1)
}

// BodyLimit is the body limit of the API's routes that take more than the default:
// uploads get the file store's limit plus room for the multipart envelope, a catalogue
// import its own; 0 for the others.
func (s *Server) BodyLimit(c *gin.Context) int64 {
	switch {
	case c.Request.Method == http.MethodPost && strings.HasPrefix(c.FullPath(), "/api/") && strings.HasSuffix(c.FullPath(), "/files"):
		return s.MaxUploadBytes + 64<<10
	case c.FullPath() == "/api/v1/lookup/verify":
		return s.MaxUploadBytes + 1<<20 + 64<<10 // a signed document at the upload limit
	case c.FullPath() == "/api/v1/admin/catalogue":
		return service.MaxCatalogueBytes
	case c.FullPath() == "/lien-thong/quoc-gia/ho-so": // the portal's push carries its files
		return 64 << 20
	}
	return 0
}

// fail answers err (httpx.Fail).
func (s *Server) fail(c *gin.Context, err error) { httpx.Fail(c, s.Log, err) }

// staff returns the signed-in officer's session holding one of roles (any officer when
// none are given), or a machine client's (whose token's scope routeAccess accepted for
// the route), or answers 401/403 and returns false.
func (s *Server) staff(c *gin.Context, roles ...string) (domain.Session, bool) {
	sess, ok := httpx.Current(c)
	if !ok {
		s.fail(c, service.ErrLoginRequired)
		return sess, false
	}
	if !sess.Account.IsStaff(roles...) && !sess.Account.IsMachine() {
		s.fail(c, service.ErrStaffOnly)
		return sess, false
	}
	return sess, true
}

// citizen returns the signed-in citizen's session, or answers 401/403 and returns false.
func (s *Server) citizen(c *gin.Context) (domain.Session, bool) {
	sess, ok := httpx.Current(c)
	if !ok {
		s.fail(c, service.ErrLoginRequired)
		return sess, false
	}
	if sess.Account.Kind != "citizen" {
		s.fail(c, service.ErrCitizensOnly)
		return sess, false
	}
	return sess, true
}

// signedIn returns the signed-in session, or answers 401 and returns false.
func (s *Server) signedIn(c *gin.Context) (domain.Session, bool) {
	sess, ok := httpx.Current(c)
	if !ok {
		s.fail(c, service.ErrLoginRequired)
	}
	return sess, ok
}
