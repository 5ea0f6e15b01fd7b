package service

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// ReportFilter is a report's request: an agency (0: every agency, for supervisors) and
// an optional period (from the start of the year to the end of today when absent).
type ReportFilter struct {
	AgencyID int64
	From, To *time.Time
	// GroupBy groups the index: "", "agency", "field" or "procedure".
	GroupBy string
}

// reportQuery completes f for acc. Errors: invalid_query, staff_only, not_handling_agency.
func (s *Service) reportQuery(acc domain.Account, f ReportFilter) (domain.StatsQuery, error) {
	agency, err := oversightScope(acc, f.AgencyID)
	if err != nil {
		return domain.StatsQuery{}, err
	}
	group := f.GroupBy
	if group == "procedure" {
		f.GroupBy = "" // StatsQuery knows agency and field; the index adds procedure
	}
	q, err := s.StatsQuery(StatsFilter{AgencyID: agency, From: f.From, To: f.To, GroupBy: f.GroupBy})
	if err != nil {
		return q, err
	}
	q.GroupBy = group
	return q, nil
}

// LateReport returns the late dossiers of f's agency and period for acc, with how late
// each was (at its finish, or at the period's end) and the lost step's overrun, in
// working time. Errors: reportQuery's.
func (s *Service) LateReport(ctx context.Context, acc domain.Account, f ReportFilter) (domain.StatsQuery, []domain.LateDossier, time.Duration, error) {
	q, err := s.reportQuery(acc, f)
	if err != nil {
		return q, nil, 0, err
	}
	rows, err := s.Store.LateReport(ctx, domain.ReportQuery{AgencyID: q.AgencyID, From: q.From, To: q.To})
	if err != nil {
		return q, nil, 0, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return q, nil, 0, err
	}
	for i := range rows {
		r := &rows[i]
		end := q.To
		if r.FinishedAt != nil {
			end = *r.FinishedAt
		}
		if r.DueAt != nil && end.After(*r.DueAt) {
			r.Late = cal.Between(*r.DueAt, end)
		}
		if r.LostFrom != nil && r.LostTo != nil && r.LostTo.After(*r.LostFrom) {
			r.Lost = cal.Between(*r.LostFrom, *r.LostTo)
		}
	}
	return q, rows, cal.Day(), nil
}

// Workload returns the load of each officer of agency (a leader's own when 0) over f's
// period. Errors: reportQuery's, and invalid_query without an agency.
func (s *Service) Workload(ctx context.Context, acc domain.Account, f ReportFilter) (domain.StatsQuery, []domain.Workload, error) {
	q, err := s.reportQuery(acc, f)
	if err != nil {
		return q, nil, err
	}
	if q.AgencyID == 0 {
		return q, nil, invalidQuery("Chọn một cơ quan.", map[string]string{"agency": "Chọn một cơ quan."})
	}
	oq, err := s.oversightQuery(ctx, acc, OversightFilter{AgencyID: q.AgencyID})
	if err != nil {
		return q, nil, err
	}
	rows, err := s.Store.Workload(ctx, q.AgencyID, oq, q.From, q.To)
	return q, rows, err
}

// IndexReport is the service index of a scope and period: the whole scope, the groups
// when asked, and, for a period not yet over, what finishing the dossiers due soon, or
// those overdue, today would change.
type IndexReport struct {
	Query domain.StatsQuery `json:"-"`
	domain.Index
	Items []domain.Index `json:"items,omitempty"`
	// DueSoon and Overdue are the open dossiers of the scope due within a working day,
	// and past their date, now; GainDueSoon and GainOverdue the change of the score if
	// they were all finished today (nil for a period already over).
	DueSoon     int      `json:"due_soon"`
	Overdue     int      `json:"overdue"`
	GainDueSoon *float64 `json:"gain_due_soon,omitempty"`
	GainOverdue *float64 `json:"gain_overdue,omitempty"`
}

// ServiceIndex computes the service index of f's scope for acc (domain.ComputeIndex).
// Errors: reportQuery's, invalid_query (group_by).
func (s *Service) ServiceIndex(ctx context.Context, acc domain.Account, f ReportFilter) (IndexReport, error) {
	switch f.GroupBy {
	case "", "agency", "field", "procedure":
	default:
		return IndexReport{}, invalidQuery("Tham số truy vấn không hợp lệ.", map[string]string{"group_by": "Một trong: agency, field, procedure."})
	}
	q, err := s.reportQuery(acc, f)
	if err != nil {
		return IndexReport{}, err
	}
	whole := q
	whole.GroupBy = ""
	counts, err := s.indexCounts(ctx, whole)
	if err != nil {
		return IndexReport{}, err
	}
	rep := IndexReport{Query: q, Index: domain.ComputeIndex(counts[0])}
	if q.GroupBy != "" {
		groups, err := s.indexCounts(ctx, q)
		if err != nil {
			return rep, err
		}
		for _, c := range groups {
			rep.Items = append(rep.Items, domain.ComputeIndex(c))
		}
	}
	if !q.To.After(s.Now()) {
		return rep, nil
	}
	for list, n := range map[string]*int{domain.ListDueSoon: &rep.DueSoon, domain.ListOverdue: &rep.Overdue} {
		oq, err := s.oversightQuery(ctx, acc, OversightFilter{AgencyID: q.AgencyID, List: list})
		if err != nil {
			return rep, err
		}
		oq.PerPage = 1
		if _, *n, err = s.Store.Oversight(ctx, oq); err != nil {
			return rep, err
		}
	}
	soon := domain.ComputeIndex(counts[0].FinishedNow(rep.DueSoon, false)).Score - rep.Score
	late := domain.ComputeIndex(counts[0].FinishedNow(rep.Overdue, true)).Score - rep.Score
	rep.GainDueSoon, rep.GainOverdue = &soon, &late
	return rep, nil
}

// indexCounts joins the index's flag counts (IndexCounts) with the statistics' figures
// of dossiers open at the period's end and of ratings, per group of q; without a
// grouping, one row even for an empty period.
func (s *Service) indexCounts(ctx context.Context, q domain.StatsQuery) ([]domain.IndexCounts, error) {
	counts, err := s.Store.IndexCounts(ctx, q)
	if err != nil {
		return nil, err
	}
	if q.GroupBy == "procedure" {
		return counts, nil // form 06 is not kept per procedure: in progress and ratings count full there
	}
	stats, err := s.Store.Stats(ctx, q)
	if err != nil {
		return nil, err
	}
	byGroup := map[int64]domain.IndexCounts{}
	for _, c := range counts {
		byGroup[c.GroupID] = c
	}
	for _, st := range stats {
		c := byGroup[st.GroupID]
		c.GroupID = st.GroupID
		if c.GroupName == "" {
			c.GroupName = st.GroupName
		}
		c.InProgressOnTime, c.InProgressOverdue = st.InProgressOnTime, st.InProgressOverdue
		c.RatingsSatisfied, c.Ratings = st.VerySatisfied+st.Satisfied, st.VerySatisfied+st.Satisfied+st.NotSatisfied
		byGroup[st.GroupID] = c
	}
	counts = counts[:0]
	for _, c := range byGroup {
		counts = append(counts, c)
	}
	slices.SortFunc(counts, func(a, b domain.IndexCounts) int { return cmp.Compare(a.GroupID, b.GroupID) })
	if len(counts) == 0 {
		counts = append(counts, domain.IndexCounts{})
	}
	return counts, nil
}

// IndexLosers returns up to 500 dossiers of f's scope and period that lose points in
// indicator code: for "in_progress_on_time", those unresolved past their date at the
// period's end (the late report's). Errors: reportQuery's, unknown_indicator.
func (s *Service) IndexLosers(ctx context.Context, acc domain.Account, f ReportFilter, code string) ([]domain.OversightRow, error) {
	f.GroupBy = ""
	q, err := s.reportQuery(acc, f)
	if err != nil {
		return nil, err
	}
	if code != "in_progress_on_time" {
		return s.Store.IndexLosers(ctx, q, code, 500)
	}
	late, err := s.Store.LateReport(ctx, domain.ReportQuery{AgencyID: q.AgencyID, From: q.From, To: q.To})
	if err != nil {
		return nil, err
	}
	out := []domain.OversightRow{}
	for _, l := range late {
		if l.FinishedAt == nil {
			out = append(out, domain.OversightRow{ID: l.ID, Code: l.Code, ProcedureName: l.ProcedureName, AgencyName: l.AgencyName,
				ReceivedAt: l.ReceivedAt, DueAt: l.DueAt, StepName: l.LostStep, AssigneeName: l.LostOfficer})
		}
	}
	return out, nil
}
