package api

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
)

func (s *Server) registerHealthRoutes() {
	s.engine.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	s.engine.GET("/readyz", s.ready)
	s.engine.GET("/metrics", s.metricsHandler())
}

// ready answers 200 when PostgreSQL and Temporal both answer within two seconds, 503
// naming what is down otherwise.
func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c, 2*time.Second)
	defer cancel()
	checks := gin.H{"database": "ok", "temporal": "ok"}
	code := http.StatusOK
	if err := s.Store.Ping(ctx); err != nil {
		checks["database"] = "unavailable"
		code = http.StatusServiceUnavailable
		s.Log.WarnContext(c, "readiness: database", "err", err)
	}
	if _, err := s.Temporal.CheckHealth(ctx, nil); err != nil {
		checks["temporal"] = "unavailable"
		code = http.StatusServiceUnavailable
		s.Log.WarnContext(c, "readiness: temporal", "err", err)
	}
	status := "ready"
	if code != http.StatusOK {
		status = "unavailable"
	}
	c.JSON(code, gin.H{"status": status, "checks": checks})
}
