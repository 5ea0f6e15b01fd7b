package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// consoleCatalogue shows the catalogue in force: agencies with their procedure counts,
// the procedures, an export link and the import form.
func (s *Server) consoleCatalogue(c *gin.Context) {
	s.renderCatalogue(c, http.StatusOK, gin.H{})
}

func (s *Server) renderCatalogue(c *gin.Context, code int, data gin.H) {
	agencies, err := s.svc.Agencies(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	procs, err := s.svc.ListProcedures(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Agencies"], data["Procedures"] = agencies, procs
	s.render(c, code, "console_catalogue", s.consoleData(c, data))
}

// consoleImportCatalogue imports an uploaded catalogue (the one-file JSON format, field
// "catalogue") as a whole, or lists every problem and writes nothing.
func (s *Server) consoleImportCatalogue(c *gin.Context) {
	fh, err := c.FormFile("catalogue")
	if err != nil {
		s.renderCatalogue(c, http.StatusUnprocessableEntity, gin.H{"Errors": map[string]string{"catalogue": "Chọn tệp danh mục (JSON)."}})
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.pageError(c, err)
		return
	}
	defer f.Close()
	raw, err := io.ReadAll(io.LimitReader(f, service.MaxCatalogueBytes+1))
	if err != nil {
		s.pageError(c, err)
		return
	}
	var cat catalogue.Catalogue
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if len(raw) > service.MaxCatalogueBytes {
		err = errors.New("too large")
	} else {
		err = dec.Decode(&cat)
	}
	if err != nil {
		s.renderCatalogue(c, http.StatusUnprocessableEntity, gin.H{"Errors": map[string]string{"catalogue": "Tệp không phải danh mục JSON hợp lệ (" +
			shorten(err.Error(), 200) + ")."}})
		return
	}
	sum, err := s.svc.ImportCatalogue(c, cat)
	var invalid *catalogue.ValidationError
	if errors.As(err, &invalid) {
		s.renderCatalogue(c, http.StatusUnprocessableEntity, gin.H{"Problems": invalid.Problems,
			"Error": "Danh mục có " + strconv.Itoa(len(invalid.Problems)) + " lỗi, chưa nhập dữ liệu nào."})
		return
	}
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.renderCatalogue(c, http.StatusOK, gin.H{"Summary": &sum})
}

// staffRow is an officer as the staff page lists them, with a role checklist.
type staffRow struct {
	domain.Account
	RoleChecks []roleCheck
}

type roleCheck struct {
	Value, Label string
	Checked      bool
}

func roleChecks(have []string) []roleCheck {
	out := make([]roleCheck, len(service.StaffRoles))
	for i, r := range service.StaffRoles {
		out[i] = roleCheck{r, domain.RoleLabel(r), slices.Contains(have, r)}
	}
	return out
}

// consoleStaffPage lists the officers with forms to change their roles or disable them,
// and the form to create one.
func (s *Server) consoleStaffPage(c *gin.Context) {
	s.renderStaff(c, http.StatusOK, gin.H{"Form": map[string]string{}, "Errors": map[string]string{}, "NewRoles": roleChecks(nil)})
}

func (s *Server) renderStaff(c *gin.Context, code int, data gin.H) {
	list, err := s.svc.StaffList(c, 0)
	if err != nil {
		s.pageError(c, err)
		return
	}
	agencies, err := s.agencyOptions(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	rows := make([]staffRow, len(list))
	for i, a := range list {
		rows[i] = staffRow{Account: a, RoleChecks: roleChecks(a.Roles)}
	}
	data["Staff"], data["Agencies"] = rows, agencies
	if n := c.Query("da"); n == "tao" {
		data["Notice"] = "Đã tạo tài khoản cán bộ."
	} else if n == "sua" {
		data["Notice"] = "Đã cập nhật tài khoản cán bộ."
	}
	s.render(c, code, "console_staff", s.consoleData(c, data))
}

// consoleCreateStaff creates an officer from the form: username, password, full_name,
// email, agency_id, roles (checkboxes).
func (s *Server) consoleCreateStaff(c *gin.Context) {
	form := map[string]string{}
	for _, k := range []string{"username", "full_name", "email", "agency_id"} {
		form[k] = strings.TrimSpace(c.PostForm(k))
	}
	req := service.StaffInput{Username: form["username"], Password: c.PostForm("password"), FullName: form["full_name"],
		Email: form["email"], Roles: c.PostFormArray("roles")}
	errs := map[string]string{}
	if form["agency_id"] != "" {
		id, err := strconv.ParseInt(form["agency_id"], 10, 64)
		if err != nil || id <= 0 {
			errs["agency_id"] = "Cơ quan không hợp lệ."
		}
		req.AgencyID = id
	}
	var err error = errInvalidForm
	if len(errs) == 0 {
		_, err = s.svc.CreateStaff(c, req)
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/can-bo?da=tao")
		return
	}
	e, ok := domain.Public(err)
	if !ok {
		s.pageError(c, err)
		return
	}
	if len(errs) == 0 {
		errs, _ = fieldErrors(err)
		switch e.Code {
		case "username_taken":
			errs["username"] = e.Message
		case "invalid_staff":
			if len(errs) == 0 {
				errs["agency_id"] = e.Message
			}
		}
	}
	s.renderStaff(c, httpx.Status(e), gin.H{"Form": form, "Errors": errs, "NewRoles": roleChecks(req.Roles), "Error": e.Message})
}

// consoleUpdateStaff sets an officer's roles (checkboxes) and disabled state.
func (s *Server) consoleUpdateStaff(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.pageError(c, domain.NewError(domain.NotFound, "account_not_found", "Không tìm thấy tài khoản."))
		return
	}
	if _, err := s.svc.ChangeStaff(c, id, c.PostFormArray("roles"), c.PostForm("disabled") == "on"); err != nil {
		e, ok := domain.Public(err)
		if !ok || e.Kind == domain.NotFound {
			s.pageError(c, err)
			return
		}
		s.renderStaff(c, httpx.Status(e), gin.H{"Form": map[string]string{}, "Errors": map[string]string{}, "NewRoles": roleChecks(nil),
			"RowErrors": map[int64]string{id: e.Message}, "Error": e.Message})
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/can-bo?da=sua")
}

// dayKinds name the calendar's day kinds.
var dayKinds = []option{{"holiday", "Ngày nghỉ (lễ, tết)"}, {"workday", "Ngày làm bù (cuối tuần đi làm)"}}

// consoleHolidays lists the calendar's holidays and compensatory working days of a year
// (year, default this one) with the forms to add and remove them.
func (s *Server) consoleHolidays(c *gin.Context) {
	s.renderHolidays(c, http.StatusOK, gin.H{"Form": map[string]string{"kind": "holiday"}, "Errors": map[string]string{}})
}

func (s *Server) renderHolidays(c *gin.Context, code int, data gin.H) {
	year := s.svc.Now().In(dossiercode.Location).Year()
	if y, err := strconv.Atoi(c.Query("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	} else if y, err := strconv.Atoi(c.PostForm("year")); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	days, err := s.svc.CalendarDays(c, year)
	if err != nil {
		s.pageError(c, err)
		return
	}
	all, err := s.svc.CalendarDays(c, 0)
	if err != nil {
		s.pageError(c, err)
		return
	}
	years := map[int]bool{year: true, year - 1: true, year + 1: true}
	for _, d := range all {
		years[d.Day.Year()] = true
	}
	var yearList []int
	for y := range years {
		yearList = append(yearList, y)
	}
	sort.Ints(yearList)
	type dayRow struct {
		domain.CalendarDay
		Date, Weekday, KindLabel string
	}
	rows := make([]dayRow, len(days))
	for i, d := range days {
		rows[i] = dayRow{CalendarDay: d, Date: d.Day.Format(time.DateOnly), Weekday: weekdays[d.Day.Weekday()], KindLabel: dayKinds[0].Label}
		if d.Kind == "workday" {
			rows[i].KindLabel = dayKinds[1].Label
		}
	}
	versions, err := s.svc.CalendarVersions(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Year"], data["Years"], data["Days"], data["Kinds"], data["Versions"] = year, yearList, rows, dayKinds, versions[:min(len(versions), 10)]
	recount := " Hạn của các hồ sơ đang giải quyết có thời hạn đi qua ngày thay đổi được tính lại."
	switch c.Query("da") {
	case "them":
		data["Notice"] = "Đã lưu ngày vào lịch (phiên bản lịch " + c.Query("v") + ")." + recount
	case "xoa":
		data["Notice"] = "Đã xoá ngày khỏi lịch (phiên bản lịch " + c.Query("v") + ")." + recount
	}
	s.render(c, code, "console_holidays", s.consoleData(c, data))
}

var weekdays = [...]string{"Chủ nhật", "Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy"}

// consoleAddHoliday adds (or changes) a calendar day: day (YYYY-MM-DD), kind, name.
func (s *Server) consoleAddHoliday(c *gin.Context) {
	form := map[string]string{"day": strings.TrimSpace(c.PostForm("day")), "kind": c.PostForm("kind"), "name": strings.TrimSpace(c.PostForm("name")),
		"source": strings.TrimSpace(c.PostForm("source"))}
	d := domain.CalendarDay{Kind: form["kind"], Name: form["name"]}
	errs := map[string]string{}
	if form["day"] != "" {
		t, err := time.Parse(time.DateOnly, form["day"])
		if err != nil {
			errs["day"] = "Ngày dạng YYYY-MM-DD."
		}
		d.Day = t
	}
	var err error = errInvalidForm
	var v calendar.Version
	if len(errs) == 0 {
		sess, _ := httpx.Current(c)
		v, err = s.svc.SetCalendarDay(c, sess, d, form["source"])
	}
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/ngay-nghi?da=them&v="+strconv.Itoa(v.Number)+"&year="+strconv.Itoa(d.Day.Year()))
		return
	}
	e, ok := domain.Public(err)
	if !ok {
		s.pageError(c, err)
		return
	}
	if len(errs) == 0 {
		errs, _ = fieldErrors(err)
	}
	s.renderHolidays(c, httpx.Status(e), gin.H{"Form": form, "Errors": errs, "Error": e.Message})
}

// consoleRemoveHoliday removes the calendar day given as day.
func (s *Server) consoleRemoveHoliday(c *gin.Context) {
	t, err := time.Parse(time.DateOnly, c.PostForm("day"))
	if err != nil {
		s.pageError(c, domain.NewError(domain.NotFound, "day_not_found", "Ngày này không có trong lịch."))
		return
	}
	sess, _ := httpx.Current(c)
	v, err := s.svc.RemoveCalendarDay(c, sess, t)
	if err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/quan-tri/ngay-nghi?da=xoa&v="+strconv.Itoa(v.Number)+"&year="+strconv.Itoa(t.Year()))
}
