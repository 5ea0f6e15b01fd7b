package api

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/filestore"
)

const requestIDHeader = "X-Request-ID"

type ctxKey struct{}

var validRequestID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID takes the caller's X-Request-ID when it is sane, or makes one, and echoes it.
func (s *Server) requestID(c *gin.Context) {
	id := c.GetHeader(requestIDHeader)
	if !validRequestID.MatchString(id) {
		var b [8]byte
		_, _ = rand.Read(b[:])
		id = hex.EncodeToString(b[:])
	}
	c.Set(requestIDHeader, id)
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), ctxKey{}, id))
	c.Header(requestIDHeader, id)
	c.Next()
}

func requestIDOf(c *gin.Context) string { return c.GetString(requestIDHeader) }

// RequestID returns the request id carried by ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(ctxKey{}).(string)
	return id
}

// secure sets the security headers every answer carries: no sniffing, no framing, no
// referrer to other sites, and for pages a content security policy allowing only this site.
func (s *Server) secure(c *gin.Context) {
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

// observe logs every request and records its latency by route and status.
func (s *Server) observe(m *httpMetrics) gin.HandlerFunc {
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
		s.Log.Log(c, level, "http request", "request_id", requestIDOf(c), "method", c.Request.Method,
			"route", route, "status", code, "duration_ms", float64(elapsed.Microseconds())/1000)
	}
}

// recover turns a panic into a logged 500 with the "internal" code.
func (s *Server) recover(c *gin.Context) {
	defer func() {
		if r := recover(); r != nil {
			if r == http.ErrAbortHandler {
				panic(r)
			}
			s.fail(c, fmt.Errorf("panic: %v", r))
		}
	}()
	c.Next()
}

// limits caps the body size and the time a request may take.
// Uploads get the file store's limit plus room for the multipart envelope.
func (s *Server) limits(c *gin.Context) {
	limit := s.MaxBodyBytes
	switch {
	case c.Request.Method == http.MethodPost && strings.HasSuffix(c.FullPath(), "/files") && s.Files != nil:
		limit = max(s.Files.MaxSize, filestore.DefaultMaxSize) + 64<<10
	case c.Request.Method == http.MethodPost && isUploadPage(c.FullPath()):
		limit = s.pageUploadLimit()
	case c.FullPath() == "/api/v1/admin/catalogue":
		limit = maxCatalogueBytes
	case c.Request.Method == http.MethodPost && consoleUploadRoutes[c.FullPath()] && s.Files != nil:
		limit = max(s.Files.MaxSize, filestore.DefaultMaxSize, maxCatalogueBytes) + 64<<10
	}
	if limit > 0 && c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, limit)
	}
	if s.RequestTimeout > 0 {
		ctx, cancel := context.WithTimeout(c.Request.Context(), s.RequestTimeout)
		defer cancel()
		c.Request = c.Request.WithContext(ctx)
	}
	c.Next()
}
