package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// registerPublicPages adds the pages anyone can read: home, văn bản, hướng dẫn, hỏi đáp,
// the catalogue (thủ tục hành chính, dịch vụ công trực tuyến), a procedure, the lookup
// (tra cứu) and the statistics (thống kê).
func (s *Server) registerPublicPages(p *gin.RouterGroup) {
	p.GET("/", s.homePage)
	p.GET("/van-ban", s.staticPage("documents"))
	p.GET("/huong-dan", s.staticPage("guide"))
	p.GET("/hoi-dap", s.staticPage("faq"))
	p.GET("/thu-tuc", s.proceduresPage)
	p.GET("/dich-vu-cong", s.agenciesPage)
	p.GET("/thu-tuc/:id", s.procedurePage)
	p.GET("/tra-cuu", s.lookupPage)
	p.POST("/tra-cuu/kiem-tra", s.verifySubmit)
	p.GET("/thong-ke", s.statsPage)
}

// staticPage renders a page without data of its own.
func (s *Server) staticPage(page string) gin.HandlerFunc {
	return func(c *gin.Context) { s.render(c, http.StatusOK, page, s.pageData(c, nil)) }
}

// agencyGroup is agencies of one level, for the lists of agencies.
type agencyGroup struct {
	Title    string
	Agencies []domain.AgencyRow
}

// groupAgencies lists the agencies with procedures by level, as the seed portals do.
func groupAgencies(as []domain.AgencyRow) []agencyGroup {
	titles := []struct{ level, title string }{{"province", "Ủy ban nhân dân tỉnh"}, {"department", "Sở, ban, ngành"},
		{"district", "Ủy ban nhân dân cấp huyện"}, {"commune", "Ủy ban nhân dân cấp xã"}}
	var out []agencyGroup
	for _, t := range titles {
		g := agencyGroup{Title: t.title}
		for _, a := range as {
			if a.Level == t.level && a.Procedures > 0 {
				g.Agencies = append(g.Agencies, a)
			}
		}
		if len(g.Agencies) > 0 {
			out = append(out, g)
		}
	}
	return out
}

// homePage is the portal's home: search, quick links and the agencies with their counts.
func (s *Server) homePage(c *gin.Context) {
	as, err := s.svc.Agencies(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	total := 0
	for _, a := range as {
		total += a.Procedures
	}
	s.render(c, http.StatusOK, "home", s.pageData(c, gin.H{"Groups": groupAgencies(as), "Total": total}))
}

// agenciesPage is "dịch vụ công trực tuyến": choose the agency, then the field, then the procedure.
func (s *Server) agenciesPage(c *gin.Context) {
	as, err := s.svc.Agencies(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "agencies", s.pageData(c, gin.H{"Groups": groupAgencies(as)}))
}

// proceduresPage searches the catalogue: agency, field (with counts), words (accent-insensitive), page.
func (s *Server) proceduresPage(c *gin.Context) {
	var q domain.ProcedureQuery
	var page int64
	data := gin.H{"Q": c.Query("q")}
	for _, p := range []struct {
		name string
		to   *int64
	}{{"agency", &q.AgencyID}, {"field", &q.FieldID}, {"page", &page}} {
		var err error
		if *p.to, err = httpx.QueryInt(c, p.name); err != nil {
			s.formFailure(c, "procedures", data, err)
			return
		}
	}
	q.Q, q.Page = c.Query("q"), int(page)
	res, err := s.svc.SearchProcedures(c, q)
	if err != nil {
		s.pageError(c, err)
		return
	}
	as, err := s.svc.Agencies(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	for _, a := range as {
		if a.ID == q.AgencyID {
			data["Agency"] = a
		}
	}
	for _, f := range res.FieldCounts {
		if f.ID == q.FieldID {
			data["Field"] = f
		}
	}
	link := func(field int64, page int) string {
		v := url.Values{}
		if q.AgencyID > 0 {
			v.Set("agency", strconv.FormatInt(q.AgencyID, 10))
		}
		if field > 0 {
			v.Set("field", strconv.FormatInt(field, 10))
		}
		if q.Q != "" {
			v.Set("q", q.Q)
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return "/thu-tuc?" + v.Encode()
	}
	type fieldLink struct {
		domain.FieldCount
		Href    string
		Current bool
	}
	fields := []fieldLink{}
	for _, f := range res.FieldCounts {
		fields = append(fields, fieldLink{f, link(f.ID, 1), f.ID == q.FieldID})
	}
	pages := (res.Total + res.PerPage - 1) / res.PerPage
	if res.Page > 1 {
		data["Prev"] = link(q.FieldID, res.Page-1)
	}
	if res.Page < pages {
		data["Next"] = link(q.FieldID, res.Page+1)
	}
	data["AllFields"] = link(0, 1)
	data["Result"], data["Fields"], data["Agencies"], data["AgencyID"], data["FieldID"] = res, fields, as, q.AgencyID, q.FieldID
	data["Pages"] = pages
	s.render(c, http.StatusOK, "procedures", s.pageData(c, data))
}

// procedurePage shows a procedure: documents required, fees, deadline, agency, and the
// button that starts an online dossier.
func (s *Server) procedurePage(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.pageError(c, domain.NewError(domain.NotFound, "procedure_not_found", "Không tìm thấy thủ tục hành chính."))
		return
	}
	d, err := s.svc.ProcedureDetail(c, id)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "procedure", s.pageData(c, gin.H{"Proc": d}))
}

// lookupPage is the public lookup (tra cứu hồ sơ) by dossier code or ID number, with the
// same masking and rate limit as the JSON lookup.
func (s *Server) lookupPage(c *gin.Context) {
	code, idNumber := strings.TrimSpace(c.Query("code")), strings.TrimSpace(c.Query("id_number"))
	data := gin.H{"Code": code, "IDNumber": idNumber, "By": c.DefaultQuery("by", "code")}
	if idNumber != "" && code == "" {
		data["By"] = "id"
	}
	if code == "" && idNumber == "" {
		if c.Query("by") != "" { // the form was sent empty
			s.formFailure(c, "lookup", data, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Nhập mã hồ sơ hoặc số giấy tờ tùy thân.",
				Fields: map[string]string{"code": "Nhập mã hồ sơ, ví dụ 000.00.03.H03-200811-0001.", "id_number": "Hoặc nhập số CMND/CCCD của người nộp."}})
			return
		}
		s.render(c, http.StatusOK, "lookup", s.pageData(c, data))
		return
	}
	items, err := s.svc.Lookup(c, service.LookupQuery{Code: code, IDNumber: idNumber,
		UpdateCode: c.Query("update_code"), Procedure: c.Query("procedure"), Applicant: c.Query("applicant"),
		Viewer: httpx.Viewer(c), ClientIP: c.ClientIP(), Explain: true})
	if err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == "dossier_not_found" {
			err = &domain.Error{Kind: domain.NotFound, Code: e.Code, Message: "Không tìm thấy hồ sơ có mã này.",
				Fields: map[string]string{"code": "Không tìm thấy hồ sơ có mã này, vui lòng kiểm tra lại."}}
		}
		s.formFailure(c, "lookup", data, err)
		return
	}
	data["Items"] = items
	data["Searched"] = true
	s.render(c, http.StatusOK, "lookup", s.pageData(c, data))
}

// statsPage is the public statistics (thống kê) with charts drawn as SVG on the server.
func (s *Server) statsPage(c *gin.Context) {
	typed := gin.H{"From": c.Query("from"), "To": c.Query("to")}
	// The page's "to" is the last day shown; the query's is the first day left out.
	if to, err := time.ParseInLocation(time.DateOnly, c.Query("to"), dossiercode.Location); err == nil {
		v := c.Request.URL.Query()
		v.Set("to", to.AddDate(0, 0, 1).Format(time.DateOnly))
		c.Request.URL.RawQuery = v.Encode()
	}
	f, err := httpx.StatsFilter(c)
	var q domain.StatsQuery
	var rows []service.AgencySummary
	if err == nil {
		q, rows, err = s.svc.PublicSummary(c, f)
	}
	if err != nil {
		s.formFailure(c, "stats", typed, err)
		return
	}
	total := domain.StatsQuery{From: q.From, To: q.To}
	sum, err := s.svc.Stats(c, total)
	if err != nil {
		s.pageError(c, err)
		return
	}
	var all domain.Stats
	if len(sum) > 0 {
		all = sum[0]
	}
	var active []service.AgencySummary
	for _, r := range rows {
		if r.Received > 0 || r.Resolved > 0 {
			active = append(active, r)
		}
	}
	s.render(c, http.StatusOK, "stats", s.pageData(c, gin.H{
		"From": q.From.Format("2006-01-02"), "To": q.To.AddDate(0, 0, -1).Format("2006-01-02"),
		"Rows": active, "All": all,
		"VolumeChart": volumeChart(active), "TimingChart": timingChart(all), "RatingChart": satisfactionChart(all),
	}))
}
