package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

// me answers the signed-in account and its CSRF token. Errors: login_required.
func (s *Server) me(c *gin.Context) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return
	}
	c.JSON(http.StatusOK, gin.H{"account": sess.Account, "csrf_token": sess.CSRFToken})
}

type profileRequest struct {
	FullName    string `json:"full_name"`
	Gender      string `json:"gender"`
	DateOfBirth string `json:"date_of_birth"` // YYYY-MM-DD or ""
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
}

// updateMe changes the profile. Errors: login_required, invalid_profile (422).
func (s *Server) updateMe(c *gin.Context) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return
	}
	var req profileRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, err := s.saveProfile(c, sess, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"account": acc})
}

// saveProfile validates and stores the signed-in account's profile (the JSON API and the
// profile page share it). Errors: invalid_profile (with fields).
func (s *Server) saveProfile(c *gin.Context, sess domain.Session, req profileRequest) (domain.Account, error) {
	p := domain.Profile{FullName: strings.TrimSpace(req.FullName), Gender: req.Gender, Address: strings.TrimSpace(req.Address),
		Phone: validate.NormalizePhone(req.Phone), Email: strings.TrimSpace(req.Email)}
	fields := map[string]string{}
	if name, ok := validate.Name(p.FullName, 200); !ok {
		fields["full_name"] = "Vui lòng nhập họ và tên (không chứa ký tự ẩn, ký tự điều khiển hay biểu tượng)."
	} else {
		p.FullName = name
	}
	switch p.Gender {
	case "", "male", "female", "other":
	default:
		fields["gender"] = "Giới tính không hợp lệ."
	}
	if req.DateOfBirth != "" {
		d, err := time.Parse(time.DateOnly, req.DateOfBirth)
		if err != nil || d.After(s.Now()) || d.Year() < 1900 {
			fields["date_of_birth"] = "Ngày sinh không hợp lệ (YYYY-MM-DD)."
		} else {
			p.DateOfBirth = &d
		}
	}
	if !validate.Text(p.Address, 500) {
		fields["address"] = "Địa chỉ không hợp lệ."
	}
	if !validate.Phone(p.Phone) {
		fields["phone"] = "Số điện thoại không hợp lệ."
	}
	if !validate.Email(p.Email) {
		fields["email"] = "Địa chỉ thư điện tử không hợp lệ."
	}
	if len(fields) > 0 {
		return domain.Account{}, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_profile", Message: "Thông tin cá nhân chưa hợp lệ.", Fields: fields}
	}
	return s.Store.UpdateProfile(c, sess.Account.ID, p)
}

type passwordRequest struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// changePassword sets a new password after checking the current one, and ends the
// account's other sessions. Errors: login_required, wrong_password (400), weak_password (422).
func (s *Server) changePassword(c *gin.Context) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return
	}
	var req passwordRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.changeOwnPassword(c, sess, req); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// changeOwnPassword checks the current password and sets the new one, keeping only this
// session (the JSON API and the password page share it). Errors: wrong_password, weak_password.
func (s *Server) changeOwnPassword(c *gin.Context, sess domain.Session, req passwordRequest) error {
	_, hash, err := s.Store.Credentials(c, sess.Account.Username)
	if err != nil {
		return err
	}
	if !auth.VerifyPassword(hash, req.CurrentPassword) {
		return &domain.Error{Kind: domain.Invalid, Code: "wrong_password", Message: "Mật khẩu hiện tại không đúng.",
			Fields: map[string]string{"current_password": "Mật khẩu hiện tại không đúng."}}
	}
	if msg := auth.CheckPassword(req.NewPassword, sess.Account.Username); msg != "" {
		return weakPassword("new_password", msg)
	}
	newHash, err := auth.HashPassword(req.NewPassword)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(c, sess.Account.ID, newHash, sess.TokenHash)
}
