package catalogue_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
)

// TestProcedureDurations: a procedure's processing time is a duration in a unit, or the
// older processing_days of day_kind; both must agree when both are given; the cut-off is
// "HH:MM", "none" or empty.
func TestProcedureDurations(t *testing.T) {
	base := shipped(t)
	with := func(edit func(*catalogue.Procedure)) catalogue.Catalogue {
		c := base
		c.Procedures = slices.Clone(base.Procedures)
		p := c.Procedures[0]
		p.Steps = nil // no route: the budgets are not what is tested
		edit(&p)
		c.Procedures[0] = p
		return c
	}
	dur := func(a float64, u domain.TimeUnit) *domain.Duration { return &domain.Duration{Amount: a, Unit: u} }
	t.Run("OK", func(t *testing.T) {
		for name, edit := range map[string]func(*catalogue.Procedure){
			"HalfDay": func(p *catalogue.Procedure) {
				p.Duration, p.ProcessingDays, p.DayKind = dur(0.5, domain.UnitWorkingDays), 0, ""
			},
			"HalfDayDays": func(p *catalogue.Procedure) {
				p.Duration, p.ProcessingDays, p.DayKind = dur(1.5, domain.UnitWorkingDays), 2, "working"
			},
			"Hours": func(p *catalogue.Procedure) { p.Duration, p.ProcessingDays = dur(4, domain.UnitWorkingHours), 1 },
			"SameDay": func(p *catalogue.Procedure) {
				p.Duration, p.ProcessingDays, p.Cutoff = dur(0, domain.UnitSameDay), 0, "15:00"
			},
			"CalendarDays": func(p *catalogue.Procedure) {
				p.Duration, p.ProcessingDays, p.DayKind = dur(30, domain.UnitCalendarDays), 30, "calendar"
			},
			"NoCutoff":  func(p *catalogue.Procedure) { p.Cutoff = "none" },
			"OlderForm": func(p *catalogue.Procedure) { p.Duration, p.ProcessingDays, p.DayKind = nil, 20, "working" },
		} {
			c := with(edit)
			if err := c.Validate(); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		for name, c := range map[string]struct {
			edit  func(*catalogue.Procedure)
			field string
		}{
			"QuarterDay": {func(p *catalogue.Procedure) { p.Duration = dur(0.25, domain.UnitWorkingDays) }, "duration"},
			"Weeks":      {func(p *catalogue.Procedure) { p.Duration = dur(2, "weeks") }, "duration"},
			"ZeroHours":  {func(p *catalogue.Procedure) { p.Duration = dur(0, domain.UnitWorkingHours) }, "duration"},
			"Disagrees":  {func(p *catalogue.Procedure) { p.Duration, p.ProcessingDays = dur(2, domain.UnitWorkingDays), 5 }, "processing_days"},
			"KindDiffers": {func(p *catalogue.Procedure) {
				p.Duration, p.ProcessingDays, p.DayKind = dur(20, domain.UnitCalendarDays), 20, "working"
			}, "day_kind"},
			"Cutoff":     {func(p *catalogue.Procedure) { p.Cutoff = "3pm" }, "cutoff"},
			"Cutoff2460": {func(p *catalogue.Procedure) { p.Cutoff = "24:60" }, "cutoff"},
			"NoDays":     {func(p *catalogue.Procedure) { p.Duration, p.ProcessingDays = nil, 0 }, "processing_days"},
		} {
			cat := with(c.edit)
			err := cat.Validate()
			var v *catalogue.ValidationError
			if !errors.As(err, &v) || len(v.Problems) != 1 || v.Problems[0].Field != c.field {
				t.Errorf("%s: %v, want one problem on %s", name, err, c.field)
			}
		}
	})
}
