package worktime

import (
	"fmt"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Interruption stops a dossier's clock from From to To while the citizen supplements the
// dossier or pays. With Restart (the restart supplement policy) the whole processing time
// starts again at To, as if the dossier were received then; otherwise the due moment
// shifts by the working time the clock stood still. A zero To is a pause still running;
// only the last interruption may have one.
type Interruption struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Restart bool      `json:"restart,omitempty"`
	Reason  string    `json:"reason,omitempty"` // Vietnamese, e.g. "bổ sung hồ sơ"
}

// Timeline is Deadline followed by the dossier's interruptions, in order: the due moment
// of a dossier whatever happened to its clock, so that it can be computed again from
// scratch with another calendar (a new calendar version reaching dossiers in flight).
//
// A pause keeps today's rule: the working time left between its start and the due
// moment runs again from its end. Under domain.DueInstant this is exactly what the
// workflow does today (a pause at or after the due moment leaves the clock at its end);
// under domain.DueCivilCode, working time that did not count toward the period (the rest
// of the day of receipt) is not left over, and a pause at or after the due moment
// changes nothing (the dossier stays late). Errors: those of Deadline, and interruptions
// out of order.
func (c *Calendar) Timeline(receivedAt time.Time, d domain.Duration, cutoff string, policy domain.DuePolicy, stops []Interruption) (Result, error) {
	r, err := c.Deadline(receivedAt, d, cutoff, policy)
	if err != nil {
		return r, err
	}
	prev := receivedAt
	for i, s := range stops {
		s.From, s.To = s.From.In(Location), s.To.In(Location)
		if s.From.Before(prev) || !s.To.IsZero() && s.To.Before(s.From) || s.To.IsZero() && i < len(stops)-1 {
			return Result{}, fmt.Errorf("worktime: interruption %d (%v–%v) is out of order", i+1, s.From, s.To)
		}
		prev = s.To
		if s.Restart && !s.To.IsZero() {
			if r, err = c.restart(r, s, d, cutoff, policy); err != nil {
				return Result{}, err
			}
			continue
		}
		left, late := c.left(r, s.From, policy)
		r.Steps = append(r.Steps, pauseStep(s, left, late))
		if s.To.IsZero() {
			r.Paused, r.Remaining, r.DueAt = true, left, time.Time{}
			break
		}
		if !late {
			r.DueAt = c.Add(later(s.To, r.countFrom), left)
		}
		r.Steps = append(r.Steps, dueStep(r.DueAt))
	}
	return r.local(), nil
}

// left is the working time left toward the period at a pause starting at from, and
// whether the dossier is late already under the civil-code policy.
func (c *Calendar) left(r Result, from time.Time, policy domain.DuePolicy) (time.Duration, bool) {
	if policy != domain.DueCivilCode {
		return c.Between(from, r.DueAt), false
	}
	from = later(from, r.countFrom)
	if !from.Before(r.DueAt) {
		return 0, true
	}
	return c.Between(from, r.DueAt), false
}

func pauseStep(s Interruption, left time.Duration, late bool) Step {
	text := "Tạm dừng tính thời gian từ " + FormatMoment(s.From)
	if !s.To.IsZero() {
		text += " đến " + FormatMoment(s.To)
	}
	if s.Reason != "" {
		text += " (" + s.Reason + ")"
	}
	if late {
		text += ": đã quá hạn trước khi tạm dừng, hạn không đổi."
	} else {
		text += ": thời hạn còn " + FormatWorkingTime(left) + " làm việc."
	}
	return Step{Day: s.From, Kind: StepPaused, Text: text}
}

// restart counts the whole processing time again from s.To.
func (c *Calendar) restart(r Result, s Interruption, d domain.Duration, cutoff string, policy domain.DuePolicy) (Result, error) {
	again, err := c.Deadline(s.To, d, cutoff, policy)
	if err != nil {
		return Result{}, err
	}
	text := "Tạm dừng từ " + FormatMoment(s.From) + "; tính lại toàn bộ thời hạn từ " + FormatMoment(s.To)
	if s.Reason != "" {
		text += " (" + s.Reason + ")"
	}
	again.DeemedReceivedAt = r.DeemedReceivedAt
	again.Steps = append(append(r.Steps, Step{Day: s.To, Kind: StepRestarted, Text: text + "."}), again.Steps[1:]...)
	return again, nil
}
