package api

import "github.com/gin-gonic/gin"

// registerCitizenPages adds the citizen portal's pages (cổng dịch vụ công) to p, the page group (see pageSession).
func (s *Server) registerCitizenPages(p *gin.RouterGroup) {}
