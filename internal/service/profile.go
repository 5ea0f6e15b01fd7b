package service

import (
	"context"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

// ProfileInput is the profile form of a signed-in person.
type ProfileInput struct {
	FullName    string `json:"full_name"`
	Gender      string `json:"gender"`
	DateOfBirth string `json:"date_of_birth"` // YYYY-MM-DD or ""
	Address     string `json:"address"`
	Phone       string `json:"phone"`
	Email       string `json:"email"`
}

// SaveProfile validates and stores the profile of the account signed in with sess.
// Errors: invalid_profile (with fields).
func (s *Service) SaveProfile(ctx context.Context, sess domain.Session, req ProfileInput) (domain.Account, error) {
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
	return s.Store.UpdateProfile(ctx, sess.Account.ID, p)
}

// PasswordChange is the change-password form.
type PasswordChange struct {
	CurrentPassword string `json:"current_password"`
	NewPassword     string `json:"new_password"`
}

// ChangePassword checks the current password and sets the new one, keeping only the
// session sess. Errors: wrong_password, weak_password.
func (s *Service) ChangePassword(ctx context.Context, sess domain.Session, req PasswordChange) error {
	_, hash, err := s.Store.Credentials(ctx, sess.Account.Username)
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
	return s.Store.SetPassword(ctx, sess.Account.ID, newHash, sess.TokenHash)
}
