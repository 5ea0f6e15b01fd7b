package service

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// WorkItem is a worklist row with its SLA state.
type WorkItem struct {
	DossierView
	StepName     string     `json:"step_name"`
	AssigneeRole string     `json:"assignee_role"`
	AssigneeName string     `json:"assignee_name"`
	StepDueAt    *time.Time `json:"step_due_at"`
	// SLA is "on_track", "due_soon" (within one working day) or "overdue".
	SLA string `json:"sla"`
}

// WorklistFilter narrows a worklist; zero values match everything.
type WorklistFilter struct {
	Status, ProcedureID, FieldID int64
	// DueWithin keeps the dossiers due within so many working hours.
	DueWithin int64
}

// maxDueWithinHours bounds the worklist's due_within filter (about a year of working
// hours): the working-time arithmetic steps through days, so an absurd value must not
// reach it.
const maxDueWithinHours = 2000

// Worklist returns the dossiers waiting for officer acc, by due date, with their SLA
// state and without contact data. Errors: invalid_query.
func (s *Service) Worklist(ctx context.Context, acc domain.Account, f WorklistFilter) ([]WorkItem, error) {
	if f.DueWithin > maxDueWithinHours || f.Status > 100 {
		return nil, invalidQuery("Tham số truy vấn không hợp lệ.",
			map[string]string{"due_within": "Tối đa 2000 giờ làm việc.", "status": "Mã trạng thái từ 0 đến 100."})
	}
	if acc.AgencyID == nil {
		return []WorkItem{}, nil
	}
	q := domain.InboxQuery{AgencyID: *acc.AgencyID, Roles: acc.Roles, AccountID: acc.ID,
		Status: int(f.Status), ProcedureID: f.ProcedureID, FieldID: f.FieldID}
	now := s.Now()
	rules, err := s.Store.Rules(ctx, now)
	if err != nil {
		return nil, err
	}
	cal := worktime.MustNew(rules.Calendar)
	if f.DueWithin > 0 {
		t := cal.Add(now, time.Duration(f.DueWithin)*time.Hour)
		q.DueBefore = &t
	}
	ds, err := s.Store.Inbox(ctx, q)
	if err != nil {
		return nil, err
	}
	items := make([]WorkItem, len(ds))
	for i, d := range ds {
		due := d.StepDueAt
		if due == nil {
			due = d.DueAt
		}
		sla := "on_track"
		switch {
		case due == nil:
		case now.After(*due):
			sla = "overdue"
		case cal.Between(now, *due) <= cal.Day():
			sla = "due_soon"
		}
		row := NewDossierView(d)
		row.Applicant = domain.Applicant{Name: d.Name} // contact data only on the logged dossier page
		items[i] = WorkItem{DossierView: row, StepName: d.StepName, AssigneeRole: d.AssigneeRole,
			AssigneeName: d.AssigneeName, StepDueAt: d.StepDueAt, SLA: sla}
	}
	return items, nil
}

// StaffDossier resolves ref (an id or a code) for staff account acc: a submitted dossier
// of acc's agency or held by it, or any for a supervisor. Errors: dossier_not_found,
// not_handling_agency.
func (s *Service) StaffDossier(ctx context.Context, acc domain.Account, ref string) (domain.Dossier, error) {
	d, err := s.DossierByRef(ctx, ref)
	if err == nil && d.Code == nil {
		err = ErrDossierNotFound // drafts are the citizen's alone
	}
	if err == nil && !MayRead(acc, d) {
		err = ErrNotHandlingAgency
	}
	return d, err
}

// OfficerDossier is StaffDossier for a dossier page or answer showing the applicant's
// personal data: the read is recorded in the data access log. Errors: StaffDossier's.
func (s *Service) OfficerDossier(ctx context.Context, acc domain.Account, ref string) (domain.Dossier, DossierView, error) {
	d, err := s.StaffDossier(ctx, acc, ref)
	if err != nil {
		return d, DossierView{}, err
	}
	if err := s.Store.LogAccess(ctx, acc.ID, d.ID, "dossier"); err != nil {
		return d, DossierView{}, err
	}
	full, err := s.FullDossier(ctx, d)
	return d, full, err
}

// Events returns the dossier's whole processing log, officers' notes included.
func (s *Service) Events(ctx context.Context, dossierID int64) ([]domain.Event, error) {
	return s.Store.Events(ctx, dossierID)
}

// Staff returns officer id. Errors: officer_not_found.
func (s *Service) Staff(ctx context.Context, id int64) (domain.Account, error) {
	return s.Store.Staff(ctx, id)
}

// StaffList lists the officers of agency (every officer when 0).
func (s *Service) StaffList(ctx context.Context, agency int64) ([]domain.Account, error) {
	return s.Store.StaffList(ctx, agency)
}
