package calendar

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Appointment is an explained appointment, as the API answers it and the receipt slip
// prints it. Its instants encode in RFC 3339 with +07:00.
type Appointment struct {
	DueAt            time.Time        `json:"due_at"`
	DueText          string           `json:"due_text"` // "17 giờ 00 phút, ngày 23/03/2026"
	DeemedReceivedAt time.Time        `json:"deemed_received_at"`
	Paused           bool             `json:"paused,omitempty"`
	CalendarVersion  int              `json:"calendar_version"`
	RuleSet          int              `json:"rule_set"`
	Policy           domain.DuePolicy `json:"policy"`
	Duration         domain.Duration  `json:"duration"`
	DurationText     string           `json:"duration_text"` // "4 giờ làm việc"
	Steps            []worktime.Step  `json:"steps"`
}

// Request is what an appointment is computed from: the dossier's rule set (office hours,
// cut-off) and due policy, its procedure's processing time and cut-off ("" for the rule
// set's, worktime.NoCutoff for none), its receipt and the interruptions of its clock.
type Request struct {
	Rules      domain.RuleSet
	Policy     domain.DuePolicy
	Duration   domain.Duration
	Cutoff     string
	ReceivedAt time.Time
	Stops      []worktime.Interruption
}

// Appoint computes and explains the appointment of req with the days of version v (the
// rule set's own listed days are replaced by v's). It reads no clock. Errors: those of
// worktime.New and worktime.Calendar.Timeline.
func Appoint(v Version, req Request) (Appointment, error) {
	cal, err := worktime.New(v.Spec(req.Rules.Calendar))
	if err != nil {
		return Appointment{}, err
	}
	if cal, err = cal.WithNames(v.Names()); err != nil {
		return Appointment{}, err
	}
	r, err := cal.Timeline(req.ReceivedAt, req.Duration, req.Cutoff, req.Policy, req.Stops)
	if err != nil {
		return Appointment{}, err
	}
	a := Appointment{DueAt: r.DueAt, DeemedReceivedAt: r.DeemedReceivedAt, Paused: r.Paused,
		CalendarVersion: v.Number, RuleSet: req.Rules.Version, Policy: req.Policy,
		Duration: req.Duration, DurationText: req.Duration.Label(), Steps: r.Steps}
	if a.Policy == "" {
		a.Policy = domain.DueInstant
	}
	if !r.Paused {
		a.DueText = worktime.FormatMoment(r.DueAt)
	}
	return a, nil
}
