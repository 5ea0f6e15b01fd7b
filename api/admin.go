package api

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

func (s *Server) registerAdminRoutes(r *gin.RouterGroup) {
	r.GET("/admin/staff", s.listStaff)
	r.POST("/admin/staff", s.createStaff)
	r.PUT("/admin/staff/:id", s.updateStaff)
}

// listStaff answers the officers (of ?agency=). Errors: login_required, staff_only,
// invalid_query.
func (s *Server) listStaff(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	agency, err := httpx.QueryInt(c, "agency")
	if err != nil {
		s.fail(c, err)
		return
	}
	as, err := s.svc.StaffList(c, agency)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": as})
}

// createStaff creates an officer account (admins). Errors: invalid_staff (422, with
// fields), weak_password (422), username_taken (409).
func (s *Server) createStaff(c *gin.Context) {
	if _, ok := s.staff(c, domain.RoleAdmin); !ok {
		return
	}
	var req service.StaffInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	acc, err := s.svc.CreateStaff(c, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, acc)
}

// updateStaff changes an officer's roles or disables the account, which ends its
// sessions (admins). Errors: account_not_found, invalid_staff.
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
	acc, err := s.svc.ChangeStaff(c, id, req.Roles, req.Disabled)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, acc)
}
