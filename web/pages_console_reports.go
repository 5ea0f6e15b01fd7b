package web

import (
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/vnformat"
)

// auditActions are the log actions the audit search offers.
var auditActions = []string{domain.ActionSubmitted, domain.ActionReceived, domain.ActionRefused,
	domain.ActionSupplementRequested, domain.ActionSupplemented, domain.ActionWithdrawn, domain.ActionAssigned, domain.ActionClaimed,
	domain.ActionTransferred, domain.ActionTransferredBack, domain.ActionInteragencySent,
	domain.ActionInteragencyReceived, domain.ActionInteragencyReturned, domain.ActionPaymentRequested,
	domain.ActionPaymentConfirmed, domain.ActionFinished, domain.ActionExtended, domain.ActionStopped,
	domain.ActionDelivered, domain.ActionSupplementExpired, domain.ActionReminder, domain.ActionStepOverdue,
	domain.ActionOverdue}

// agencyOptions lists the agencies for a filter.
func (s *Server) agencyOptions(c *gin.Context) ([]option, error) {
	as, err := s.svc.Agencies(c)
	if err != nil {
		return nil, err
	}
	out := make([]option, len(as))
	for i, a := range as {
		out[i] = option{strconv.FormatInt(a.ID, 10), a.Name}
	}
	return out, nil
}

// pageLink is a link of a pager.
type pageLink struct {
	Number  int
	Href    string
	Current bool
}

// consoleAudit is the supervisors' search of the processing log (agency, actor, action,
// from, to, page), 50 rows a page, with a CSV export of every match.
func (s *Server) consoleAudit(c *gin.Context) {
	form := map[string]string{}
	for _, k := range []string{"agency", "actor", "action", "from", "to"} {
		form[k] = c.Query(k)
	}
	agencies, err := s.agencyOptions(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	actions := make([]option, len(auditActions))
	for i, a := range auditActions {
		actions[i] = option{a, domain.ActionLabel(a)}
	}
	data := gin.H{"Form": form, "Errors": map[string]string{}, "Agencies": agencies, "Actions": actions}
	q, err := httpx.EventQuery(c)
	if err != nil {
		data["Errors"], data["Error"] = fieldErrors(err)
		s.render(c, http.StatusBadRequest, "console_audit", s.consoleData(c, data))
		return
	}
	events, total, err := s.svc.SearchEvents(c, q)
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
	csv := url.Values{"format": {"csv"}}
	for k, v := range params {
		csv[k] = v
	}
	data["CSV"] = "/api/v1/audit/events?" + csv.Encode()
	pages := (total + q.PerPage - 1) / q.PerPage
	var links []pageLink
	for n := max(1, q.Page-5); n <= min(pages, q.Page+5); n++ {
		params.Set("page", strconv.Itoa(n))
		links = append(links, pageLink{n, "/can-bo/nhat-ky?" + params.Encode(), n == q.Page})
	}
	data["Events"], data["Total"], data["Pages"], data["Page"], data["PageLinks"] = events, total, pages, q.Page, links
	s.render(c, http.StatusOK, "console_audit", s.consoleData(c, data))
}

// consoleStats is the statistics dashboard (report form 06): filters agency, field,
// from, to, group_by; the table, SVG charts and a CSV export.
func (s *Server) consoleStats(c *gin.Context) {
	form := map[string]string{}
	for _, k := range []string{"agency", "from", "to", "group_by"} {
		form[k] = c.Query(k)
	}
	if form["group_by"] == "" {
		form["group_by"] = "agency"
	}
	agencies, err := s.agencyOptions(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data := gin.H{"Form": form, "Errors": map[string]string{}, "Agencies": agencies,
		"GroupOptions": []option{{"agency", "Theo cơ quan"}, {"field", "Theo lĩnh vực"}}}
	q, err := s.statsQuery(c)
	if err != nil {
		data["Errors"], data["Error"] = fieldErrors(err)
		s.render(c, http.StatusBadRequest, "console_stats", s.consoleData(c, data))
		return
	}
	if q.GroupBy == "" {
		q.GroupBy = "agency"
	}
	rows, err := s.svc.Stats(c, q)
	if err != nil {
		s.pageError(c, err)
		return
	}
	if form["from"] == "" {
		form["from"] = q.From.In(dossiercode.Location).Format(time.DateOnly)
	}
	if form["to"] == "" {
		form["to"] = q.To.In(dossiercode.Location).Format(time.DateOnly)
	}
	params := url.Values{"format": {"csv"}, "group_by": {q.GroupBy}, "from": {form["from"]}, "to": {form["to"]}}
	if form["agency"] != "" {
		params.Set("agency", form["agency"])
	}
	total := domain.Totals(rows)
	view := make([]statsRow, len(rows))
	for i, r := range rows {
		view[i] = newStatsRow(r)
	}
	data["Rows"], data["Total"], data["CSV"] = view, newStatsRow(total), "/api/v1/stats?"+params.Encode()
	data["Charts"] = []chart{groupChart(rows, q.GroupBy == "field"), progressChart(total), satisfactionChart(total)}
	s.render(c, http.StatusOK, "console_stats", s.consoleData(c, data))
}

// statsRow is a row of the statistics table.
type statsRow struct {
	domain.Stats
	OnTime, AvgDays string
	// AvgUnits is the average processing time in each procedure's unit.
	AvgUnits []string
}

func newStatsRow(r domain.Stats) statsRow {
	row := statsRow{Stats: r, OnTime: vnformat.PercentOf(r.OnTimePercent), AvgDays: vnformat.NumberOf(r.AvgProcessingDays, 2)}
	for _, u := range r.AvgByUnit {
		row.AvgUnits = append(row.AvgUnits, u.Text)
	}
	return row
}

// statsQuery reads and completes a statistics request. Errors: invalid_query.
func (s *Server) statsQuery(c *gin.Context) (domain.StatsQuery, error) {
	f, err := httpx.StatsFilter(c)
	if err != nil {
		return domain.StatsQuery{}, err
	}
	return s.svc.StatsQuery(f)
}
