package web

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/textsearch"
)

// The officers' console (/can-bo): the worklist, the dossier page with the decisions the
// workflow allows, the supervisors' audit search and statistics, and the admins'
// catalogue, staff and calendar pages. Pages call the same use cases of internal/service
// as the JSON API (Worklist, OfficerDecide, AssignStep, AttachResult, StatsQuery,
// CreateStaff, ChangeStaff, ImportCatalogue); forms post with the session's CSRF token
// (pageSession) and redirect after success.

// consoleUploadRoutes accept request bodies up to the upload limit (see BodyLimit).
var consoleUploadRoutes = map[string]bool{
	"/can-bo/ho-so/:ref/quyet-dinh": true,
	"/can-bo/quan-tri/danh-muc":     true,
}

// registerConsolePages adds the officers' and supervisors' console pages (/can-bo) to p, the page group (see pageSession).
func (s *Server) registerConsolePages(p *gin.RouterGroup) {
	g := p.Group("/can-bo")
	staff := s.consoleStaff()
	g.GET("", staff, s.consoleInbox)
	g.GET("/ho-so/:ref", staff, s.consoleDossier)
	g.POST("/ho-so/:ref/nhan-xu-ly", staff, s.consoleClaim)
	g.POST("/ho-so/:ref/phan-cong", staff, s.consoleAssign)
	g.POST("/ho-so/:ref/quyet-dinh", staff, s.consoleDecide)
	s.registerIntakePages(g)
	s.registerNationalAdminPages(g)
	g.GET("/nhat-ky", s.consoleStaff(domain.RoleSupervisor, domain.RoleAdmin), s.consoleAudit)
	g.GET("/thong-ke", s.consoleStaff(domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader), s.consoleStats)
	s.registerSupervisionPages(g)
	admin := s.consoleStaff(domain.RoleAdmin)
	g.GET("/quan-tri/danh-muc", admin, s.consoleCatalogue)
	g.POST("/quan-tri/danh-muc", admin, s.consoleImportCatalogue)
	g.GET("/quan-tri/can-bo", admin, s.consoleStaffPage)
	g.POST("/quan-tri/can-bo", admin, s.consoleCreateStaff)
	g.POST("/quan-tri/can-bo/:id", admin, s.consoleUpdateStaff)
	g.GET("/quan-tri/ngay-nghi", admin, s.consoleHolidays)
	g.POST("/quan-tri/ngay-nghi", admin, s.consoleAddHoliday)
	g.POST("/quan-tri/ngay-nghi/xoa", admin, s.consoleRemoveHoliday)
}

// consoleStaff lets staff with one of roles (any staff when none) through; it sends an
// anonymous visitor to the login page and answers others with the 403 page.
func (s *Server) consoleStaff(roles ...string) gin.HandlerFunc {
	return func(c *gin.Context) {
		sess, ok := httpx.Current(c)
		if !ok {
			next := "/can-bo"
			if c.Request.Method == http.MethodGet {
				next = c.Request.URL.RequestURI()
			}
			c.Redirect(http.StatusSeeOther, "/dang-nhap?next="+url.QueryEscape(next))
			c.Abort()
			return
		}
		if sess.Account.Kind != "staff" || len(roles) > 0 && !hasRole(sess.Account, roles...) {
			s.pageError(c, service.ErrStaffOnly)
			return
		}
		c.Next()
	}
}

func hasRole(acc domain.Account, roles ...string) bool {
	return slices.ContainsFunc(roles, func(r string) bool { return slices.Contains(acc.Roles, r) })
}

// consoleAccount is the signed-in officer (consoleStaff has checked it).
func consoleAccount(c *gin.Context) domain.Account {
	sess, _ := httpx.Current(c)
	return sess.Account
}

// navLink is an entry of the console's menu.
type navLink struct {
	Href, Label string
	Current     bool
}

// consoleData is pageData with the console's menu for the officer's roles.
func (s *Server) consoleData(c *gin.Context, data gin.H) gin.H {
	data = s.pageData(c, data)
	acc := consoleAccount(c)
	links := []navLink{{Href: "/can-bo", Label: "Hồ sơ cần xử lý"}}
	if hasRole(acc, domain.RoleReception) {
		links = append(links, navLink{Href: "/can-bo/tiep-nhan", Label: "Tiếp nhận hồ sơ"})
	}
	if hasRole(acc, domain.RoleSupervisor, domain.RoleAdmin) {
		links = append(links, navLink{Href: "/can-bo/nhat-ky", Label: "Nhật ký xử lý"})
	}
	if hasRole(acc, domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader) {
		links = append(links, navLink{Href: "/can-bo/thong-ke", Label: "Thống kê"})
	}
	links = append(links, supervisionLinks(acc)...)
	if hasRole(acc, domain.RoleAdmin) {
		links = append(links, navLink{Href: "/can-bo/quan-tri/danh-muc", Label: "Danh mục thủ tục"},
			navLink{Href: "/can-bo/quan-tri/can-bo", Label: "Cán bộ"},
			navLink{Href: "/can-bo/quan-tri/ngay-nghi", Label: "Ngày nghỉ, ngày làm bù"},
			navLink{Href: "/can-bo/quan-tri/lien-thong", Label: "Liên thông Cổng DVC quốc gia"})
	}
	for i := range links {
		links[i].Current = links[i].Href == c.Request.URL.Path
	}
	data["Nav"] = links
	data["Officer"] = acc
	data["RoleNames"] = roleNames(acc.Roles)
	return data
}

func roleNames(roles []string) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = domain.RoleLabel(r)
		if names[i] == "" {
			names[i] = r
		}
	}
	return strings.Join(names, ", ")
}

// fieldErrors returns err's per-field messages and, when it has none, its message.
func fieldErrors(err error) (map[string]string, string) {
	e, ok := domain.Public(err)
	if !ok {
		return map[string]string{}, httpx.ErrInternal.Message
	}
	fields := map[string]string{}
	for k, v := range e.Fields {
		fields[k] = v
	}
	return fields, e.Message
}

// slaLabels name the worklist's SLA states.
var slaLabels = map[string]string{"on_track": "Trong hạn", "due_soon": "Sắp đến hạn", "overdue": "Quá hạn"}

// inboxRow is a worklist row as the inbox page shows it.
type inboxRow struct {
	service.WorkItem
	SLALabel string
}

// option is a choice of a select.
type option struct {
	Value, Label string
}

// consoleInbox is the officer's worklist (hồ sơ cần xử lý) with its filters: status,
// procedure, sla (on_track, due_soon, overdue) and q (code, applicant or procedure,
// accent-insensitive).
func (s *Server) consoleInbox(c *gin.Context) {
	acc := consoleAccount(c)
	form := map[string]string{"status": c.Query("status"), "procedure": c.Query("procedure"), "sla": c.Query("sla"), "q": strings.TrimSpace(c.Query("q"))}
	errs := map[string]string{}
	var f service.WorklistFilter
	for name, to := range map[string]*int64{"status": &f.Status, "procedure": &f.ProcedureID} {
		if v := form[name]; v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < 0 {
				errs[name] = "Giá trị không hợp lệ."
			}
			*to = n
		}
	}
	if _, ok := slaLabels[form["sla"]]; form["sla"] != "" && !ok {
		errs["sla"] = "Giá trị không hợp lệ."
	}
	data := gin.H{"Form": form, "Errors": errs, "Rows": []inboxRow{}, "SLAOptions": []option{
		{"on_track", slaLabels["on_track"]}, {"due_soon", slaLabels["due_soon"]}, {"overdue", slaLabels["overdue"]}}}
	data["StatusOptions"] = statusOptions(domain.StatusNew, domain.StatusReceived, domain.StatusProcessing,
		domain.StatusPaymentRequested, domain.StatusProcessed)
	procs, err := s.svc.ListProcedures(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	var procOptions []option
	for _, p := range procs {
		if acc.AgencyID != nil && p.AgencyID == *acc.AgencyID {
			procOptions = append(procOptions, option{strconv.FormatInt(p.ID, 10), p.Name})
		}
	}
	data["ProcedureOptions"] = procOptions
	if len(errs) > 0 {
		s.render(c, http.StatusBadRequest, "console_inbox", s.consoleData(c, data))
		return
	}
	items, err := s.svc.Worklist(c, acc, f)
	if err != nil {
		s.pageError(c, err)
		return
	}
	q := textsearch.Fold(form["q"])
	rows := []inboxRow{}
	for _, it := range items {
		if form["sla"] != "" && it.SLA != form["sla"] {
			continue
		}
		if q != "" && !strings.Contains(textsearch.Fold(*it.Code+" "+it.Name+" "+it.Procedure), q) {
			continue
		}
		rows = append(rows, inboxRow{WorkItem: it, SLALabel: slaLabels[it.SLA]})
	}
	data["Rows"] = rows
	data["Total"] = len(items)
	s.render(c, http.StatusOK, "console_inbox", s.consoleData(c, data))
}

func statusOptions(ss ...domain.Status) []option {
	out := make([]option, len(ss))
	for i, st := range ss {
		out[i] = option{strconv.Itoa(int(st)), st.Label()}
	}
	return out
}
