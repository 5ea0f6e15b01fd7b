package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/service"
)

// National portal endpoints, outside the sessions and their CSRF check (the portal
// authenticates otherwise): the push of submitted dossiers, and the signed links the
// portal downloads files from.
func (s *Server) registerNationalRoutes(e *gin.Engine) {
	if s.NationalPush != nil {
		e.POST("/lien-thong/quoc-gia/ho-so", gin.WrapH(s.NationalPush))
	}
	e.GET(service.FileLinkPath+":file", s.linkedFile)
}

// linkedFile serves a dossier's file through a signed, expiring link (service.FileLinks)
// made for the national portal. Errors: file_not_found (also a bad or expired link).
func (s *Server) linkedFile(c *gin.Context) {
	num := func(v string) int64 {
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	file, f, err := s.svc.OpenLinkedFile(c, num(c.Query("ho_so")), num(c.Param("file")), num(c.Query("het")), c.Query("ky"))
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Type", servedType(file.Type))
	c.Header("Content-Disposition", attachmentDisposition(file.Name))
	c.Header("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Writer, c.Request, "", file.CreatedAt, f)
}
