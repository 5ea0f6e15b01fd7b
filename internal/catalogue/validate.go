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
	var ps []Problem
	bad := func(file, record, field, format string, args ...any) {
		ps = append(ps, Problem{File: file, Record: record, Field: field, Message: fmt.Sprintf(format, args...)})
	}
	// text: every string must be storable (valid UTF-8, no NUL or other control
	// character but newline and tab) and of a sane length.
	text := func(file, record, field, s string, max int) {
		if !validate.Text(s, max) {
			bad(file, record, field, "has a control character, invalid UTF-8 or more than %d characters", max)
		}
	}
	agencies := map[string]Agency{}
	for i, a := range c.Agencies {
		rec := fmt.Sprintf("#%d %s", i+1, a.Code)
		text("agencies.json", rec, "name", a.Name, 500)
		text("agencies.json", rec, "parent", a.Parent, 100)
		if !agencyCode.MatchString(a.Code) {
			bad("agencies.json", rec, "code", "is not an electronic code like 000.00.03.H03")
		}
		if _, dup := agencies[a.Code]; dup {
			bad("agencies.json", rec, "code", "appears twice")
		}
		agencies[a.Code] = a
		if strings.TrimSpace(a.Name) == "" {
			bad("agencies.json", rec, "name", "is empty")
		}
		if !slices.Contains([]string{"province", "department", "district", "commune"}, a.Level) {
			bad("agencies.json", rec, "level", "must be province, department, district or commune, not %q", a.Level)
		}
	}
	for i, a := range c.Agencies {
		rec := fmt.Sprintf("#%d %s", i+1, a.Code)
		switch {
		case a.Parent == "" && a.Level != "province":
			bad("agencies.json", rec, "parent", "is required below the province")
		case a.Parent != "" && agencies[a.Parent].Code == "":
			bad("agencies.json", rec, "parent", "%q is not an agency of the catalogue", a.Parent)
		case a.Parent == a.Code:
			bad("agencies.json", rec, "parent", "is the agency itself")
		}
	}
	fields := map[string]bool{}
	for i, f := range c.Fields {
		rec := fmt.Sprintf("#%d %s", i+1, f.Code)
		if !plainCode.MatchString(f.Code) {
			bad("fields.json", rec, "code", "is empty or has characters other than letters, digits, . _ -")
		}
		if fields[f.Code] {
			bad("fields.json", rec, "code", "appears twice")
		}
		fields[f.Code] = true
		if strings.TrimSpace(f.Name) == "" {
			bad("fields.json", rec, "name", "is empty")
		}
		text("fields.json", rec, "name", f.Name, 500)
	}
	templates := c.validateTemplates(bad)
	procs := map[string]bool{}
	for i, p := range c.Procedures {
		rec := fmt.Sprintf("#%d %s", i+1, p.Code)
		f := func(field, format string, args ...any) { bad("procedures.json", rec, field, format, args...) }
		if !plainCode.MatchString(p.Code) {
			f("code", "is empty or malformed")
		}
		if procs[p.Code] {
			f("code", "appears twice")
		}
		procs[p.Code] = true
		if strings.TrimSpace(p.Name) == "" {
			f("name", "is empty")
		}
		for _, t := range []struct {
			field, s string
			max      int
		}{{"name", p.Name, 1000}, {"agency", p.Agency, 100}, {"field", p.Field, 100}, {"legal_basis", p.LegalBasis, 20000}, {"guide", p.Guide, 100000}} {
			text("procedures.json", rec, t.field, t.s, t.max)
		}
		if agencies[p.Agency].Code == "" {
			f("agency", "%q is not an agency of the catalogue", p.Agency)
		}
		if !fields[p.Field] {
			f("field", "%q is not a field of the catalogue", p.Field)
		}
		if !slices.Contains([]string{"province", "district", "commune"}, p.Level) {
			f("level", "must be province, district or commune, not %q", p.Level)
		}
		if p.OnlineLevel != "full" && p.OnlineLevel != "partial" {
			f("online_level", "must be full (toàn trình) or partial (một phần), not %q", p.OnlineLevel)
		}
		if p.ProcessingDays <= 0 || p.ProcessingDays > 365 {
			f("processing_days", "must be between 1 and 365, not %d", p.ProcessingDays)
		}
		if p.DayKind != "working" && p.DayKind != "calendar" {
			f("day_kind", "must be working or calendar, not %q", p.DayKind)
		}
		if p.FeeVND < 0 {
			f("fee_vnd", "must not be negative")
		}
		for j, comp := range p.Components {
			at := fmt.Sprintf("components[%d]", j)
			if strings.TrimSpace(comp.Name) == "" {
				f(at+".name", "is empty")
			}
			text("procedures.json", rec, at+".name", comp.Name, 1000)
			text("procedures.json", rec, at+".template", comp.Template, 1000)
			if comp.Template != "" && !IsTemplateLink(comp.Template) && !templates[comp.Template] {
				f(at+".template", "%q is neither a file of %s/ nor an http(s) link", comp.Template, TemplatesDir)
			}
			if comp.Originals < 0 || comp.Copies < 0 {
				f(at, "originals and copies must not be negative")
			}
		}
		names := map[string]bool{}
		for j, ff := range p.Form {
			at := fmt.Sprintf("form[%d]", j)
			if !fieldName.MatchString(ff.Name) {
				f(at+".name", "must be snake_case ASCII, not %q", ff.Name)
			}
			if names[ff.Name] {
				f(at+".name", "%q appears twice", ff.Name)
			}
			names[ff.Name] = true
			if strings.TrimSpace(ff.Label) == "" {
				f(at+".label", "is empty")
			}
			text("procedures.json", rec, at+".label", ff.Label, 500)
			for k, o := range ff.Options {
				if strings.TrimSpace(o) == "" || !validate.Text(o, 500) {
					f(fmt.Sprintf("%s.options[%d]", at, k), "is empty, too long or has a control character")
				}
			}
			if !slices.Contains([]string{"text", "textarea", "number", "date", "select", "checkbox"}, ff.Type) {
				f(at+".type", "must be text, textarea, number, date, select or checkbox, not %q", ff.Type)
			}
			if (ff.Type == "select") != (len(ff.Options) > 0) {
				f(at+".options", "a select needs options, and only a select has them")
			}
			if ff.MaxLength < 0 {
				f(at+".max_length", "must not be negative")
			}
		}
		var budget int64
		for j, st := range p.Steps {
			at := fmt.Sprintf("steps[%d]", j)
			if strings.TrimSpace(st.Name) == "" {
				f(at+".name", "is empty")
			}
			text("procedures.json", rec, at+".name", st.Name, 500)
			if !slices.Contains([]string{"reception", "specialist", "leader", "clerk"}, st.Role) {
				f(at+".role", "must be reception, specialist, leader or clerk, not %q", st.Role)
			}
			if st.BudgetHours <= 0 || int64(st.BudgetHours) > int64(max(p.ProcessingDays, 0))*24 {
				f(at+".budget_hours", "must be positive and within the processing time")
			}
			budget += int64(max(st.BudgetHours, 0))
			if st.Interagency != "" && (agencies[st.Interagency].Code == "" || st.Interagency == p.Agency) {
				f(at+".interagency", "%q is not another agency of the catalogue", st.Interagency)
			}
		}
		if p.DayKind == "working" && budget > int64(p.ProcessingDays)*8 {
			f("steps", "the steps' budgets (%d h) exceed the processing time (%d working days)", budget, p.ProcessingDays)
		}
	}
	spec := domain.CalendarSpec{Sessions: c.Calendar.Sessions, Cutoff: c.Calendar.Cutoff}
	if len(spec.Sessions) == 0 {
		spec = domain.DefaultCalendarSpec()
	}
	if _, err := worktime.New(spec); err != nil {
		bad("calendar.json", "", "sessions", "%v", err)
	}
	days := map[string]bool{}
	for i, d := range c.Calendar.Days {
		rec := fmt.Sprintf("#%d %s", i+1, d.Day)
		text("calendar.json", rec, "name", d.Name, 500)
		t, err := time.Parse(time.DateOnly, d.Day)
		if err != nil {
			bad("calendar.json", rec, "day", "is not a date YYYY-MM-DD")
			continue
		}
		if days[d.Day] {
			bad("calendar.json", rec, "day", "appears twice")
		}
		days[d.Day] = true
		weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
		switch d.Kind {
		case "holiday":
			if weekend {
				bad("calendar.json", rec, "kind", "a holiday on a weekend changes nothing: give its compensatory weekday instead")
			}
		case "workday":
			if !weekend {
				bad("calendar.json", rec, "kind", "a compensatory working day must be a Saturday or Sunday")
			}
		default:
			bad("calendar.json", rec, "kind", "must be holiday or workday, not %q", d.Kind)
		}
	}
	if len(ps) > 0 {
		return &ValidationError{Problems: ps}
	}
	return nil
}
