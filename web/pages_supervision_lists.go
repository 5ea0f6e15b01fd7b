package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// oversightKeys are the query parameters of the supervision worklist, as its form and
// saved filters keep them.
var oversightKeys = []string{"agency", "list", "q", "status", "all", "procedure", "assignee",
	"received_from", "received_to", "due_from", "due_to"}

// oversightLists are the worklist's tabs.
var oversightLists = []option{{"", "Tất cả hồ sơ"}, {domain.ListDueSoon, "Sắp đến hạn"},
	{domain.ListOverdue, "Quá hạn"}, {domain.ListSupplement, "Chờ bổ sung quá lâu"}}

// oversightPage is the saved filters' page name of the worklist.
const oversightPage = "giam-sat"

// consoleOversight is the supervisors' and leaders' worklist (/can-bo/giam-sat): every
// dossier of the agencies in scope, open ones unless all is ticked, searchable (see
// oversightKeys), the lists "due soon", "overdue" and "waiting for a supplement too
// long", saved filters, and for a leader the reassignment of the ticked dossiers.
func (s *Server) consoleOversight(c *gin.Context) {
	s.renderOversight(c, http.StatusOK, nil)
}

// renderOversight renders the worklist of the request's query, with the outcome of a
// reassignment when there is one.
func (s *Server) renderOversight(c *gin.Context, status int, moved *service.ReassignResult) {
	acc := consoleAccount(c)
	form := map[string]string{}
	for _, k := range oversightKeys {
		form[k] = c.Query(k)
	}
	data := gin.H{"Form": form, "Lists": oversightLists, "Rows": []domain.OversightRow{}, "Reassign": moved,
		"Back": c.Request.URL.RequestURI(), "CanReassign": hasRole(acc, domain.RoleLeader) && acc.AgencyID != nil,
		"MovedCount": c.Query("da-chuyen"), "PageLinks": []pageLink{}}
	if err := s.oversightOptions(c, acc, data); err != nil {
		s.pageError(c, err)
		return
	}
	f, err := httpx.OversightFilter(c)
	var rows []domain.OversightRow
	var total int
	var q domain.OversightQuery
	if err == nil {
		rows, total, q, err = s.svc.Oversight(c, acc, f)
	}
	if e, ok := domain.Public(err); ok && e.Kind == domain.Invalid {
		data["Errors"], data["Error"] = fieldErrors(err)
		s.render(c, http.StatusBadRequest, "console_oversight", s.consoleData(c, data))
		return
	}
	if err != nil {
		s.pageError(c, err)
		return
	}
	params := url.Values{}
	for k, v := range form {
		if v != "" {
			params.Set(k, v)
		}
	}
	pages := (total + q.PerPage - 1) / q.PerPage
	var links []pageLink
	for n := max(1, q.Page-5); n <= min(pages, q.Page+5); n++ {
		params.Set("page", strconv.Itoa(n))
		links = append(links, pageLink{n, "/can-bo/giam-sat?" + params.Encode(), n == q.Page})
	}
	params.Del("page")
	data["Rows"], data["Total"], data["Pages"], data["PageLinks"], data["Query"] = rows, total, pages, links, params.Encode()
	s.render(c, status, "console_oversight", s.consoleData(c, data))
}

// oversightOptions adds the form's choices to data: agencies (supervisors), the
// officers of a leader's agency (assignee filter and reassignment), statuses, and the
// officer's saved filters.
func (s *Server) oversightOptions(c *gin.Context, acc domain.Account, data gin.H) error {
	if hasRole(acc, domain.RoleSupervisor, domain.RoleAdmin) {
		agencies, err := s.agencyOptions(c)
		if err != nil {
			return err
		}
		data["Agencies"] = agencies
	}
	if acc.AgencyID != nil {
		staff, err := s.svc.StaffList(c, *acc.AgencyID)
		if err != nil {
			return err
		}
		var officers []option
		for _, o := range staff {
			if !o.Disabled {
				officers = append(officers, option{strconv.FormatInt(o.ID, 10), o.FullName + " (" + roleNames(o.Roles) + ")"})
			}
		}
		data["Officers"] = officers
	}
	data["StatusOptions"] = statusOptions(domain.StatusNew, domain.StatusReceived, domain.StatusRefused, domain.StatusProcessing,
		domain.StatusSupplementRequested, domain.StatusPaymentRequested, domain.StatusWithdrawalRequested, domain.StatusStopped,
		domain.StatusProcessed, domain.StatusDelivered)
	saved, err := s.svc.SavedFilters(c, acc, oversightPage)
	data["Saved"] = saved
	return err
}

// consoleReassign gives the ticked dossiers (code, or the one row's button one) to an
// officer (to_officer_id), as the leader of the agency holding them; back is the list
// to return to. All moved: back to the list with the count; some refused: the list again
// with each refusal.
func (s *Server) consoleReassign(c *gin.Context) {
	codes := c.PostFormArray("code")
	if one := c.PostForm("one"); one != "" {
		codes = []string{one}
	}
	to, _ := strconv.ParseInt(c.PostForm("to_officer_id"), 10, 64)
	back := c.PostForm("back")
	if !strings.HasPrefix(back, "/can-bo/") || strings.HasPrefix(back, "//") {
		back = "/can-bo/giam-sat"
	}
	// The form sent again (a double click, a retry) is the same operation: per dossier,
	// the same workflow update, applied once.
	sum := sha256.Sum256([]byte(c.PostForm("csrf_token") + "|" + c.PostForm("to_officer_id") + "|" + strings.Join(codes, ",")))
	res, err := s.svc.ReassignDossiers(c, consoleAccount(c), codes, to, "reassign-"+hex.EncodeToString(sum[:16]))
	u, _ := url.Parse(back)
	c.Request.URL.Path, c.Request.URL.RawQuery = u.Path, u.RawQuery
	if e, ok := domain.Public(err); ok && e.Kind != domain.Forbidden {
		res.Failed = map[string]string{"": e.Message}
		s.renderBack(c, http.StatusUnprocessableEntity, &res)
		return
	}
	if err != nil {
		s.pageError(c, err)
		return
	}
	if len(res.Failed) > 0 {
		s.renderBack(c, http.StatusOK, &res)
		return
	}
	q := u.Query()
	q.Set("da-chuyen", strconv.Itoa(len(res.Moved)))
	c.Redirect(http.StatusSeeOther, u.Path+"?"+q.Encode())
}

// renderBack renders the page a reassignment came from with its outcome.
func (s *Server) renderBack(c *gin.Context, status int, res *service.ReassignResult) {
	if c.Request.URL.Path == "/can-bo/khoi-luong" {
		s.renderWorkload(c, status, res)
		return
	}
	s.renderOversight(c, status, res)
}

// consoleSaveFilter saves the worklist's current query under a name, and
// consoleDeleteFilter removes a saved filter; both return to the worklist.
func (s *Server) consoleSaveFilter(c *gin.Context) {
	f := domain.SavedFilter{Page: oversightPage, Name: strings.TrimSpace(c.PostForm("name")), Query: c.PostForm("query")}
	if _, err := s.svc.SaveFilter(c, consoleAccount(c), f); err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/giam-sat?"+f.Query)
}

func (s *Server) consoleDeleteFilter(c *gin.Context) {
	id, _ := strconv.ParseInt(c.PostForm("id"), 10, 64)
	if err := s.svc.DeleteFilter(c, consoleAccount(c), id); err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/giam-sat")
}
