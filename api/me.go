package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/service"
)

// me answers the signed-in account and its CSRF token. Errors: login_required.
func (s *Server) me(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, gin.H{"account": sess.Account, "csrf_token": sess.CSRFToken})
}

// updateMe changes the profile. Errors: login_required, invalid_profile (422).
func (s *Server) updateMe(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	var req service.ProfileInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, err := s.svc.SaveProfile(c, sess, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"account": acc})
}

// changePassword sets a new password after checking the current one, and ends the
// account's other sessions. Errors: login_required, wrong_password (400), weak_password (422).
func (s *Server) changePassword(c *gin.Context) {
	sess, ok := s.signedIn(c)
	if !ok {
		return
	}
	var req service.PasswordChange
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.svc.ChangePassword(c, sess, req); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
