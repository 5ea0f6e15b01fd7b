package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerAuthRoutes(r *gin.RouterGroup) {
	r.GET("/captcha", s.newCaptcha)
	r.POST("/auth/register", s.register)
	r.POST("/auth/login", s.login)
	r.POST("/auth/logout", s.logout)
	r.POST("/auth/forgot", s.forgotPassword)
	r.POST("/auth/reset", s.resetPassword)
	r.GET("/me", s.me)
	r.PUT("/me", s.updateMe)
	r.PUT("/me/password", s.changePassword)
}

// newCaptcha answers a fresh captcha: its id and its PNG as a data URL, or with
// ?kind=text, for people who cannot read the image, its id and a question in words.
// Errors: invalid_query.
func (s *Server) newCaptcha(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	switch c.Query("kind") {
	case "", "image":
		id, image, err := s.svc.NewCaptcha(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"id": id, "image": image})
	case "text":
		id, question, err := s.svc.NewCaptchaQuestion(c)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, gin.H{"id": id, "question": question})
	default:
		s.fail(c, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"kind": "Phải là image hoặc text."}})
	}
}

// register creates a citizen account and signs it in (service.Register). Errors:
// invalid_captcha (400), too_many_registrations (429, with Retry-After), invalid_account /
// weak_password (422, with fields), username_taken (409).
func (s *Server) register(c *gin.Context) {
	var req service.Registration
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.svc.Register(c, httpx.Client(c), &req)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.Sessions.SignIn(c, in)
	c.JSON(http.StatusCreated, gin.H{"account": in.Account, "csrf_token": in.CSRF})
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// login signs an account in (service.SignIn). Errors: invalid_credentials (401),
// too_many_attempts (429).
func (s *Server) login(c *gin.Context) {
	var req loginRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	in, err := s.svc.SignIn(c, httpx.Client(c), req.Username, req.Password)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.Sessions.SignIn(c, in)
	c.JSON(http.StatusOK, gin.H{"account": in.Account, "csrf_token": in.CSRF})
}

// logout ends the session. Errors: login_required.
func (s *Server) logout(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	if err := s.svc.SignOut(c, sess); err != nil {
		s.fail(c, err)
		return
	}
	s.Sessions.ClearCookie(c)
	c.Status(http.StatusNoContent)
}

type forgotRequest struct {
	Username string `json:"username"`
	Email    string `json:"email"`
}

// forgotPassword e-mails a one-time link when the account exists; the answer is the same
// either way.
func (s *Server) forgotPassword(c *gin.Context) {
	var req forgotRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.SendPasswordReset(c, req.Username, req.Email); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusAccepted, gin.H{"message": service.ForgotAnswer})
}

type resetRequest struct {
	Token       string `json:"token"`
	NewPassword string `json:"new_password"`
}

// resetPassword sets a new password with a one-time token and ends every session.
// Errors: weak_password (422), invalid_token (400).
func (s *Server) resetPassword(c *gin.Context) {
	var req resetRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.ResetPassword(c, req.Token, req.NewPassword); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
