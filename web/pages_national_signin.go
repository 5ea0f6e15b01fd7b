package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// The national sign-in ("Đăng nhập bằng tài khoản Cổng DVC quốc gia / VNeID"): the
// button of the login page starts the OpenID Connect code flow with PKCE
// (nationalsignin), the callback signs the person in (service.NationalSignIn) or, when an
// account already has their ID number, asks them to confirm it is theirs before linking
// it (service.NationalLink). No token reaches the browser: only dvc's session cookie.
func (s *Server) registerNationalSignInPages(p *gin.RouterGroup) {
	p.GET("/dang-nhap/quoc-gia", s.nationalBegin)
	p.GET("/dang-nhap/quoc-gia/callback", s.nationalCallback)
	p.POST("/dang-nhap/quoc-gia/lien-ket", s.nationalConfirm)
}

// nationalBegin sends the browser to the national provider's authorize URL (302).
func (s *Server) nationalBegin(c *gin.Context) {
	if s.svc.OIDC == nil {
		s.pageError(c, service.ErrNationalSignInOff)
		return
	}
	target, err := s.svc.OIDC.Begin(c.Writer, c.Request, c.Query("next"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusFound, target)
}

// nationalCallback completes the flow: signs the person in, or asks them to confirm the
// account that has their ID number.
func (s *Server) nationalCallback(c *gin.Context) {
	if s.svc.OIDC == nil {
		s.pageError(c, service.ErrNationalSignInOff)
		return
	}
	res, err := s.svc.OIDC.Finish(c.Writer, c.Request)
	if err != nil {
		s.pageError(c, err)
		return
	}
	out, err := s.svc.NationalSignIn(c, httpx.Client(c), res.Claims)
	if err != nil {
		s.pageError(c, err)
		return
	}
	if out.Confirm {
		if err := s.svc.OIDC.Hold(c.Writer, res.Claims); err != nil {
			s.pageError(c, err)
			return
		}
		s.render(c, http.StatusOK, "national_confirm", s.pageData(c, gin.H{"Next": res.ReturnTo,
			"Name": service.MaskName(out.Account.FullName), "Username": maskUsername(out.Account.Username)}))
		return
	}
	s.Sessions.SignIn(c, *out.SignedIn)
	c.Redirect(http.StatusSeeOther, nationalNext(res.ReturnTo, out))
}

// nationalConfirm links the account the person confirmed and signs them in; "no" goes
// back to the login page.
func (s *Server) nationalConfirm(c *gin.Context) {
	if s.svc.OIDC == nil {
		s.pageError(c, service.ErrNationalSignInOff)
		return
	}
	claims, err := s.svc.OIDC.Held(c.Writer, c.Request)
	if err != nil {
		s.pageError(c, err)
		return
	}
	if c.PostForm("choice") != "link" {
		c.Redirect(http.StatusSeeOther, "/dang-nhap")
		return
	}
	out, err := s.svc.NationalLink(c, httpx.Client(c), claims)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.Sessions.SignIn(c, *out.SignedIn)
	c.Redirect(http.StatusSeeOther, nationalNext(c.PostForm("next"), out))
}

// nationalNext is where a national sign-in lands: next when it is a local page, else the
// person's dossiers.
func nationalNext(next string, out service.NationalOutcome) string {
	if next == "" || next == "/" {
		next = "/ho-so"
	}
	return localNext(next, out.SignedIn.Account)
}

// maskUsername shows the first and last two characters of a username.
func maskUsername(u string) string {
	r := []rune(u)
	if len(r) <= 4 {
		return "****"
	}
	return string(r[:2]) + "****" + string(r[len(r)-2:])
}
