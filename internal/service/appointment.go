package service

import (
	"context"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Appointment explains the appointment of received dossier d ("Vì sao ngày hẹn là ngày
// này?"): its receipt, its procedure's duration and cut-off, the rule set and calendar
// version it counts with, and its clock's interruptions read from its processing log
// (events). An apology's new date closes the explanation. Nil for a dossier not
// received. Errors: the store's.
func (s *Service) Appointment(ctx context.Context, d domain.Dossier, events []domain.Event) (*calendar.Appointment, error) {
	if d.ReceivedAt == nil || d.DueAt == nil {
		return nil, nil
	}
	rules, err := s.Store.RuleSetVersion(ctx, deref(d.RuleVersion, 1))
	if err != nil {
		return nil, err
	}
	dur, cutoff, err := s.Store.ProcedureDuration(ctx, d.ProcedureID)
	if err != nil {
		return nil, err
	}
	v, err := s.Store.CalendarVersion(ctx, deref(d.CalendarVersion, 1))
	if err != nil {
		return nil, err
	}
	restart := rules.SupplementPolicy == domain.PolicyRestart
	a, err := calendar.Appoint(v, calendar.Request{Rules: rules, Policy: rules.DuePolicy, Duration: dur, Cutoff: cutoff,
		ReceivedAt: *d.ReceivedAt, Stops: ClockStops(events, *d.ReceivedAt, restart)})
	if err != nil {
		return nil, err
	}
	if d.Extensions > 0 {
		a.DueAt, a.DueText, a.Paused = *d.DueAt, worktime.FormatMoment(*d.DueAt), false
		a.Steps = append(a.Steps, worktime.Step{Day: *d.DueAt, Kind: worktime.StepDue,
			Text: "Cơ quan xin lỗi và hẹn lại ngày trả kết quả: " + a.DueText + " (hồ sơ vẫn tính là quá hạn)."})
	}
	return &a, nil
}

// ClockStops reads the interruptions of a dossier's clock from its processing log: a
// supplement or payment requested after the receipt stops it, the supplement or the
// payment's confirmation restarts it (the whole period again for a supplement under the
// restart policy).
func ClockStops(events []domain.Event, receivedAt time.Time, restart bool) []worktime.Interruption {
	var stops []worktime.Interruption
	open := false
	for _, e := range events {
		if e.At.Before(receivedAt) {
			continue
		}
		switch e.Action {
		case domain.ActionSupplementRequested, domain.ActionPaymentRequested:
			if !open {
				supplement := e.Action == domain.ActionSupplementRequested
				reason := map[bool]string{true: "bổ sung hồ sơ", false: "thực hiện nghĩa vụ tài chính"}[supplement]
				stops, open = append(stops, worktime.Interruption{From: e.At, Reason: reason, Restart: supplement && restart}), true
			}
		case domain.ActionSupplemented, domain.ActionPaymentConfirmed:
			if open {
				stops[len(stops)-1].To, open = e.At, false
			}
		}
	}
	return stops
}

func deref(p *int, zero int) int {
	if p == nil || *p == 0 {
		return zero
	}
	return *p
}
