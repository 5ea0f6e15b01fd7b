package catalogue

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Problem is one error in a catalogue: the file (section), the record and the field.
type Problem struct {
	File    string `json:"file"`
	Record  string `json:"record"`
	Field   string `json:"field"`
	Message string `json:"message"`
}

// ValidationError lists every problem of a refused catalogue.
type ValidationError struct {
	Problems []Problem
}

func (e *ValidationError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "catalogue: %d problem(s)", len(e.Problems))
	for i, p := range e.Problems {
		if i == 10 {
			fmt.Fprintf(&b, "; …")
			break
		}
		fmt.Fprintf(&b, "; %s %s %s: %s", p.File, p.Record, p.Field, p.Message)
	}
	return b.String()
}

var (
	agencyCode = regexp.MustCompile(`^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$`)
	plainCode  = regexp.MustCompile(`^[0-9A-Za-z._-]{1,40}$`)
	fieldName  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
)

// Validate checks the whole catalogue and returns a *ValidationError listing every
// problem, or nil.
func (c *Catalogue) Validate() error {
	var ps problems
	agencies := ps.agencies(c.Agencies)
	fields := ps.fields(c.Fields)
	templates := c.validateTemplates(ps.add)
	procs := map[string]bool{}
	for i, p := range c.Procedures {
		r := ps.record("procedures.json", i, p.Code)
		r.templates = templates
		r.procedure(p, procs, agencies, fields)
	}
	ps.calendar(c.Calendar)
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}

// problems collects the problems of a catalogue, in the order they are found.
type problems []Problem

func (ps *problems) add(file, record, field, format string, args ...any) {
	*ps = append(*ps, Problem{File: file, Record: record, Field: field, Message: fmt.Sprintf(format, args...)})
}

// record is the i-th record (from 0) of file, with its code.
func (ps *problems) record(file string, i int, code string) record {
	return record{ps: ps, file: file, name: fmt.Sprintf("#%d %s", i+1, code)}
}

// record reports the problems of one record of a file.
type record struct {
	ps         *problems
	file, name string
	templates  map[string]bool // the catalogue's template files, for the components' links
}

func (r record) bad(field, format string, args ...any) {
	r.ps.add(r.file, r.name, field, format, args...)
}

// text checks that s is storable (valid UTF-8, no NUL or other control character but
// newline and tab) and of a sane length.
func (r record) text(field, s string, limit int) {
	if !validate.Text(s, limit) {
		r.bad(field, "has a control character, invalid UTF-8 or more than %d characters", limit)
	}
}

// agencies checks agencies.json and returns the agencies by code.
func (ps *problems) agencies(list []Agency) map[string]Agency {
	agencies := map[string]Agency{}
	for i, a := range list {
		r := ps.record("agencies.json", i, a.Code)
		r.text("name", a.Name, 500)
		r.text("parent", a.Parent, 100)
		if !agencyCode.MatchString(a.Code) {
			r.bad("code", "is not an electronic code like 000.00.03.H03")
		}
		if _, dup := agencies[a.Code]; dup {
			r.bad("code", "appears twice")
		}
		agencies[a.Code] = a
		if strings.TrimSpace(a.Name) == "" {
			r.bad("name", "is empty")
		}
		if !slices.Contains([]string{"province", "department", "district", "commune"}, a.Level) {
			r.bad("level", "must be province, department, district or commune, not %q", a.Level)
		}
	}
	for i, a := range list {
		r := ps.record("agencies.json", i, a.Code)
		switch {
		case a.Parent == "" && a.Level != "province":
			r.bad("parent", "is required below the province")
		case a.Parent != "" && agencies[a.Parent].Code == "":
			r.bad("parent", "%q is not an agency of the catalogue", a.Parent)
		case a.Parent == a.Code:
			r.bad("parent", "is the agency itself")
		}
	}
	return agencies
}

// fields checks fields.json and returns the set of field codes.
func (ps *problems) fields(list []Field) map[string]bool {
	fields := map[string]bool{}
	for i, f := range list {
		r := ps.record("fields.json", i, f.Code)
		if !plainCode.MatchString(f.Code) {
			r.bad("code", "is empty or has characters other than letters, digits, . _ -")
		}
		if fields[f.Code] {
			r.bad("code", "appears twice")
		}
		fields[f.Code] = true
		if strings.TrimSpace(f.Name) == "" {
			r.bad("name", "is empty")
		}
		r.text("name", f.Name, 500)
	}
	return fields
}

// procedure checks one procedure of procedures.json, adding its code to procs.
func (r record) procedure(p Procedure, procs map[string]bool, agencies map[string]Agency, fields map[string]bool) {
	if !plainCode.MatchString(p.Code) {
		r.bad("code", "is empty or malformed")
	}
	if procs[p.Code] {
		r.bad("code", "appears twice")
	}
	procs[p.Code] = true
	if strings.TrimSpace(p.Name) == "" {
		r.bad("name", "is empty")
	}
	for _, t := range []struct {
		field, s string
		max      int
	}{{"name", p.Name, 1000}, {"agency", p.Agency, 100}, {"field", p.Field, 100}, {"legal_basis", p.LegalBasis, 20000}, {"guide", p.Guide, 100000}} {
		r.text(t.field, t.s, t.max)
	}
	if agencies[p.Agency].Code == "" {
		r.bad("agency", "%q is not an agency of the catalogue", p.Agency)
	}
	if !fields[p.Field] {
		r.bad("field", "%q is not a field of the catalogue", p.Field)
	}
	if !slices.Contains([]string{"province", "district", "commune"}, p.Level) {
		r.bad("level", "must be province, district or commune, not %q", p.Level)
	}
	if p.OnlineLevel != "full" && p.OnlineLevel != "partial" {
		r.bad("online_level", "must be full (toàn trình) or partial (một phần), not %q", p.OnlineLevel)
	}
	dur := checkDuration(p, r.bad)
	if p.FeeVND < 0 {
		r.bad("fee_vnd", "must not be negative")
	}
	r.components(p.Components)
	r.form(p.Form)
	r.steps(p, dur, agencies)
}

// components checks a procedure's components.
func (r record) components(list []Component) {
	for j, comp := range list {
		at := fmt.Sprintf("components[%d]", j)
		if strings.TrimSpace(comp.Name) == "" {
			r.bad(at+".name", "is empty")
		}
		r.text(at+".name", comp.Name, 1000)
		r.text(at+".template", comp.Template, 1000)
		if comp.Template != "" && !IsTemplateLink(comp.Template) && !r.templates[comp.Template] {
			r.bad(at+".template", "%q is neither a file of %s/ nor an http(s) link", comp.Template, TemplatesDir)
		}
		if comp.Originals < 0 || comp.Copies < 0 {
			r.bad(at, "originals and copies must not be negative")
		}
	}
}

// form checks a procedure's form fields.
func (r record) form(list []FormField) {
	names := map[string]bool{}
	for j, ff := range list {
		at := fmt.Sprintf("form[%d]", j)
		if !fieldName.MatchString(ff.Name) {
			r.bad(at+".name", "must be snake_case ASCII, not %q", ff.Name)
		}
		if names[ff.Name] {
			r.bad(at+".name", "%q appears twice", ff.Name)
		}
		names[ff.Name] = true
		if strings.TrimSpace(ff.Label) == "" {
			r.bad(at+".label", "is empty")
		}
		r.text(at+".label", ff.Label, 500)
		for k, o := range ff.Options {
			if strings.TrimSpace(o) == "" || !validate.Text(o, 500) {
				r.bad(fmt.Sprintf("%s.options[%d]", at, k), "is empty, too long or has a control character")
			}
		}
		if !slices.Contains([]string{"text", "textarea", "number", "date", "select", "checkbox"}, ff.Type) {
			r.bad(at+".type", "must be text, textarea, number, date, select or checkbox, not %q", ff.Type)
		}
		if (ff.Type == "select") != (len(ff.Options) > 0) {
			r.bad(at+".options", "a select needs options, and only a select has them")
		}
		if ff.MaxLength < 0 {
			r.bad(at+".max_length", "must not be negative")
		}
	}
}

// steps checks a procedure's steps and that their budgets fit its processing time.
func (r record) steps(p Procedure, dur domain.Duration, agencies map[string]Agency) {
	var budget int64
	for j, st := range p.Steps {
		at := fmt.Sprintf("steps[%d]", j)
		if strings.TrimSpace(st.Name) == "" {
			r.bad(at+".name", "is empty")
		}
		r.text(at+".name", st.Name, 500)
		if !slices.Contains([]string{"reception", "specialist", "leader", "clerk"}, st.Role) {
			r.bad(at+".role", "must be reception, specialist, leader or clerk, not %q", st.Role)
		}
		if st.BudgetHours <= 0 || int64(st.BudgetHours) > int64(dur.Days())*24 {
			r.bad(at+".budget_hours", "must be positive and within the processing time")
		}
		budget += int64(max(st.BudgetHours, 0))
		if st.Interagency != "" && (agencies[st.Interagency].Code == "" || st.Interagency == p.Agency) {
			r.bad(at+".interagency", "%q is not another agency of the catalogue", st.Interagency)
		}
	}
	if dur.Unit != domain.UnitCalendarDays && float64(budget) > dur.NominalHours() {
		r.bad("steps", "the steps' budgets (%d h) exceed the processing time (%s)", budget, dur.Label())
	}
}

// calendar checks calendar.json: the sessions and cutoff, then each day.
func (ps *problems) calendar(cal Calendar) {
	spec := domain.CalendarSpec{Sessions: cal.Sessions, Cutoff: cal.Cutoff}
	if len(spec.Sessions) == 0 {
		spec = domain.DefaultCalendarSpec()
	}
	if _, err := worktime.New(spec); err != nil {
		ps.add("calendar.json", "", "sessions", "%v", err)
	}
	days := map[string]bool{}
	for i, d := range cal.Days {
		r := ps.record("calendar.json", i, d.Day)
		r.text("name", d.Name, 500)
		t, err := time.Parse(time.DateOnly, d.Day)
		if err != nil {
			r.bad("day", "is not a date YYYY-MM-DD")
			continue
		}
		if days[d.Day] {
			r.bad("day", "appears twice")
		}
		days[d.Day] = true
		weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
		switch d.Kind {
		case "holiday":
			if weekend {
				r.bad("kind", "a holiday on a weekend changes nothing: give its compensatory weekday instead")
			}
		case "workday":
			if !weekend {
				r.bad("kind", "a compensatory working day must be a Saturday or Sunday")
			}
		default:
			r.bad("kind", "must be holiday or workday, not %q", d.Kind)
		}
	}
}

var clockTime = regexp.MustCompile(`^([01][0-9]|2[0-3]):[0-5][0-9]$`)

// checkDuration checks a procedure's processing time (duration, or processing_days of
// day_kind) and cut-off, reports each problem with f, and returns the duration (the
// zero Duration when there is none to speak of).
func checkDuration(p Procedure, f func(field, format string, args ...any)) domain.Duration {
	if p.Cutoff != "" && p.Cutoff != "none" && (!clockTime.MatchString(p.Cutoff) || p.Cutoff == "00:00") {
		f("cutoff", `must be "HH:MM", "none" or empty (the rule set's cut-off), not %q`, p.Cutoff)
	}
	if p.Duration == nil {
		if p.ProcessingDays <= 0 || p.ProcessingDays > 365 {
			f("processing_days", "must be between 1 and 365, not %d", p.ProcessingDays)
		}
		if p.DayKind != "working" && p.DayKind != "calendar" {
			f("day_kind", "must be working or calendar, not %q", p.DayKind)
		}
		return domain.DurationOf(max(p.ProcessingDays, 0), domain.DayKind(p.DayKind))
	}
	d := *p.Duration
	if msg := d.Validate(); msg != "" {
		f("duration", "%s", msg)
		return domain.Duration{Amount: 400, Unit: domain.UnitWorkingDays} // no more problems from the steps

	}
	if p.ProcessingDays != 0 && p.ProcessingDays != d.Days() {
		f("processing_days", "disagrees with duration (%s rounds up to %d days): leave it out or make it %d", d.Label(), d.Days(), d.Days())
	}
	if p.DayKind != "" && p.DayKind != string(d.DayKind()) {
		f("day_kind", "disagrees with duration: leave it out or make it %q", d.DayKind())
	}
	return d
}
