// Package calendar holds Vietnam's working calendar as versioned data: the holidays, the
// weekdays given off in exchange or in compensation, and the Saturdays worked in their
// place, each with its Vietnamese name, its legal source and whether it is provisional
// (no decision yet). A change is a new version; a version gives the domain.CalendarSpec
// that worktime counts with, the names its explanations print, and its differences from
// another version (to find the dossiers in flight a change concerns). Appoint puts a
// version, a rule set and a dossier's clock together into an explained appointment.
//
// The versions shipped with dvc are embedded (versions.json); Parse reads others in the
// same format. The package is pure: it reads no clock.
package calendar

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Kind is what a listed day is.
type Kind string

// Kinds of listed days.
const (
	// Holiday is a public holiday or Tết falling on a weekday (ngày nghỉ lễ, Tết).
	Holiday Kind = "holiday"
	// DayOff is a weekday given off in exchange for a worked Saturday, or in compensation
	// for a holiday falling on a weekend (nghỉ hoán đổi, nghỉ bù).
	DayOff Kind = "day_off"
	// Workday is a weekend day worked in exchange for a day off (làm bù).
	Workday Kind = "workday"
)

// Label is the kind's Vietnamese name.
func (k Kind) Label() string {
	switch k {
	case Holiday:
		return "nghỉ lễ, Tết"
	case DayOff:
		return "nghỉ hoán đổi, nghỉ bù"
	case Workday:
		return "làm bù"
	}
	return string(k)
}

// Day is a day that breaks the weekly pattern.
type Day struct {
	Date        string `json:"date"` // YYYY-MM-DD
	Kind        Kind   `json:"kind"`
	Name        string `json:"name"`   // Vietnamese, as explanations print it
	Source      string `json:"source"` // the legal text it comes from
	Provisional bool   `json:"provisional,omitempty"`
}

// Working reports whether the day is worked.
func (d Day) Working() bool { return d.Kind == Workday }

// Version is the whole calendar as one version left it.
type Version struct {
	Number        int
	EffectiveFrom time.Time // midnight in Vietnam of the day it was entered
	Note          string
	Days          []Day // sorted by date
}

// Edit is one version as the data file writes it: the days it adds or changes and the
// dates it makes ordinary again.
type Edit struct {
	Number        int      `json:"number"`
	EffectiveFrom string   `json:"effective_from"` // YYYY-MM-DD
	Note          string   `json:"note"`
	Set           []Day    `json:"set"`
	Remove        []string `json:"remove,omitempty"`
}

// History is every version, oldest first.
type History struct{ versions []Version }

//go:embed versions.json
var embedded []byte

var defaultHistory = mustParse(embedded)

func mustParse(data []byte) *History {
	h, err := Parse(data)
	if err != nil {
		panic(err)
	}
	return h
}

// Default is the history shipped with dvc.
func Default() *History { return defaultHistory }

// Parse reads a history from JSON ({"versions": [Edit…]}) and validates it.
func Parse(data []byte) (*History, error) {
	var doc struct {
		Versions []Edit `json:"versions"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("calendar: %w", err)
	}
	return Build(doc.Versions)
}

// Build folds edits, numbered 1, 2, … with increasing effective dates, into a history.
// A day must be a weekday when it is a holiday or a day off, a weekend day when it is
// worked, and must name itself and its source; a removed date must be listed before.
func Build(edits []Edit) (*History, error) {
	h := &History{}
	days := map[string]Day{}
	for i, e := range edits {
		from, err := time.ParseInLocation(time.DateOnly, e.EffectiveFrom, vn)
		if err != nil {
			return nil, fmt.Errorf("calendar: version %d: effective date %q is not YYYY-MM-DD", e.Number, e.EffectiveFrom)
		}
		if e.Number != i+1 || i > 0 && !from.After(h.versions[i-1].EffectiveFrom) {
			return nil, fmt.Errorf("calendar: version %d: versions must be numbered from 1 with increasing dates", e.Number)
		}
		if err := apply(days, e); err != nil {
			return nil, fmt.Errorf("calendar: version %d: %w", e.Number, err)
		}
		v := Version{Number: e.Number, EffectiveFrom: from, Note: e.Note, Days: make([]Day, 0, len(days))}
		for _, d := range days {
			v.Days = append(v.Days, d)
		}
		slices.SortFunc(v.Days, func(a, b Day) int { return strings.Compare(a.Date, b.Date) })
		h.versions = append(h.versions, v)
	}
	if len(h.versions) == 0 {
		return nil, fmt.Errorf("calendar: no version")
	}
	return h, nil
}

func apply(days map[string]Day, e Edit) error {
	for _, date := range e.Remove {
		if _, ok := days[date]; !ok {
			return fmt.Errorf("removes %s, which is not listed", date)
		}
		delete(days, date)
	}
	seen := map[string]bool{}
	for _, d := range e.Set {
		if err := check(d); err != nil {
			return err
		}
		if seen[d.Date] {
			return fmt.Errorf("%s listed twice", d.Date)
		}
		seen[d.Date] = true
		days[d.Date] = d
	}
	return nil
}

func check(d Day) error {
	t, err := time.ParseInLocation(time.DateOnly, d.Date, vn)
	if err != nil {
		return fmt.Errorf("day %q is not YYYY-MM-DD", d.Date)
	}
	weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
	switch {
	case d.Kind != Holiday && d.Kind != DayOff && d.Kind != Workday:
		return fmt.Errorf("%s: kind %q is not holiday, day_off or workday", d.Date, d.Kind)
	case d.Kind == Workday && !weekend:
		return fmt.Errorf("%s: a worked day must be a Saturday or a Sunday", d.Date)
	case d.Kind != Workday && weekend:
		return fmt.Errorf("%s: a day off must be a weekday (list the compensating weekday instead)", d.Date)
	case strings.TrimSpace(d.Name) == "" || strings.TrimSpace(d.Source) == "":
		return fmt.Errorf("%s: name and source are required", d.Date)
	}
	return nil
}

// vn is Vietnam's time zone, in which dates are read.
var vn = worktime.Location

// Versions returns every version, oldest first.
func (h *History) Versions() []Version { return slices.Clone(h.versions) }

// Latest is the newest version: the one every dossier in flight should count with.
func (h *History) Latest() Version { return h.versions[len(h.versions)-1] }

// Version returns version n.
func (h *History) Version(n int) (Version, bool) {
	if n < 1 || n > len(h.versions) {
		return Version{}, false
	}
	return h.versions[n-1], true
}

// At is the version in force at t: the latest one entered on or before t's day. It
// reports false before the first version.
func (h *History) At(t time.Time) (Version, bool) {
	for i := len(h.versions) - 1; i >= 0; i-- {
		if !h.versions[i].EffectiveFrom.After(t) {
			return h.versions[i], true
		}
	}
	return Version{}, false
}

// Spec is the calendar that worktime counts with: office's sessions and cut-off (the rule
// set's) with this version's days off and worked days.
func (v Version) Spec(office domain.CalendarSpec) domain.CalendarSpec {
	spec := domain.CalendarSpec{Sessions: slices.Clone(office.Sessions), Cutoff: office.Cutoff,
		Holidays: []string{}, Workdays: []string{}}
	for _, d := range v.Days {
		if d.Working() {
			spec.Workdays = append(spec.Workdays, d.Date)
		} else {
			spec.Holidays = append(spec.Holidays, d.Date)
		}
	}
	return spec
}

// Names maps each listed date to the Vietnamese text an explanation prints after it,
// "Tết Dương lịch", with "(tạm tính)" after a provisional day.
func (v Version) Names() map[string]string {
	names := make(map[string]string, len(v.Days))
	for _, d := range v.Days {
		names[d.Date] = d.Name
		if d.Provisional {
			names[d.Date] += " (tạm tính)"
		}
	}
	return names
}

// Day returns the listed day at date (YYYY-MM-DD).
func (v Version) Day(date string) (Day, bool) {
	i, ok := slices.BinarySearchFunc(v.Days, date, func(d Day, date string) int { return strings.Compare(d.Date, date) })
	if !ok {
		return Day{}, false
	}
	return v.Days[i], true
}

// ProvisionalYears lists the years with a provisional day, in order.
func (v Version) ProvisionalYears() []int {
	var years []int
	for _, d := range v.Days {
		var y int
		_, _ = fmt.Sscanf(d.Date, "%4d", &y) // Build checked that the date is YYYY-MM-DD
		if d.Provisional && !slices.Contains(years, y) {
			years = append(years, y)
		}
	}
	return years
}

// CalendarDays is the version as the store's calendar_days rows (kind "holiday" for
// every day off, "workday" for a worked day).
func (v Version) CalendarDays() []domain.CalendarDay {
	out := make([]domain.CalendarDay, 0, len(v.Days))
	for _, d := range v.Days {
		t, _ := time.ParseInLocation(time.DateOnly, d.Date, vn)
		kind := "holiday"
		if d.Working() {
			kind = "workday"
		}
		out = append(out, domain.CalendarDay{Day: t, Kind: kind, Name: d.Name})
	}
	return out
}
