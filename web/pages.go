package web

import (
	"crypto/subtle"
	"errors"
	"html/template"
	"net/http"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// Pages share one middleware, pageSession: it loads the signed-in account from the session
// cookie and guards every unsafe form with a CSRF token. A signed-in person's token is the
// session's; an anonymous visitor (log in, register, lookup forms) gets a token in the
// dvc_csrf cookie (double submit). Templates put {{.CSRF}} in a hidden csrf_token field.

// pageCSRFCookie holds an anonymous visitor's CSRF token.
const pageCSRFCookie = "dvc_csrf"

const pageCSRFKey = "dvc.page_csrf"

// pageSession is the middleware of every HTML page.
func (s *Server) pageSession(c *gin.Context) {
	sess, ok, err := s.Sessions.Load(c) // an expired or revoked session: continue anonymous
	if err != nil {
		s.pageError(c, err)
		return
	}
	csrf := ""
	if ok {
		httpx.SetSession(c, sess)
		csrf = sess.CSRFToken
	}
	if csrf == "" {
		csrf, _ = c.Cookie(pageCSRFCookie)
		if len(csrf) < 32 {
			csrf = auth.NewToken()
			http.SetCookie(c.Writer, &http.Cookie{Name: pageCSRFCookie, Value: csrf, Path: "/",
				HttpOnly: true, Secure: s.Sessions.CookieSecure, SameSite: http.SameSiteLaxMode})
			if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
				s.pageError(c, httpx.ErrCSRF) // an unsafe form without the cookie cannot be genuine
				return
			}
		}
	}
	c.Set(pageCSRFKey, csrf)
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		if err := c.Request.ParseMultipartForm(32 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
			var tooLarge *http.MaxBytesError
			if errors.As(err, &tooLarge) {
				s.pageError(c, service.ErrFileTooLarge)
				return
			}
		}
		if subtle.ConstantTimeCompare([]byte(c.PostForm("csrf_token")), []byte(csrf)) != 1 {
			s.pageError(c, httpx.ErrCSRF)
			return
		}
	}
	c.Next()
}

// pageData returns data for a page template with the common keys every page can use:
// CSRF (the token for hidden csrf_token fields), Account (the signed-in account, or nil),
// Path (the request path, to mark the current menu entry) and Errors (field messages,
// empty unless given).
func (s *Server) pageData(c *gin.Context, data gin.H) gin.H {
	if data == nil {
		data = gin.H{}
	}
	data["CSRF"] = c.GetString(pageCSRFKey)
	if _, ok := data["Errors"]; !ok {
		data["Errors"] = map[string]string{} // field messages: templates index it freely
	}
	data["Path"] = c.Request.URL.Path
	data["Portal"], data["HotlineTel"] = s.svc.Portal, telURI(s.svc.Portal.Hotline)
	if sess, ok := httpx.Current(c); ok {
		acc := sess.Account
		data["Account"] = &acc
	} else {
		data["Account"] = (*domain.Account)(nil)
	}
	return data
}

// telURI is the tel: link of a telephone number as people write it ("0209 3870 000").
func telURI(number string) template.URL {
	digits := strings.Map(func(r rune) rune {
		if r == '+' || unicode.IsDigit(r) {
			return r
		}
		return -1
	}, number)
	return template.URL("tel:" + digits) //nolint:gosec // digits and + only
}

// pageError renders err as the HTML error page with its status and Vietnamese message;
// an error that is not an application error is logged and shown as a system error.
func (s *Server) pageError(c *gin.Context, err error) {
	e := httpx.Shown(c, s.Log, err)
	httpx.SetRetryAfter(c, e)
	s.render(c, httpx.Status(e), "error", s.pageData(c, gin.H{"Message": e.Message, "Code": e.Code, "RequestID": httpx.RequestIDOf(c)}))
	c.Abort()
}
