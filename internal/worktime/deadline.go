package worktime

import (
	"fmt"
	"math"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// NoCutoff, given as a procedure's cut-off, means that the procedure has none even where
// the rule set's calendar has one.
const NoCutoff = "none"

// Result is a due moment with how it was reached.
type Result struct {
	// DueAt is the appointment: the moment the slip prints and completion is judged
	// against. Zero while the clock is paused (see Remaining).
	DueAt time.Time `json:"due_at"`
	// DeemedReceivedAt is when the receipt counts from: the receipt itself, or the next
	// office moment (outside office hours, on a day off, after the cut-off).
	DeemedReceivedAt time.Time `json:"deemed_received_at"`
	// ClockStartAt is DeemedReceivedAt, or the deemed moment of the last restart.
	ClockStartAt time.Time `json:"clock_start_at"`
	// Paused: the clock is stopped; Remaining is the working time left when it resumes.
	Paused    bool          `json:"paused,omitempty"`
	Remaining time.Duration `json:"remaining,omitempty"`
	// Steps explain the count in Vietnamese, in order.
	Steps []Step `json:"steps"`

	// countFrom: working time before it does not count toward the period (the rest of the
	// day of receipt under the civil-code policy); zero under the instant policy.
	countFrom time.Time
}

// StepKind classifies an explanation step.
type StepKind string

// Kinds of explanation steps.
const (
	StepReceived   StepKind = "received"    // the receipt instant
	StepDeemed     StepKind = "deemed"      // the receipt counts from a later moment
	StepNotCounted StepKind = "not_counted" // the day (or half-day) of receipt, not counted
	StepCounted    StepKind = "counted"     // an ordinary working day counted
	StepWorkday    StepKind = "workday"     // a weekend day worked (làm bù), counted
	StepDayOff     StepKind = "day_off"     // a weekend day, holiday or day off, skipped
	StepLastDay    StepKind = "last_day"    // the last day of a calendar-day period
	StepMoved      StepKind = "moved"       // that last day was a day off: the next working day
	StepPaused     StepKind = "paused"      // the clock stopped and resumed
	StepRestarted  StepKind = "restarted"   // the whole period started again
	StepDue        StepKind = "due"         // the due moment
)

// Step is one line of an explanation. Day is the day concerned (midnight in Vietnam), or
// the instant for received, deemed, paused, restarted and due steps.
type Step struct {
	Day  time.Time `json:"day,omitzero"`
	Kind StepKind  `json:"kind"`
	Text string    `json:"text"`
}

// Deadline computes the due moment of a dossier received at receivedAt with processing
// time d, under policy. cutoff is the procedure's cut-off ("HH:MM"), "" for the
// calendar's, NoCutoff for none. Under domain.DueInstant (and ""), the results are those
// of ClockStart and Due, extended to the new units: the clock starts at the receipt (the
// next working day from the cut-off) and runs d's working time, or d's calendar days.
// Under domain.DueCivilCode:
//   - a receipt outside office hours or on a day off counts from the next office moment;
//     for same-day and working-hour procedures, one at or after the cut-off counts from
//     the start of the next working day;
//   - n working days end at the end of office hours of the n-th working day after the
//     day of receipt; half a day ends at the end of the half-day after the one of
//     receipt (morning → same afternoon, afternoon → next morning); n and a half days end
//     at the end of the morning of the working day after the n-th;
//   - n calendar days end at the end of office hours of the n-th day after the day of
//     receipt, or of the next working day when that day is a day off;
//   - working hours run through office hours from the receipt;
//   - same day ends at the end of office hours of the day of receipt.
//
// Deadline reads no clock. Errors: an invalid duration, policy or cut-off.
func (c *Calendar) Deadline(receivedAt time.Time, d domain.Duration, cutoff string, policy domain.DuePolicy) (Result, error) {
	if msg := d.Validate(); msg != "" {
		return Result{}, fmt.Errorf("worktime: duration %v %s: %s", d.Amount, d.Unit, msg)
	}
	if !policy.Valid() {
		return Result{}, fmt.Errorf("worktime: unknown due policy %q", policy)
	}
	cut, err := c.cutoffOf(cutoff)
	if err != nil {
		return Result{}, err
	}
	receivedAt = receivedAt.In(Location)
	if policy == domain.DueCivilCode {
		return c.civil(receivedAt, d, cut).local(), nil
	}
	return c.instant(receivedAt, d, cut).local(), nil
}

// local reads r's instants in Vietnam, so that they print (and encode) with +07:00.
func (r Result) local() Result {
	r.DueAt, r.DeemedReceivedAt, r.ClockStartAt = r.DueAt.In(Location), r.DeemedReceivedAt.In(Location), r.ClockStartAt.In(Location)
	return r
}

func (c *Calendar) cutoffOf(s string) (time.Duration, error) {
	switch s {
	case "":
		return c.cutoff, nil
	case NoCutoff:
		return 0, nil
	}
	cut, err := clock(s)
	if err != nil || cut <= 0 {
		return 0, fmt.Errorf("worktime: cut-off %q is not HH:MM", s)
	}
	return cut, nil
}

// instant is today's rule: ClockStart, then the working time of d (or calendar days).
func (c *Calendar) instant(t time.Time, d domain.Duration, cut time.Duration) Result {
	start := c.clockStart(t, cut)
	r := Result{DeemedReceivedAt: start, ClockStartAt: start}
	r.Steps = c.receiptSteps(t, start, cut)
	switch d.Unit {
	case domain.UnitCalendarDays:
		r.DueAt = c.Add(start.In(Location).AddDate(0, 0, int(d.Amount)), 0)
	case domain.UnitSameDay:
		r.DueAt = c.dayEnd(civilOf(start))
	case domain.UnitWorkingHours:
		r.DueAt = c.Add(start, hours(d.Amount))
	default:
		r.DueAt = c.Add(start, time.Duration(d.Amount*float64(c.day)))
	}
	if d.Unit == domain.UnitCalendarDays {
		r.Steps = append(r.Steps, c.calendarNote(int(d.Amount)))
	} else {
		r.Steps = append(r.Steps, c.walk(civilOf(start), civilOf(r.DueAt), c.hoursLabel(start, r.DueAt))...)
	}
	r.Steps = append(r.Steps, dueStep(r.DueAt))
	return r
}

// civil is the civil-code rule (see Deadline).
func (c *Calendar) civil(t time.Time, d domain.Duration, cut time.Duration) Result {
	if d.Unit != domain.UnitSameDay && d.Unit != domain.UnitWorkingHours {
		cut = 0 // the day of receipt does not count anyway
	}
	deemed := c.clockStart(t, cut)
	day0 := civilOf(deemed)
	r := Result{DeemedReceivedAt: deemed, ClockStartAt: deemed, countFrom: deemed}
	r.Steps = c.receiptSteps(t, deemed, cut)
	switch {
	case d.Unit == domain.UnitSameDay:
		r.DueAt = c.dayEnd(day0)
		r.Steps = append(r.Steps, Step{Day: day0.midnight(), Kind: StepCounted,
			Text: dateText(day0) + ": giải quyết trong ngày, hẹn trả cuối giờ làm việc của ngày tiếp nhận."})
	case d.Unit == domain.UnitWorkingHours:
		r.DueAt = c.Add(deemed, hours(d.Amount))
		r.Steps = append(r.Steps, c.walk(day0, civilOf(r.DueAt), c.hoursLabel(deemed, r.DueAt))...)
	case d.Unit == domain.UnitCalendarDays:
		c.civilCalendarDays(&r, day0, int(d.Amount))
	case d.Amount < 1:
		c.halfDay(&r, day0)
	default:
		c.civilWorkingDays(&r, day0, d.Amount)
	}
	r.Steps = append(r.Steps, dueStep(r.DueAt))
	return r
}

// civilWorkingDays: the end of the n-th working day after day0, then the next morning for
// a half.
func (c *Calendar) civilWorkingDays(r *Result, day0 civil, amount float64) {
	whole := int(math.Floor(amount))
	r.countFrom = day0.next().midnight()
	r.Steps = append(r.Steps, notCounted(day0))
	last := c.nthWorkingDay(day0, whole)
	r.Steps = append(r.Steps, c.walk(day0.next(), last, ordinalLabel())...)
	r.DueAt = c.dayEnd(last)
	if amount > float64(whole) {
		next := c.nthWorkingDay(last, 1)
		r.Steps = append(r.Steps, c.walk(last.next(), next.prev(), nil)...)
		r.DueAt = c.mid(next)
		r.Steps = append(r.Steps, Step{Day: next.midnight(), Kind: StepCounted,
			Text: dateText(next) + ": nửa ngày làm việc còn lại, đến hết buổi sáng."})
	}
}

// halfDay: the half-day of receipt does not count; the period ends with the next half.
func (c *Calendar) halfDay(r *Result, day0 civil) {
	m := c.mid(day0)
	if r.DeemedReceivedAt.Before(m) {
		r.countFrom, r.DueAt = m, c.dayEnd(day0)
		r.Steps = append(r.Steps, Step{Day: day0.midnight(), Kind: StepCounted,
			Text: dateText(day0) + ": tiếp nhận buổi sáng, không tính buổi tiếp nhận; nửa ngày làm việc là buổi chiều cùng ngày."})
		return
	}
	next := c.nthWorkingDay(day0, 1)
	r.countFrom, r.DueAt = c.dayEnd(day0), c.mid(next)
	r.Steps = append(r.Steps, Step{Day: day0.midnight(), Kind: StepNotCounted,
		Text: dateText(day0) + ": tiếp nhận buổi chiều, không tính buổi tiếp nhận."})
	r.Steps = append(r.Steps, c.walk(day0.next(), next.prev(), nil)...)
	r.Steps = append(r.Steps, Step{Day: next.midnight(), Kind: StepCounted,
		Text: dateText(next) + ": nửa ngày làm việc là buổi sáng."})
}

// civilCalendarDays: the n-th day after day0, or the next working day when it is a day off.
func (c *Calendar) civilCalendarDays(r *Result, day0 civil, n int) {
	r.countFrom = day0.next().midnight()
	r.Steps = append(r.Steps, notCounted(day0))
	last := civilOf(day0.midnight().AddDate(0, 0, n))
	text := fmt.Sprintf("%s: ngày thứ %d, ngày cuối cùng của thời hạn (tính cả ngày nghỉ)", c.prefix(last), n)
	end := last
	if c.working(last) {
		r.Steps = append(r.Steps, Step{Day: last.midnight(), Kind: StepLastDay, Text: text + "."})
	} else {
		r.Steps = append(r.Steps, Step{Day: last.midnight(), Kind: StepLastDay, Text: text + ", là ngày nghỉ."})
		end = c.nthWorkingDay(last, 1)
		r.Steps = append(r.Steps, c.walk(last.next(), end.prev(), nil)...)
		r.Steps = append(r.Steps, Step{Day: end.midnight(), Kind: StepMoved, Text: dateText(end) +
			": ngày cuối cùng là ngày nghỉ nên thời hạn kết thúc vào ngày làm việc tiếp theo (Điều 148 Bộ luật Dân sự)."})
	}
	r.DueAt = c.dayEnd(end)
}

// nthWorkingDay is the n-th working day after d (d itself for n = 0).
func (c *Calendar) nthWorkingDay(d civil, n int) civil {
	for k := 0; k < n; {
		d = d.next()
		if c.working(d) {
			k++
		}
	}
	return d
}

// dayEnd is the end of office hours of day d.
func (c *Calendar) dayEnd(d civil) time.Time {
	return d.midnight().Add(c.sessions[len(c.sessions)-1].end)
}

// mid is the end of the first half of working day d: the end of the session holding the
// day's working midpoint, or the midpoint itself when that session is the day's last
// (11:30 with the default office hours).
func (c *Calendar) mid(d civil) time.Time {
	half := c.day / 2
	for i, s := range c.sessions {
		if length := s.end - s.start; half <= length {
			if i == len(c.sessions)-1 {
				return d.midnight().Add(s.start + half)
			}
			return d.midnight().Add(s.end)
		}
		half -= s.end - s.start
	}
	return c.dayEnd(d)
}

func hours(h float64) time.Duration { return time.Duration(math.Round(h*60)) * time.Minute }
