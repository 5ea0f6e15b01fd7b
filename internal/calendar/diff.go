package calendar

import (
	"strings"
	"time"
)

// Change is a date listed differently in two versions. Before or After is nil where the
// date is an ordinary day in that version.
type Change struct {
	Date   string
	Before *Day
	After  *Day
}

// Moves reports whether the change turns a working day into a day off or back: only
// such changes move a due date. A change of name, source or provisional flag does not.
func (c Change) Moves() bool { return working(c.Date, c.Before) != working(c.Date, c.After) }

func working(date string, d *Day) bool {
	if d != nil {
		return d.Working()
	}
	t, err := time.ParseInLocation(time.DateOnly, date, vn)
	if err != nil {
		return false
	}
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// Text says the change in Vietnamese, e.g. "02/01/2026: ngày làm việc → Nghỉ hoán đổi …".
func (c Change) Text() string {
	t, _ := time.ParseInLocation(time.DateOnly, c.Date, vn)
	return t.Format("02/01/2006") + ": " + describe(c.Date, c.Before) + " → " + describe(c.Date, c.After)
}

func describe(date string, d *Day) string {
	switch {
	case d != nil && d.Provisional:
		return d.Name + " (tạm tính)"
	case d != nil:
		return d.Name
	case working(date, nil):
		return "ngày làm việc"
	}
	return "ngày nghỉ hằng tuần"
}

// Diff lists the dates listed differently in from and to, by date.
func Diff(from, to Version) []Change {
	var out []Change
	i, j := 0, 0
	for i < len(from.Days) || j < len(to.Days) {
		switch {
		case j == len(to.Days) || i < len(from.Days) && from.Days[i].Date < to.Days[j].Date:
			out = append(out, Change{Date: from.Days[i].Date, Before: &from.Days[i]})
			i++
		case i == len(from.Days) || to.Days[j].Date < from.Days[i].Date:
			out = append(out, Change{Date: to.Days[j].Date, After: &to.Days[j]})
			j++
		default:
			if from.Days[i] != to.Days[j] {
				out = append(out, Change{Date: from.Days[i].Date, Before: &from.Days[i], After: &to.Days[j]})
			}
			i++
			j++
		}
	}
	return out
}

// Crossed returns the changes that move a due date and fall on a day from from's day to
// to's day (both included, in Vietnam): a dossier received at from and due at to must be
// counted again when this is not empty. A dossier whose clock is paused has no due date:
// count it again on any moving change.
func Crossed(changes []Change, from, to time.Time) []Change {
	first, last := from.In(vn).Format(time.DateOnly), to.In(vn).Format(time.DateOnly)
	var out []Change
	for _, c := range changes {
		if c.Moves() && strings.Compare(c.Date, first) >= 0 && strings.Compare(c.Date, last) <= 0 {
			out = append(out, c)
		}
	}
	return out
}
