package api

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/validate"
)

var vnLocation = dossiercode.Location

func (s *Server) registerAdminRoutes(r *gin.RouterGroup) {
	r.GET("/admin/staff", s.listStaff)
	r.POST("/admin/staff", s.createStaff)
	r.PUT("/admin/staff/:id", s.updateStaff)
}

var staffRoles = []string{domain.RoleReception, domain.RoleSpecialist, domain.RoleLeader,
	domain.RoleClerk, domain.RoleSupervisor, domain.RoleAdmin}

var staffUsername = regexp.MustCompile(`^[A-Za-z0-9._-]{3,32}$`)

func checkRoles(roles []string) error {
	if len(roles) == 0 {
		return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_staff", Message: "Phải chọn ít nhất một vai trò.",
			Fields: map[string]string{"roles": "Bắt buộc."}}
	}
	for _, r := range roles {
		if !slices.Contains(staffRoles, r) {
			return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_staff", Message: "Vai trò không hợp lệ: " + r,
				Fields: map[string]string{"roles": "Một trong: " + strings.Join(staffRoles, ", ")}}
		}
	}
	return nil
}

func (s *Server) listStaff(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	agency, err := queryInt(c, "agency")
	if err != nil {
		s.fail(c, err)
		return
	}
	as, err := s.Store.StaffList(c, agency)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": as})
}

type staffRequest struct {
	Username string   `json:"username"`
	Password string   `json:"password"`
	FullName string   `json:"full_name"`
	Email    string   `json:"email"`
	AgencyID int64    `json:"agency_id"`
	Roles    []string `json:"roles"`
}

// createStaff creates an officer account (admins). Errors: invalid_staff (422),
// weak_password (422), username_taken (409).
func (s *Server) createStaff(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	var req staffRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, err := s.createStaffAccount(c, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, acc)
}

// createStaffAccount checks req and creates the officer account. Errors: invalid_staff,
// weak_password, username_taken.
func (s *Server) createStaffAccount(c *gin.Context, req staffRequest) (domain.Account, error) {
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
	return s.Store.CreateStaff(c, in)
}

// updateStaff changes an officer's roles and enabled state (admins); disabling ends the
// officer's sessions. Errors: invalid_staff, account_not_found.
func (s *Server) updateStaff(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.fail(c, domain.NewError(domain.NotFound, "account_not_found", "Không tìm thấy tài khoản."))
		return
	}
	var req struct {
		Roles    []string `json:"roles"`
		Disabled bool     `json:"disabled"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, err := s.changeStaff(c, id, req.Roles, req.Disabled)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, acc)
}

// changeStaff sets an officer's roles and enabled state. Errors: invalid_staff,
// account_not_found.
func (s *Server) changeStaff(c *gin.Context, id int64, roles []string, disabled bool) (domain.Account, error) {
	if err := checkRoles(roles); err != nil {
		return domain.Account{}, err
	}
	return s.Store.UpdateStaff(c, id, roles, disabled)
}
