package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// DeadlineQuery asks for an explained appointment: a receipt, a processing time and,
// optionally, the procedure whose cut-off applies.
type DeadlineQuery struct {
	ReceivedAt  time.Time
	Duration    domain.Duration
	ProcedureID int64 // 0: no procedure, the rule set's cut-off
}

// Bounds of a receipt the deadline explanation accepts.
var (
	minReceipt = time.Date(2000, 1, 1, 0, 0, 0, 0, worktime.Location)
	maxReceipt = time.Date(2100, 1, 1, 0, 0, 0, 0, worktime.Location)
)

// ParseDeadlineQuery reads a deadline question as the API's query string and the
// command's flags give it: received_at (RFC 3339; a "+" sent unencoded, read as a
// space, is accepted), amount (a decimal number, "0,5" too; optional for same_day),
// unit (working_days, working_hours, calendar_days, same_day) and procedure (an id,
// optional). Errors: invalid_query (400) naming every bad parameter.
func ParseDeadlineQuery(receivedAt, amount, unit, procedure string) (DeadlineQuery, error) {
	var q DeadlineQuery
	bad := map[string]string{}
	receivedAt = strings.TrimSpace(receivedAt)
	t, err := time.Parse(time.RFC3339, receivedAt)
	if err != nil && strings.Contains(receivedAt, " ") {
		t, err = time.Parse(time.RFC3339, strings.Replace(receivedAt, " ", "+", 1))
	}
	switch {
	case receivedAt == "":
		bad["received_at"] = "Bắt buộc: thời điểm tiếp nhận, dạng RFC 3339 (2026-01-08T09:15:00+07:00)."
	case err != nil:
		bad["received_at"] = "Thời điểm tiếp nhận phải có dạng RFC 3339, ví dụ 2026-01-08T09:15:00+07:00."
	case t.Before(minReceipt) || !t.Before(maxReceipt):
		bad["received_at"] = "Thời điểm tiếp nhận phải trong khoảng năm 2000 đến 2099."
	}
	q.ReceivedAt = t
	q.Duration.Unit = domain.TimeUnit(strings.TrimSpace(unit))
	known := false
	for _, u := range domain.TimeUnits {
		known = known || u == q.Duration.Unit
	}
	if !known {
		bad["unit"] = "Đơn vị phải là working_days, working_hours, calendar_days hoặc same_day."
	}
	amount = strings.Replace(strings.TrimSpace(amount), ",", ".", 1)
	switch {
	case amount == "" && q.Duration.Unit == domain.UnitSameDay:
	case amount == "":
		bad["amount"] = "Bắt buộc: số lượng thời hạn (ví dụ 2, 0.5)."
	default:
		if q.Duration.Amount, err = strconv.ParseFloat(amount, 64); err != nil {
			bad["amount"] = "Số lượng thời hạn phải là một số, ví dụ 2 hoặc 0.5."
		} else if msg := q.Duration.Validate(); known && msg != "" {
			bad["amount"] = msg
		}
	}
	if procedure = strings.TrimSpace(procedure); procedure != "" {
		if q.ProcedureID, err = strconv.ParseInt(procedure, 10, 64); err != nil || q.ProcedureID <= 0 {
			bad["procedure"] = "Mã thủ tục phải là số nguyên dương."
		}
	}
	if len(bad) > 0 {
		return q, invalidQuery("Tham số tính hạn giải quyết không hợp lệ.", bad)
	}
	return q, nil
}

// Deadline computes and explains the appointment of q: the rule set in force at the
// receipt (office hours, cut-off, due policy), the procedure's cut-off when q names one,
// and the calendar version dossiers in flight count with. Errors: invalid_query (400,
// an unknown procedure), no_rule_set (409).
func (s *Service) Deadline(ctx context.Context, q DeadlineQuery) (calendar.Appointment, error) {
	rules, err := s.Store.Rules(ctx, q.ReceivedAt)
	if err != nil {
		return calendar.Appointment{}, err
	}
	var cutoff string
	if q.ProcedureID != 0 {
		p, err := s.Store.Procedure(ctx, q.ProcedureID)
		if e, ok := domain.AsError(err); ok && e.Code == "procedure_not_found" {
			return calendar.Appointment{}, invalidQuery("Không tìm thấy thủ tục hành chính.",
				map[string]string{"procedure": "Không có thủ tục đang áp dụng với mã này."})
		}
		if err != nil {
			return calendar.Appointment{}, err
		}
		cutoff = p.Cutoff
	}
	v, err := s.CalendarVersion(ctx)
	if err != nil {
		return calendar.Appointment{}, err
	}
	return calendar.Appoint(v, calendar.Request{Rules: rules, Policy: rules.DuePolicy, Duration: q.Duration,
		Cutoff: cutoff, ReceivedAt: q.ReceivedAt})
}
