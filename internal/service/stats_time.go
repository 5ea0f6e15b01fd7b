package service

import (
	"context"
	"math"
	"slices"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/textsearch"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Stats computes report form 06 for q, its groups in Vietnamese order of their names, with the average processing times: each
// resolved dossier's time from its receipt to its finish, its clock's interruptions
// (supplement, payment) left out, counted with the office hours of its rule set and the
// days of its calendar version (data that never changes), so that a closed period always
// gives the same figures.
func (s *Service) Stats(ctx context.Context, q domain.StatsQuery) ([]domain.Stats, error) {
	rows, err := reads(s, func(st *postgres.Store) ([]domain.Stats, error) { return st.Stats(ctx, q) })
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(rows, func(a, b domain.Stats) int { return textsearch.Compare(a.GroupName, b.GroupName) }) // Vietnamese order
	resolved, err := s.Store.ResolvedDossiers(ctx, q)
	if err != nil {
		return nil, err
	}
	cals := calendars{store: s.Store, cache: map[[2]int]*worktime.Calendar{}}
	type sum struct {
		days  float64
		n     int
		units map[domain.TimeUnit]*domain.UnitAverage
	}
	sums := map[int64]*sum{}
	for _, d := range resolved {
		cal, err := cals.get(ctx, d.RuleVersion, d.CalendarVersion)
		if err != nil {
			return nil, err
		}
		g := sums[d.GroupID]
		if g == nil {
			g = &sum{units: map[domain.TimeUnit]*domain.UnitAverage{}}
			sums[d.GroupID] = g
		}
		work := cal.Between(d.ReceivedAt, d.FinishedAt)
		elapsed := d.FinishedAt.Sub(d.ReceivedAt)
		for _, st := range d.Stops {
			if !st.To.IsZero() {
				work -= cal.Between(st.From, st.To)
				elapsed -= st.To.Sub(st.From)
			}
		}
		g.days += float64(work) / float64(cal.Day())
		g.n++
		u := g.units[d.Unit]
		if u == nil {
			u = &domain.UnitAverage{Unit: d.Unit}
			g.units[d.Unit] = u
		}
		u.Count++
		switch d.Unit {
		case domain.UnitWorkingHours:
			u.Amount += work.Hours()
		case domain.UnitCalendarDays:
			u.Amount += elapsed.Hours() / 24
		default:
			u.Amount += float64(work) / float64(cal.Day())
		}
	}
	for i := range rows {
		g := sums[rows[i].GroupID]
		rows[i].AvgByUnit = []domain.UnitAverage{}
		if g == nil {
			continue
		}
		avg := round2(g.days / float64(g.n))
		rows[i].AvgProcessingDays = &avg
		for _, unit := range domain.TimeUnits {
			if u := g.units[unit]; u != nil {
				u.Amount = round2(u.Amount / float64(u.Count))
				u.Text = domain.UnitAverageText(u.Unit, u.Amount)
				rows[i].AvgByUnit = append(rows[i].AvgByUnit, *u)
			}
		}
	}
	return rows, nil
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// calendars builds and keeps the working calendars of (rule set, calendar version).
type calendars struct {
	store *postgres.Store
	cache map[[2]int]*worktime.Calendar
}

// get is rule set r's office hours with calendar version v's days (version 1 for a
// dossier counted before versions, 0).
func (c calendars) get(ctx context.Context, r, v int) (*worktime.Calendar, error) {
	if cal, ok := c.cache[[2]int{r, v}]; ok {
		return cal, nil
	}
	rules, err := c.store.RuleSetVersion(ctx, r)
	if err != nil {
		return nil, err
	}
	var version calendar.Version
	if version, err = c.store.CalendarVersion(ctx, max(v, 1)); err != nil {
		if e, ok := domain.AsError(err); !ok || e.Code != "calendar_version_not_found" {
			return nil, err
		}
	}
	cal, err := worktime.New(version.Spec(rules.Calendar))
	if err != nil {
		return nil, err
	}
	c.cache[[2]int{r, v}] = cal
	return cal, nil
}
