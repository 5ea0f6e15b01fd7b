package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/service"
)

// registerDocumentRoutes adds the citizen's document store (kho dữ liệu cá nhân).
func (s *Server) registerDocumentRoutes(r *gin.RouterGroup) {
	r.GET("/me/documents", s.myDocuments)
	r.GET("/me/documents/:id/file", s.downloadDocument)
}

// myDocuments lists the signed-in citizen's store: id, kind, name, source_code, issuer,
// issued_at, valid_until, download_url. Errors: login_required, citizens_only.
func (s *Server) myDocuments(c *gin.Context) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	docs, err := s.svc.MyDocuments(c, sess.Account)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": docs})
}

// downloadDocument serves a document of the signed-in citizen's store and records its
// first download. Errors: login_required, citizens_only, document_not_found.
func (s *Server) downloadDocument(c *gin.Context) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, service.ErrDocumentNotFound)
		return
	}
	doc, f, err := s.svc.OpenDocument(c, sess.Account, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Type", servedType(doc.Type))
	c.Header("Content-Disposition", attachmentDisposition(doc.FileName))
	c.Header("X-Content-Type-Options", "nosniff")
	http.ServeContent(c.Writer, c.Request, "", doc.CreatedAt, f)
}
