// Package web is dvc's HTML pages: the citizen portal (catalogue, online forms, my
// dossiers, lookup, statistics) and the officers' console, rendered on the server from
// embedded templates, with forms that work without JavaScript. Each handler parses its
// form, calls internal/service, and re-renders with the messages or redirects.
package web

import (
	"log/slog"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// Options are the pages' dependencies.
type Options struct {
	Service  *service.Service
	Sessions *httpx.Sessions
	Log      *slog.Logger
	// DevMode serves development pages (the mailbox).
	DevMode bool
	// MaxUploadBytes is the file store's limit (filestore.DefaultMaxSize when 0).
	MaxUploadBytes int64
	// WorkflowUI is the address of the Temporal Web UI's workflow pages of the
	// dossiers' namespace (…/namespaces/NS/workflows); the audit page links a dossier's
	// workflow history there. Empty: no link.
	WorkflowUI string
}

// Server serves the pages.
type Server struct {
	Options
	svc *service.Service
}

// New returns the pages' server.
func New(opts Options) *Server {
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.MaxUploadBytes <= 0 {
		opts.MaxUploadBytes = filestore.DefaultMaxSize
	}
	return &Server{Options: opts, svc: opts.Service}
}

// Register adds the pages and the static files to e.
func (s *Server) Register(e *gin.Engine) { s.registerPortalRoutes(e) }
