package api

import "github.com/gin-gonic/gin"

// registerConsolePages adds the officers' and supervisors' console pages (/can-bo) to p, the page group (see pageSession).
func (s *Server) registerConsolePages(p *gin.RouterGroup) {}
