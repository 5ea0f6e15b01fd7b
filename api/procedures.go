package api

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

func (s *Server) registerProcedureRoutes(r *gin.RouterGroup) {
	r.GET("/procedures", s.listProcedures)
}

type procedureList struct {
	Items any `json:"items"`
	Total int `json:"total"`
}

// listProcedures answers the active catalogue.
func (s *Server) listProcedures(c *gin.Context) {
	ps, err := s.Store.ListProcedures(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, procedureList{Items: ps, Total: len(ps)})
}
