package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

func (s *Server) registerHealthRoutes(e *gin.Engine) {
	e.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })
	e.GET("/readyz", s.ready)
	e.GET("/metrics", gin.WrapH(promhttp.HandlerFor(s.Registry, promhttp.HandlerOpts{Registry: s.Registry})))
}

// ready answers 200 when PostgreSQL and Temporal both answer within two seconds, 503
// naming what is down otherwise; with a read replica it also says how far behind it may
// be.
func (s *Server) ready(c *gin.Context) {
	ctx, cancel := context.WithTimeout(c, 2*time.Second)
	defer cancel()
	checks := gin.H{"database": "ok", "temporal": "ok"}
	code := http.StatusOK
	dbErr, temporalErr := s.svc.Health(ctx)
	if dbErr != nil {
		checks["database"] = "unavailable"
		code = http.StatusServiceUnavailable
		s.Log.WarnContext(c, "readiness: database", "err", dbErr)
	}
	if temporalErr != nil {
		checks["temporal"] = "unavailable"
		code = http.StatusServiceUnavailable
		s.Log.WarnContext(c, "readiness: temporal", "err", temporalErr)
	}
	// The read replica is reported, never a reason to be unready: without it reads go to
	// the primary.
	if bound, ok, configured := s.svc.ReplicaStaleness(); configured && ok {
		checks["read_replica"] = fmt.Sprintf("at most %.3fs behind", bound.Seconds())
	} else if configured {
		checks["read_replica"] = "unavailable: reads on the primary"
	}
	status := "ready"
	if code != http.StatusOK {
		status = "unavailable"
	}
	c.JSON(code, gin.H{"status": status, "checks": checks})
}
