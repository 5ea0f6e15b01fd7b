package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
)

// paySubmit opens an online payment (PayGov) of the fee the owner's dossier waits for
// and shows the way to the payment page: a link, since the page is on another site
// (the forms' content security policy allows only this one).
func (s *Server) paySubmit(c *gin.Context) {
	d, sess, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	p, err := s.svc.StartPayment(c, sess.Account, d, c.ClientIP())
	if err != nil {
		if e, public := domain.Public(err); public {
			httpx.SetRetryAfter(c, e)
			s.showDossier(c, d, httpx.Status(e), gin.H{"Message": e.Message})
			return
		}
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "payment_start", s.pageData(c, gin.H{"D": d, "P": p}))
}

// payReturn is where the payment platform sends the citizen back
// (/thanh-toan/ket-qua?MaThamChieu=…): the payment is checked with the platform when
// its callback has not come yet, then the dossier page says how it went.
func (s *Server) payReturn(c *gin.Context) {
	sess, ok := s.citizenPage(c)
	if !ok {
		return
	}
	d, p, err := s.svc.CheckPayment(c, sess.Account, c.Query("MaThamChieu"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"?thanh-toan="+p.Status+"#thanh-toan")
}
