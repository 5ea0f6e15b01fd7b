package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// registerDossierPages adds the citizen's dossier pages: start a dossier from a
// procedure, the online form (save, send), the success page, my dossiers, one dossier
// with its history, delete a draft, supplement (owner, or anyone with the update code),
// withdraw and rate.
func (s *Server) registerDossierPages(p *gin.RouterGroup) {
	p.POST("/thu-tuc/:id/nop", s.startDossierSubmit)
	p.GET("/ho-so", s.myDossiersPage)
	p.GET("/ho-so/:ref", s.dossierPage)
	p.GET("/ho-so/:ref/sua", s.draftPage)
	p.POST("/ho-so/:ref/sua", s.draftSubmit)
	p.POST("/ho-so/:ref/xoa", s.deleteDraftSubmit)
	p.GET("/ho-so/:ref/da-gui", s.sentPage)
	p.GET("/ho-so/:ref/bo-sung", s.ownerSupplementPage)
	p.POST("/ho-so/:ref/bo-sung", s.ownerSupplementSubmit)
	p.POST("/ho-so/:ref/rut", s.withdrawSubmit)
	p.POST("/ho-so/:ref/danh-gia", s.rateSubmit)
	p.POST("/ho-so/:ref/thanh-toan", s.paySubmit)
	p.GET("/thanh-toan/ket-qua", s.payReturn)
	p.GET("/kho-du-lieu", s.storePage)
	p.GET("/bo-sung", s.supplementByCodePage)
	p.POST("/bo-sung", s.supplementByCodeSubmit)
	p.GET("/bo-sung/da-gui", s.supplementDonePage)
}

// pageUploadLimit caps a page form with files: a few attachments at the file store's limit.
func (s *Server) pageUploadLimit() int64 {
	return 4*s.MaxUploadBytes + 256<<10
}

// BodyLimit is the body limit of the pages whose forms carry files (see httpx.Limits):
// a few attachments, or a catalogue, at their limits; 0 for the others.
func (s *Server) BodyLimit(c *gin.Context) int64 {
	if c.Request.Method != http.MethodPost {
		return 0
	}
	switch {
	case isUploadPage(c.FullPath()):
		return s.pageUploadLimit()
	case c.FullPath() == "/can-bo/tiep-nhan": // the desk's form carries a scan per component
		return intakeUploadFactor*s.MaxUploadBytes + 64<<10
	case consoleUploadRoutes[c.FullPath()]:
		return max(s.MaxUploadBytes, service.MaxCatalogueBytes) + 64<<10
	}
	return 0
}

// isUploadPage tells the routes whose forms carry files (see BodyLimit).
func isUploadPage(route string) bool {
	return route == "/ho-so/:ref/sua" || route == "/ho-so/:ref/bo-sung" || route == "/bo-sung" || route == "/tra-cuu/kiem-tra"
}

// ownDossierPage resolves :ref to a dossier of the signed-in citizen, or answers the page.
func (s *Server) ownDossierPage(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.citizenPage(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.svc.DossierByRef(c, c.Param("ref"))
	if err == nil && (d.OwnerID == nil || *d.OwnerID != sess.Account.ID) {
		err = service.ErrDossierNotFound
	}
	if err != nil {
		if _, ok := domain.Public(err); !ok {
			s.pageError(c, err)
		} else {
			s.pageError(c, service.ErrDossierNotFound)
		}
		return d, sess, false
	}
	return d, sess, true
}
