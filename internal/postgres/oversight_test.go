package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// TestSupervisionQueries runs the supervision reads on 3,000 synthetic dossiers and
// checks them against each other and against report form 06: the index's counts of
// resolved dossiers are the statistics', the late report lists exactly the dossiers
// resolved late, each indicator's drill-down lists as many dossiers as it lost, and the
// worklist's lists hold what they say.
func TestSupervisionQueries(t *testing.T) {
	ctx := context.Background()
	db := testdb.Seeded(t)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, dossiercode.Location)
	if _, err := synthetic.Generate(ctx, db, synthetic.Options{Count: 3000, Now: now, To: dossiercode.Day(now), Seed: 7}); err != nil {
		t.Fatal(err)
	}
	s := postgres.NewStore(db)
	var agency int64
	if err := db.Get(&agency, `SELECT agency_id FROM dossiers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	from, to := time.Date(2025, 1, 1, 0, 0, 0, 0, dossiercode.Location), time.Date(2026, 1, 1, 0, 0, 0, 0, dossiercode.Location)
	q := domain.StatsQuery{AgencyID: agency, From: from, To: to}
	stats, err := s.Stats(ctx, q)
	if err != nil || len(stats) != 1 {
		t.Fatalf("stats: %v %v", stats, err)
	}
	st := stats[0]
	counts, err := s.IndexCounts(ctx, q)
	if err != nil || len(counts) != 1 {
		t.Fatalf("index counts: %v %v", counts, err)
	}
	c := counts[0]
	if c.Resolved != st.Resolved || c.ResolvedLate != st.ResolvedLate || c.ResolvedOnTime != st.ResolvedEarly+st.ResolvedOnTime ||
		c.ReceivedOnline != st.ReceivedOnline || c.Received != st.Received {
		t.Fatalf("index counts %+v disagree with form 06 %+v", c, st)
	}
	if c.Resolved == 0 || c.ResolvedLate == 0 || c.Received == 0 {
		t.Fatalf("the synthetic year has nothing to count: %+v", c)
	}
	for _, ind := range domain.IndexIndicators {
		losers, err := s.IndexLosers(ctx, q, ind.Code, 100000)
		if ind.Code == "in_progress_on_time" || ind.Code == "satisfied" {
			if err == nil {
				t.Errorf("%s: drill-down answered from the flags", ind.Code)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", ind.Code, err)
		}
		if want := ind.Den(c) - ind.Num(c); len(losers) != want {
			t.Errorf("%s: %d dossiers lose points, the counts say %d", ind.Code, len(losers), want)
		}
	}
	late, err := s.LateReport(ctx, domain.ReportQuery{AgencyID: agency, From: from, To: to})
	if err != nil {
		t.Fatal(err)
	}
	resolvedLate, lostSteps := 0, 0
	for _, l := range late {
		if l.FinishedAt != nil {
			resolvedLate++
		}
		if l.LostStep != "" {
			lostSteps++
			if l.LostOfficer == "" || l.LostFrom == nil || l.LostTo == nil || !l.LostTo.After(*l.LostFrom) {
				t.Errorf("%s: lost step %q without its officer or overrun: %+v", l.Code, l.LostStep, l)
			}
		}
	}
	if resolvedLate != st.ResolvedLate || lostSteps == 0 {
		t.Errorf("late report: %d resolved late (form 06: %d), %d with a lost step", resolvedLate, st.ResolvedLate, lostSteps)
	}

	oq := domain.OversightQuery{AgencyID: agency, OpenOnly: true, Now: now, DueBefore: now.Add(24 * time.Hour),
		SupplementBefore: now.Add(-10 * 24 * time.Hour), Page: 1, PerPage: 50}
	open, total, err := s.Oversight(ctx, oq)
	if err != nil || total == 0 || len(open) == 0 {
		t.Fatalf("open dossiers: %d %v", total, err)
	}
	for _, list := range []string{domain.ListOverdue, domain.ListDueSoon, domain.ListSupplement} {
		lq := oq
		lq.List, lq.PerPage = list, 100000
		rows, n, err := s.Oversight(ctx, lq)
		if err != nil || n != len(rows) || n > total {
			t.Fatalf("%s: %d rows, %d total, %v", list, len(rows), n, err)
		}
		for _, r := range rows {
			bad := false
			switch list {
			case domain.ListOverdue:
				bad = !r.Overdue && (r.DueAt == nil || !r.DueAt.Before(now))
			case domain.ListDueSoon:
				bad = r.Overdue || r.DueAt == nil || r.DueAt.Before(now) || r.DueAt.After(oq.DueBefore)
			case domain.ListSupplement:
				bad = r.Status != domain.StatusSupplementRequested || !r.UpdatedAt.Before(oq.SupplementBefore)
			}
			if bad {
				t.Errorf("%s lists %s (%+v)", list, r.Code, r)
			}
		}
	}
	text := oq
	text.Text = open[0].Code
	if rows, n, err := s.Oversight(ctx, text); err != nil || n != 1 || rows[0].Code != open[0].Code {
		t.Errorf("search by code: %d %v", n, err)
	}
	wl, err := s.Workload(ctx, agency, oq, from, to)
	if err != nil || len(wl) == 0 {
		t.Fatalf("workload: %v %v", wl, err)
	}
	steps := 0
	for _, w := range wl {
		steps += w.Steps
	}
	if steps == 0 {
		t.Error("no officer completed a step in the year")
	}
}
