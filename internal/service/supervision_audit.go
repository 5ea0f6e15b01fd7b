package service

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// AuditRow is a log row as the audit page shows it: the working time since the row
// before (what the step took), and for a row that completed a step, the step's name and
// by how much, in working time, it passed its deadline (0 when on time).
type AuditRow struct {
	domain.Event
	Spent         time.Duration `json:"spent_working_ns"`
	CompletedStep string        `json:"completed_step,omitempty"`
	Overrun       time.Duration `json:"overrun_working_ns"`
}

// AuditView is a dossier's audit as the page shows it: the dossier, the audit (log,
// chain verdict, reads of personal data) and the rows with their timing.
type AuditView struct {
	Dossier domain.Dossier
	DossierAudit
	Rows []AuditRow
	// WorkingDay is a working day's length, to write working time in days.
	WorkingDay time.Duration
}

// AuditPage audits dossier ref for acc: a supervisor or an admin, any dossier; a leader,
// those of their agency or held by it. The read is logged as AuditDossier's is. Errors:
// dossier_not_found, not_handling_agency.
func (s *Service) AuditPage(ctx context.Context, acc domain.Account, ref string) (AuditView, error) {
	d, err := s.DossierByRef(ctx, ref)
	if err == nil && d.Code == nil {
		err = ErrDossierNotFound
	}
	if err == nil && !acc.HasRole(domain.RoleSupervisor, domain.RoleAdmin) && !MayRead(acc, d) {
		err = ErrNotHandlingAgency
	}
	if err != nil {
		return AuditView{}, err
	}
	a, err := s.AuditDossier(ctx, acc, ref)
	if err != nil {
		return AuditView{}, err
	}
	rules, err := s.Store.Rules(ctx, s.Now())
	if err != nil {
		return AuditView{}, err
	}
	cal := worktime.MustNew(rules.Calendar)
	return AuditView{Dossier: d, DossierAudit: a, Rows: AuditRows(a.Events, cal), WorkingDay: cal.Day()}, nil
}

// AuditRows gives each row of events (in order) its timing on calendar cal. A row
// completing a step carries the step's timing; the step is the one the row before
// opened (its name and deadline).
func AuditRows(events []domain.Event, cal *worktime.Calendar) []AuditRow {
	rows := make([]AuditRow, len(events))
	for i, e := range events {
		rows[i].Event = e
		if i == 0 {
			continue
		}
		prev := events[i-1]
		rows[i].Spent = cal.Between(prev.At, e.At)
		if e.Timing == "" {
			continue
		}
		rows[i].CompletedStep = prev.StepName
		if prev.StepDueAt != nil && e.At.After(*prev.StepDueAt) {
			rows[i].Overrun = cal.Between(*prev.StepDueAt, e.At)
		}
	}
	return rows
}
