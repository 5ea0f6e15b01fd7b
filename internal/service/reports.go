package service

import (
	"context"
	"slices"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/textsearch"
)

// StatsFilter is a statistics request as a person gives it: optional agency and field,
// an optional period (from the start of the year to the end of today when absent) and a
// grouping ("", "agency" or "field").
type StatsFilter struct {
	AgencyID, FieldID int64
	From, To          *time.Time
	GroupBy           string
}

// StatsQuery completes and checks f. Errors: invalid_query (with fields).
func (s *Service) StatsQuery(f StatsFilter) (domain.StatsQuery, error) {
	vn := dossiercode.Location
	q := domain.StatsQuery{AgencyID: f.AgencyID, FieldID: f.FieldID}
	now := s.Now().In(vn)
	q.From = time.Date(now.Year(), 1, 1, 0, 0, 0, 0, vn)
	q.To = time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, vn)
	if f.From != nil {
		q.From = *f.From
	}
	if f.To != nil {
		q.To = *f.To
	}
	if !q.To.After(q.From) {
		return q, invalidQuery("Khoảng thời gian không hợp lệ.", map[string]string{"to": "Phải sau ngày bắt đầu."})
	}
	switch q.GroupBy = f.GroupBy; q.GroupBy {
	case "", "agency", "field":
	default:
		return q, invalidQuery("Tham số truy vấn không hợp lệ.", map[string]string{"group_by": "Một trong: agency, field."})
	}
	return q, nil
}

// Stats computes report form 06 for q, its groups in Vietnamese order of their names.
func (s *Service) Stats(ctx context.Context, q domain.StatsQuery) ([]domain.Stats, error) {
	rows, err := s.Store.Stats(ctx, q)
	slices.SortStableFunc(rows, func(a, b domain.Stats) int { return textsearch.Compare(a.GroupName, b.GroupName) })
	return rows, err
}

// AgencySummary is one agency's row of the public statistics.
type AgencySummary struct {
	AgencyID      int64    `json:"agency_id"`
	Agency        string   `json:"agency"`
	Received      int      `json:"received"`
	Resolved      int      `json:"resolved"`
	OnTimePercent *float64 `json:"on_time_percent"`
}

// PublicSummary is the public statistics of the period of f, one row per agency.
// Errors: invalid_query.
func (s *Service) PublicSummary(ctx context.Context, f StatsFilter) (domain.StatsQuery, []AgencySummary, error) {
	q, err := s.StatsQuery(f)
	if err != nil {
		return q, nil, err
	}
	q.GroupBy, q.FieldID = "agency", 0
	rows, err := s.Stats(ctx, q)
	if err != nil {
		return q, nil, err
	}
	out := []AgencySummary{}
	for _, r := range rows {
		out = append(out, AgencySummary{AgencyID: r.GroupID, Agency: r.GroupName, Received: r.Received + r.CarriedOver,
			Resolved: r.Resolved, OnTimePercent: r.OnTimePercent})
	}
	return q, out, nil
}

// DossierAudit is the audit of one dossier: its whole log, whether its hash chain holds
// (BrokenAt is the first bad row, 0 when none), and who read its personal data.
type DossierAudit struct {
	Code       string               `json:"code"`
	ChainValid bool                 `json:"chain_valid"`
	BrokenAt   int                  `json:"broken_at"`
	Events     []domain.Event       `json:"events"`
	Reads      []domain.AccessEntry `json:"personal_data_reads"`
}

// AuditDossier audits dossier ref for supervisor acc; the read is itself logged.
// Errors: dossier_not_found.
func (s *Service) AuditDossier(ctx context.Context, acc domain.Account, ref string) (DossierAudit, error) {
	d, err := s.DossierByRef(ctx, ref)
	if err == nil && d.Code == nil {
		err = ErrDossierNotFound
	}
	var events []domain.Event
	if err == nil {
		events, err = s.Store.Events(ctx, d.ID)
	}
	var reads []domain.AccessEntry
	if err == nil {
		err = s.Store.LogAccess(ctx, acc.ID, d.ID, "audit")
	}
	if err == nil {
		reads, err = s.Store.AccessLog(ctx, d.ID)
	}
	if err != nil {
		return DossierAudit{}, err
	}
	broken := domain.VerifyChain(events)
	return DossierAudit{Code: *d.Code, ChainValid: broken == 0, BrokenAt: broken, Events: events, Reads: reads}, nil
}

// SearchEvents searches the processing log of every dossier.
func (s *Service) SearchEvents(ctx context.Context, q domain.EventQuery) ([]domain.AuditEvent, int, error) {
	return s.Store.SearchEvents(ctx, q)
}

// CheckChains verifies the hash chain of every dossier's log; it returns the breaks and
// how many dossiers it checked.
func (s *Service) CheckChains(ctx context.Context) ([]domain.ChainBreak, int, error) {
	return s.Store.CheckChains(ctx)
}
