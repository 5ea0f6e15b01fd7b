package service

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
	"github.com/dvc-project/dvc/workflows"
)

// OversightFilter is a supervision worklist request as a person gives it.
type OversightFilter struct {
	AgencyID int64
	List     string
	Text     string
	Status   int64
	// All includes closed dossiers (the default lists only open ones).
	All                                      bool
	ProcedureID, AssigneeID                  int64
	ReceivedFrom, ReceivedTo, DueFrom, DueTo *time.Time
	Page                                     int
}

// oversightPerPage is the worklist's page size.
const oversightPerPage = 50

// defaultSupplementWait is how long a supplement may be awaited before the dossier is
// listed as waiting too long, when Options.SupplementWait is 0.
const defaultSupplementWait = 10 * 24 * time.Hour

// Oversees reports whether acc may read the supervision pages: supervisors and admins
// (every agency), leaders (their own).
func Oversees(acc domain.Account) bool {
	return acc.IsStaff(domain.RoleSupervisor, domain.RoleAdmin, domain.RoleLeader)
}

// oversightScope is the agency acc may oversee when asking for agency (0: every
// agency): supervisors and admins any, a leader only their own (theirs when 0).
// Errors: staff_only, not_handling_agency.
func oversightScope(acc domain.Account, agency int64) (int64, error) {
	switch {
	case !Oversees(acc):
		return 0, ErrStaffOnly
	case acc.HasRole(domain.RoleSupervisor, domain.RoleAdmin):
		return agency, nil
	case acc.AgencyID == nil || agency != 0 && agency != *acc.AgencyID:
		return 0, ErrNotHandlingAgency
	}
	return *acc.AgencyID, nil
}

// calendar is the working calendar in force now.
func (s *Service) calendar(ctx context.Context) (*worktime.Calendar, error) {
	rules, err := s.Store.Rules(ctx, s.Now())
	if err != nil {
		return nil, err
	}
	return worktime.MustNew(rules.Calendar), nil
}

// oversightQuery completes f for acc: the scope, the moment, "due soon" as one working
// day from now, and the supplement threshold. Errors: invalid_query, staff_only,
// not_handling_agency.
func (s *Service) oversightQuery(ctx context.Context, acc domain.Account, f OversightFilter) (domain.OversightQuery, error) {
	q := domain.OversightQuery{List: f.List, Text: f.Text, Status: int(f.Status), OpenOnly: !f.All, ProcedureID: f.ProcedureID,
		AssigneeID: f.AssigneeID, ReceivedFrom: f.ReceivedFrom, ReceivedTo: f.ReceivedTo, DueFrom: f.DueFrom, DueTo: f.DueTo,
		Page: max(f.Page, 1), PerPage: oversightPerPage}
	switch f.List {
	case domain.ListAll, domain.ListDueSoon, domain.ListOverdue, domain.ListSupplement:
	default:
		return q, invalidQuery("Tham số truy vấn không hợp lệ.", map[string]string{"list": "Một trong: due_soon, overdue, supplement."})
	}
	if f.Status > 10 || len([]rune(f.Text)) > 200 {
		return q, invalidQuery("Tham số truy vấn không hợp lệ.", map[string]string{"status": "Mã trạng thái từ 1 đến 10.", "q": "Tối đa 200 ký tự."})
	}
	var err error
	if q.AgencyID, err = oversightScope(acc, f.AgencyID); err != nil {
		return q, err
	}
	cal, err := s.calendar(ctx)
	if err != nil {
		return q, err
	}
	wait := s.SupplementWait
	if wait <= 0 {
		wait = defaultSupplementWait
	}
	q.Now = s.Now()
	q.DueBefore = cal.Add(q.Now, cal.Day())
	q.SupplementBefore = q.Now.Add(-wait)
	return q, nil
}

// Oversight returns a page of the supervision worklist for acc and the number of
// matches. Errors: oversightQuery's.
func (s *Service) Oversight(ctx context.Context, acc domain.Account, f OversightFilter) ([]domain.OversightRow, int, domain.OversightQuery, error) {
	q, err := s.oversightQuery(ctx, acc, f)
	if err != nil {
		return nil, 0, q, err
	}
	rows, total, err := s.Store.Oversight(ctx, q)
	return rows, total, q, err
}

// ReassignResult says which dossiers moved and why the others did not.
type ReassignResult struct {
	Moved  []string          `json:"moved"`
	Failed map[string]string `json:"failed"`
}

// maxReassign bounds a bulk reassignment: each dossier is one workflow update.
const maxReassign = 200

// ReassignDossiers gives the current step of each dossier of codes to officer to, as
// leader acc of the agency holding them; one dossier's refusal does not stop the others
// (key, optional, names the whole operation, per dossier). Errors: staff_only,
// invalid_reassign (no dossier, too many), officer_not_found.
func (s *Service) ReassignDossiers(ctx context.Context, acc domain.Account, codes []string, to int64, key string) (ReassignResult, error) {
	res := ReassignResult{Moved: []string{}, Failed: map[string]string{}}
	if !acc.IsStaff(domain.RoleLeader) || acc.AgencyID == nil {
		return res, ErrStaffOnly
	}
	if len(codes) == 0 || len(codes) > maxReassign {
		return res, &domain.Error{Kind: domain.Invalid, Code: "invalid_reassign", Message: "Chọn từ 1 đến 200 hồ sơ để chuyển.",
			Fields: map[string]string{"codes": "Chọn từ 1 đến 200 hồ sơ."}}
	}
	target, err := s.Store.Staff(ctx, to)
	if err != nil || target.AgencyID == nil || *target.AgencyID != *acc.AgencyID {
		return res, &domain.Error{Kind: domain.Invalid, Code: "officer_not_found", Message: "Cán bộ nhận không thuộc cơ quan.",
			Fields: map[string]string{"to_officer_id": "Cán bộ không hợp lệ."}}
	}
	ds, err := s.Store.DossiersByCodes(ctx, codes)
	if err != nil {
		return res, err
	}
	found := map[string]domain.Dossier{}
	for _, d := range ds {
		found[*d.Code] = d
	}
	for _, code := range codes {
		d, ok := found[code]
		switch {
		case !ok:
			res.Failed[code] = ErrDossierNotFound.Message
			continue
		case d.HolderAgencyID == nil || *d.HolderAgencyID != *acc.AgencyID:
			res.Failed[code] = ErrNotHandlingAgency.Message
			continue
		}
		_, err := s.Decide(ctx, d, workflows.UpdateAssign, workflows.Decision{Actor: ActorOf(acc), ToOfficerID: target.ID,
			ToOfficerName: target.FullName}, key)
		if e, ok := domain.Public(err); ok {
			res.Failed[code] = e.Message
			continue
		}
		if err != nil {
			return res, err
		}
		res.Moved = append(res.Moved, code)
	}
	return res, nil
}

// SavedFilters returns acc's saved filters of page.
func (s *Service) SavedFilters(ctx context.Context, acc domain.Account, page string) ([]domain.SavedFilter, error) {
	return s.Store.SavedFilters(ctx, acc.ID, page)
}

// SaveFilter stores acc's filter (replacing one of the same name). Errors: invalid_filter.
func (s *Service) SaveFilter(ctx context.Context, acc domain.Account, f domain.SavedFilter) (domain.SavedFilter, error) {
	if n := len([]rune(f.Name)); n == 0 || n > 100 || len(f.Query) > 2000 {
		return f, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_filter", Message: "Đặt tên bộ lọc (tối đa 100 ký tự).",
			Fields: map[string]string{"name": "Đặt tên bộ lọc (tối đa 100 ký tự)."}}
	}
	return s.Store.SaveFilter(ctx, acc.ID, f)
}

// DeleteFilter removes acc's filter id. Errors: filter_not_found.
func (s *Service) DeleteFilter(ctx context.Context, acc domain.Account, id int64) error {
	return s.Store.DeleteFilter(ctx, acc.ID, id)
}
