// Package worktime does the working-time arithmetic of the one-stop shop: office hours
// (by default 07:00–11:30 and 13:30–17:00, eight hours making one working day), weekends,
// public holidays and compensatory working days, the afternoon cut-off after which a
// dossier counts from the next working day, and durations in working or calendar days.
// It is pure and deterministic, so workflows may call it.
//
// Conventions: Add returns the earliest instant at which the given working time has
// elapsed (so a due date can be 11:30 or 17:00, never a moment outside office hours);
// Sub returns the latest instant from which the given working time remains; Between
// counts the working time inside an interval.
package worktime

import (
	"fmt"
	"slices"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// Location is Vietnam's time zone, in which every office clock is read.
var Location = time.FixedZone("ICT", 7*60*60)

type session struct{ start, end time.Duration } // offsets from midnight

// Calendar is a validated Spec ready for arithmetic.
type Calendar struct {
	sessions []session
	cutoff   time.Duration // 0: none
	day      time.Duration // working time in one working day
	holidays map[civil]bool
	workdays map[civil]bool
	names    map[civil]string // Vietnamese names of listed days, for explanations
}

type civil struct {
	y int
	m time.Month
	d int
}

func civilOf(t time.Time) civil {
	y, m, d := t.In(Location).Date()
	return civil{y, m, d}
}

func (c civil) midnight() time.Time { return time.Date(c.y, c.m, c.d, 0, 0, 0, 0, Location) }

func (c civil) next() civil { return civilOf(c.midnight().AddDate(0, 0, 1)) }

func (c civil) prev() civil { return civilOf(c.midnight().AddDate(0, 0, -1)) }

func (c civil) before(o civil) bool { return c.midnight().Before(o.midnight()) }

// New validates spec and returns its calendar.
func New(spec domain.CalendarSpec) (*Calendar, error) {
	c := &Calendar{holidays: map[civil]bool{}, workdays: map[civil]bool{}}
	if len(spec.Sessions) == 0 {
		return nil, fmt.Errorf("worktime: no office hours")
	}
	var last time.Duration
	for _, s := range spec.Sessions {
		var a, b string
		if n, _ := fmt.Sscanf(s, "%5s-%5s", &a, &b); n != 2 {
			return nil, fmt.Errorf("worktime: session %q is not HH:MM-HH:MM", s)
		}
		start, err1 := clock(a)
		end, err2 := clock(b)
		if err1 != nil || err2 != nil || end <= start || start < last {
			return nil, fmt.Errorf("worktime: session %q is not a forward, non-overlapping HH:MM-HH:MM", s)
		}
		c.sessions = append(c.sessions, session{start, end})
		c.day += end - start
		last = end
	}
	if spec.Cutoff != "" {
		cut, err := clock(spec.Cutoff)
		if err != nil || cut <= 0 {
			return nil, fmt.Errorf("worktime: cut-off %q is not HH:MM", spec.Cutoff)
		}
		c.cutoff = cut
	}
	for _, list := range []struct {
		days []string
		into map[civil]bool
	}{{spec.Holidays, c.holidays}, {spec.Workdays, c.workdays}} {
		for _, d := range list.days {
			t, err := time.ParseInLocation(time.DateOnly, d, Location)
			if err != nil {
				return nil, fmt.Errorf("worktime: day %q is not YYYY-MM-DD", d)
			}
			list.into[civilOf(t)] = true
		}
	}
	return c, nil
}

// MustNew is New for specs known to be valid (tests, defaults); it panics otherwise.
func MustNew(spec domain.CalendarSpec) *Calendar {
	c, err := New(spec)
	if err != nil {
		panic(err)
	}
	return c
}

func clock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// Day is the working time of one working day (8 hours by default).
func (c *Calendar) Day() time.Duration { return c.day }

// IsWorkingDay reports whether t's day (in Vietnam) is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) bool { return c.working(civilOf(t)) }

func (c *Calendar) working(d civil) bool {
	if c.holidays[d] {
		return false
	}
	if c.workdays[d] {
		return true
	}
	wd := d.midnight().Weekday()
	return wd != time.Saturday && wd != time.Sunday
}

// InOffice reports whether t falls inside office hours of a working day (session ends
// included).
func (c *Calendar) InOffice(t time.Time) bool {
	d := civilOf(t)
	if !c.working(d) {
		return false
	}
	off := t.In(Location).Sub(d.midnight())
	for _, s := range c.sessions {
		if off >= s.start && off <= s.end {
			return true
		}
	}
	return false
}

// ClockStart is when the clock starts for a dossier received at t: t itself during office
// hours of a working day before the cut-off; the next office moment when t is early or at
// lunch; the start of the next working day when t is at or after the cut-off or not on a
// working day.
func (c *Calendar) ClockStart(t time.Time) time.Time { return c.clockStart(t, c.cutoff) }

// clockStart is ClockStart with the cut-off cut (0: none).
func (c *Calendar) clockStart(t time.Time, cut time.Duration) time.Time {
	d := civilOf(t)
	off := t.In(Location).Sub(d.midnight())
	if c.working(d) && (cut == 0 || off < cut) {
		return c.Add(t, 0)
	}
	return c.Add(d.next().midnight(), 0)
}

// Add returns the earliest instant at which working time w has elapsed from t. Add(t, 0)
// is t itself when t is in office hours (a session's end included), otherwise the next
// office moment.
func (c *Calendar) Add(t time.Time, w time.Duration) time.Time {
	if w < 0 {
		return c.Sub(t, -w)
	}
	if w == 0 && c.InOffice(t) {
		return t
	}
	t = t.In(Location)
	for d := civilOf(t); ; d = d.next() {
		if !c.working(d) {
			continue
		}
		mid := d.midnight()
		for _, s := range c.sessions {
			start, end := mid.Add(s.start), mid.Add(s.end)
			if !t.Before(end) {
				continue
			}
			from := later(t, start)
			avail := end.Sub(from)
			if w < avail || (w == avail && w > 0) {
				return from.Add(w)
			}
			w -= avail
		}
	}
}

// Sub returns the latest instant from which working time w remains until t.
func (c *Calendar) Sub(t time.Time, w time.Duration) time.Time {
	if w < 0 {
		return c.Add(t, -w)
	}
	if w == 0 {
		return t
	}
	t = t.In(Location)
	for d := civilOf(t); ; d = d.prev() {
		if !c.working(d) {
			continue
		}
		mid := d.midnight()
		for i := len(c.sessions) - 1; i >= 0; i-- {
			s := c.sessions[i]
			start, end := mid.Add(s.start), mid.Add(s.end)
			if !start.Before(t) {
				continue
			}
			to := earlier(t, end)
			avail := to.Sub(start)
			if w <= avail {
				return to.Add(-w)
			}
			w -= avail
		}
	}
}

// Between is the working time inside [a, b]; zero when b is not after a.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	last := civilOf(b)
	for d := civilOf(a); !last.before(d); d = d.next() {
		if !c.working(d) {
			continue
		}
		mid := d.midnight()
		for _, s := range c.sessions {
			from, to := later(a, mid.Add(s.start)), earlier(b, mid.Add(s.end))
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
	return total
}

// Due is the deadline of n days of kind counted from start (a clock start): n working
// days of working time, or n calendar days later moved to the next office moment when
// that is not in office hours.
func (c *Calendar) Due(start time.Time, n int, kind domain.DayKind) time.Time {
	if kind == domain.CalendarDays {
		return c.Add(start.In(Location).AddDate(0, 0, n), 0)
	}
	return c.Add(start, time.Duration(n)*c.day)
}

// Holidays returns the listed holidays, sorted, for display.
func (c *Calendar) Holidays() []time.Time {
	var out []time.Time
	for d := range c.holidays {
		out = append(out, d.midnight())
	}
	slices.SortFunc(out, func(a, b time.Time) int { return a.Compare(b) })
	return out
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
