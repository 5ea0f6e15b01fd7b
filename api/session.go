package api

import (
	"crypto/subtle"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
)

// SessionCookie names the cookie holding the session token.
const SessionCookie = "dvc_session"

// csrfHeader carries the session's CSRF token on unsafe cookie-authenticated requests.
const csrfHeader = "X-CSRF-Token"

const sessionKey = "dvc.session"

var (
	errLoginRequired = domain.NewError(domain.Unauthorized, "login_required", "Vui lòng đăng nhập để tiếp tục.")
	errCSRF          = domain.NewError(domain.Forbidden, "csrf_failed", "Phiên làm việc không hợp lệ (thiếu mã chống giả mạo), vui lòng tải lại trang.")
	errCitizensOnly  = domain.NewError(domain.Forbidden, "citizens_only", "Chức năng này dành cho tài khoản công dân.")
)

// session loads the signed-in account from the cookie (if any) and, for unsafe methods,
// requires the session's CSRF token in the X-CSRF-Token header or the csrf_token form field.
func (s *Server) session(c *gin.Context) {
	token, err := c.Cookie(SessionCookie)
	if err != nil || token == "" {
		c.Next()
		return
	}
	sess, err := s.Store.SessionByToken(c, auth.TokenHash(token))
	if err != nil {
		if !domain.IsKind(err, domain.Unauthorized) {
			s.fail(c, err)
			return
		}
		s.clearCookie(c) // an expired or revoked session: continue anonymous
		c.Next()
		return
	}
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
	default:
		sent := c.GetHeader(csrfHeader)
		if sent == "" {
			sent = c.PostForm("csrf_token")
		}
		if subtle.ConstantTimeCompare([]byte(sent), []byte(sess.CSRFToken)) != 1 {
			s.fail(c, errCSRF)
			return
		}
	}
	c.Set(sessionKey, sess)
	c.Next()
}

// currentSession returns the signed-in session, if any.
func currentSession(c *gin.Context) (domain.Session, bool) {
	v, ok := c.Get(sessionKey)
	if !ok {
		return domain.Session{}, false
	}
	sess, ok := v.(domain.Session)
	return sess, ok
}

// citizen returns the signed-in citizen's session, or answers 401/403 and returns false.
func (s *Server) citizen(c *gin.Context) (domain.Session, bool) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return sess, false
	}
	if sess.Account.Kind != "citizen" {
		s.fail(c, errCitizensOnly)
		return sess, false
	}
	return sess, true
}

func (s *Server) setCookie(c *gin.Context, token string, expires time.Time) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", Expires: expires,
		MaxAge: int(time.Until(expires).Seconds()), HttpOnly: true, Secure: s.CookieSecure, SameSite: http.SameSiteLaxMode})
}

func (s *Server) clearCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.CookieSecure, SameSite: http.SameSiteLaxMode})
}

// startSession signs account in: a new session, its cookie, and its CSRF token.
func (s *Server) startSession(c *gin.Context, acc domain.Account) (string, error) {
	token, csrf := auth.NewToken(), auth.NewToken()
	expires := s.Now().Add(s.SessionTTL)
	if err := s.Store.CreateSession(c, auth.TokenHash(token), csrf, acc.ID, expires, c.ClientIP(), c.Request.UserAgent()); err != nil {
		return "", err
	}
	s.setCookie(c, token, expires)
	return csrf, nil
}
