package api

import (
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
)

// ErrInsufficientScope answers a machine client whose token holds none of the scopes the
// operation accepts (routeAccess).
var ErrInsufficientScope = domain.NewError(domain.Forbidden, "insufficient_scope", "Ứng dụng không được cấp quyền cho thao tác này.")

const machineKey = "dvc.machine"

// authenticate is /api/v1's sign-in middleware: a request with a bearer token is a
// machine client's (machine); any other goes through the person's session middleware
// (cookie and CSRF token).
func (s *Server) authenticate() gin.HandlerFunc {
	session := s.Sessions.API(s.Log)
	return func(c *gin.Context) {
		token, ok := bearerToken(c)
		if !ok {
			session(c)
			return
		}
		a, known := routeAccess[routeKey(c.Request.Method, c.FullPath())]
		if !known {
			a = access{}
		}
		if s.machine(c, token, a) {
			c.Next()
		}
	}
}

// RequireScope is the middleware of a route outside /api/v1 that machine clients call
// with a bearer token holding scope, such as the national portal's push endpoint
// (POST /lien-thong/quoc-gia/ho-so with domain.ScopeDossiersIntake, beside or instead of
// its HMAC check): it answers 401 without a valid token, 403 without the scope, 429 over
// the client's rate, and otherwise sets the client as the request's session (its
// account) and MachineClient.
func (s *Server) RequireScope(scope string) gin.HandlerFunc {
	return func(c *gin.Context) {
		token, ok := bearerToken(c)
		if !ok {
			c.Header("WWW-Authenticate", `Bearer realm="dvc"`)
			s.fail(c, domain.ErrInvalidToken)
			return
		}
		if s.machine(c, token, access{scopes: []string{scope}}) {
			c.Next()
		}
	}
}

// MachineClient returns the machine client that sent the request, if a bearer token did.
func MachineClient(c *gin.Context) (domain.ClientToken, bool) {
	v, ok := c.Get(machineKey)
	if !ok {
		return domain.ClientToken{}, false
	}
	ct, ok := v.(domain.ClientToken)
	return ct, ok
}

// machine authenticates the bearer token, counts the request against the client's rate
// and checks that the token holds a scope a accepts; it answers the refusal and returns
// false, or sets the client's account as the request's session and returns true.
func (s *Server) machine(c *gin.Context, token string, a access) bool {
	ct, err := s.svc.ClientToken(c, token)
	if err != nil {
		if domain.IsKind(err, domain.Unauthorized) {
			c.Header("WWW-Authenticate", `Bearer realm="dvc", error="invalid_token"`)
		}
		s.fail(c, err)
		return false
	}
	if err := s.svc.AllowClient(ct.Client); err != nil {
		s.fail(c, err)
		return false
	}
	if !a.accepts(ct.Scopes) {
		c.Header("WWW-Authenticate", `Bearer realm="dvc", error="insufficient_scope", scope="`+strings.Join(a.scopes, " ")+`"`)
		s.fail(c, ErrInsufficientScope)
		return false
	}
	httpx.SetSession(c, domain.Session{Account: ct.Account, ExpiresAt: ct.ExpiresAt})
	c.Set(machineKey, ct)
	return true
}

// bearerToken is the request's bearer token (Authorization: Bearer …), if it sends one.
func bearerToken(c *gin.Context) (string, bool) {
	h := c.GetHeader("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return "", false
	}
	return strings.TrimSpace(token), true
}
