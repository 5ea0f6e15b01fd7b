package httpx

import (
	"crypto/subtle"
	"log/slog"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// SessionCookie names the cookie holding the session token.
const SessionCookie = "dvc_session"

// CSRFHeader carries the session's CSRF token on unsafe cookie-authenticated requests.
const CSRFHeader = "X-CSRF-Token"

const sessionKey = "dvc.session"

// ErrCSRF answers an unsafe request without the session's (or the page's) CSRF token.
var ErrCSRF = domain.NewError(domain.Forbidden, "csrf_failed", "Phiên làm việc không hợp lệ (thiếu mã chống giả mạo), vui lòng tải lại trang.")

// Sessions reads and writes the session cookie.
type Sessions struct {
	Service *service.Service
	// CookieSecure marks the cookie HTTPS-only.
	CookieSecure bool
}

// Load reads the session named by the request's cookie. No cookie, or a session that
// expired or was revoked (its cookie is then cleared), gives false and no error; an
// error means the sessions could not be read.
func (s *Sessions) Load(c *gin.Context) (domain.Session, bool, error) {
	token, err := c.Cookie(SessionCookie)
	if err != nil || token == "" {
		return domain.Session{}, false, nil
	}
	sess, err := s.Service.Session(c, token)
	switch {
	case err == nil:
		return sess, true, nil
	case domain.IsKind(err, domain.Unauthorized):
		s.ClearCookie(c)
		return domain.Session{}, false, nil
	}
	return domain.Session{}, false, err
}

// API is the session middleware of the JSON API: it loads the signed-in account from the
// cookie (if any) and, for unsafe methods, requires the session's CSRF token in the
// X-CSRF-Token header or the csrf_token form field.
func (s *Sessions) API(log *slog.Logger) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, ok, err := s.Load(c)
		if err != nil {
			Fail(c, log, err)
			return
		}
		if !ok {
			c.Next()
			return
		}
		if !Safe(c.Request.Method) {
			sent := c.GetHeader(CSRFHeader)
			if sent == "" {
				sent = c.PostForm("csrf_token")
			}
			if subtle.ConstantTimeCompare([]byte(sent), []byte(sess.CSRFToken)) != 1 {
				Fail(c, log, ErrCSRF)
				return
			}
		}
		SetSession(c, sess)
		c.Next()
	}
}

// Safe reports whether method changes nothing (GET, HEAD, OPTIONS).
func Safe(method string) bool {
	return method == http.MethodGet || method == http.MethodHead || method == http.MethodOptions
}

// SetSession records sess as the request's signed-in session.
func SetSession(c *gin.Context, sess domain.Session) { c.Set(sessionKey, sess) }

// Current returns the request's signed-in session, if any.
func Current(c *gin.Context) (domain.Session, bool) {
	v, ok := c.Get(sessionKey)
	if !ok {
		return domain.Session{}, false
	}
	sess, ok := v.(domain.Session)
	return sess, ok
}

// Viewer is the signed-in account, or nil.
func Viewer(c *gin.Context) *domain.Account {
	if sess, ok := Current(c); ok {
		acc := sess.Account
		return &acc
	}
	return nil
}

// Client is who sends the request, for the service's limits and session records.
func Client(c *gin.Context) service.Client {
	return service.Client{IP: c.ClientIP(), UserAgent: c.Request.UserAgent()}
}

// SignIn sets the cookie of a session just started.
func (s *Sessions) SignIn(c *gin.Context, in service.SignedIn) {
	s.SetCookie(c, in.Token, in.Expires)
}

// SetCookie sets the session cookie.
func (s *Sessions) SetCookie(c *gin.Context, token string, expires time.Time) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", Expires: expires,
		MaxAge: int(time.Until(expires).Seconds()), HttpOnly: true, Secure: s.CookieSecure, SameSite: http.SameSiteLaxMode})
}

// ClearCookie removes the session cookie.
func (s *Sessions) ClearCookie(c *gin.Context) {
	http.SetCookie(c.Writer, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.CookieSecure, SameSite: http.SameSiteLaxMode})
}
