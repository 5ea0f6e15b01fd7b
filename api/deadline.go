package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerDeadlineRoutes(r *gin.RouterGroup) {
	r.GET("/deadline", s.deadline)
}

// deadline answers GET /deadline?received_at=&amount=&unit=[&procedure=]: the
// appointment of a dossier received then, with its explanation (public). Errors:
// invalid_query (400), no_rule_set (409).
func (s *Server) deadline(c *gin.Context) {
	q, err := service.ParseDeadlineQuery(c.Query("received_at"), c.Query("amount"), c.Query("unit"), c.Query("procedure"))
	if err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.svc.Deadline(c, q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, a)
}
