package service

import (
	"context"
	"regexp"
	"slices"
	"strings"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

// StaffRoles are the roles an officer account may hold.
var StaffRoles = []string{domain.RoleReception, domain.RoleSpecialist, domain.RoleLeader,
	domain.RoleClerk, domain.RoleSupervisor, domain.RoleAdmin}

var staffUsername = regexp.MustCompile(`^[A-Za-z0-9._-]{3,32}$`)

// checkRoles accepts a non-empty list of StaffRoles. Errors: invalid_staff.
func checkRoles(roles []string) error {
	if len(roles) == 0 {
		return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_staff", Message: "Phải chọn ít nhất một vai trò.",
			Fields: map[string]string{"roles": "Bắt buộc."}}
	}
	for _, r := range roles {
		if !slices.Contains(StaffRoles, r) {
			return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_staff", Message: "Vai trò không hợp lệ: " + r,
				Fields: map[string]string{"roles": "Một trong: " + strings.Join(StaffRoles, ", ")}}
		}
	}
	return nil
}

// StaffInput is an admin's new officer account.
type StaffInput struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
	AgencyID int64    `json:"agency_id"`
	Roles    []string `json:"roles"`
}

// CreateStaff validates and creates an officer account. Errors: invalid_staff (with
// fields), weak_password, username_taken.
func (s *Service) CreateStaff(ctx context.Context, req StaffInput) (domain.Account, error) {
	fields := map[string]string{}
	if !staffUsername.MatchString(req.Username) {
		fields["username"] = "3–32 ký tự không dấu."
	}
	fullName, nameOK := validate.Name(req.FullName, 200)
	if !nameOK {
		fields["full_name"] = "Bắt buộc."
	}
	if len(fields) > 0 {
		return domain.Account{}, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_staff", Message: "Thông tin cán bộ chưa hợp lệ.",
			Fields: fields}
	}
	if err := checkRoles(req.Roles); err != nil {
		return domain.Account{}, err
	}
	if msg := auth.CheckPassword(req.Password, req.Username); msg != "" {
		return domain.Account{}, weakPassword("password", msg)
	}
	hash, err := auth.HashPassword(req.Password)
	if err != nil {
		return domain.Account{}, err
	}
	in := domain.NewStaff{Username: req.Username, PasswordHash: hash, FullName: fullName,
		Email: strings.TrimSpace(req.Email), Roles: req.Roles}
	if req.AgencyID != 0 {
		in.AgencyID = &req.AgencyID
	}
	return s.Store.CreateStaff(ctx, in)
}

// ChangeStaff sets officer id's roles and whether the account is disabled. Errors:
// invalid_staff, account_not_found.
func (s *Service) ChangeStaff(ctx context.Context, id int64, roles []string, disabled bool) (domain.Account, error) {
	if err := checkRoles(roles); err != nil {
		return domain.Account{}, err
	}
	return s.Store.UpdateStaff(ctx, id, roles, disabled)
}
