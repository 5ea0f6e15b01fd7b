package postgres_test

import (
	"time"

	"context"
	"slices"
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/internal/worktime"
)

// TestProcedureDurationRoundTrip: a processing time in a unit and a procedure's own
// cut-off are imported, read by the catalogue and the snapshot, exported and re-imported
// unchanged; processing_days keeps the rounded-up days for older readers.
func TestProcedureDurationRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewStore(testdb.Migrated(t))
	c := shipped(t)
	c.Procedures = slices.Clone(c.Procedures)
	half := domain.Duration{Amount: 0.5, Unit: domain.UnitWorkingDays}
	hours := domain.Duration{Amount: 4, Unit: domain.UnitWorkingHours}
	c.Procedures[0].Duration, c.Procedures[0].ProcessingDays, c.Procedures[0].DayKind, c.Procedures[0].Cutoff = &half, 0, "", "none"
	c.Procedures[0].Steps = nil
	c.Procedures[1].Duration, c.Procedures[1].ProcessingDays, c.Procedures[1].Steps = &hours, 0, nil
	if _, err := s.ImportCatalogue(ctx, c); err != nil {
		t.Fatal(err)
	}
	var id int64
	if err := s.DB().Get(&id, `SELECT id FROM procedures WHERE code = $1`, c.Procedures[0].Code); err != nil {
		t.Fatal(err)
	}
	p, err := s.Procedure(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if p.Duration != half || p.Cutoff != "none" || p.ProcessingDays != 1 || p.DayKind != "working" {
		t.Fatalf("procedure %+v", p)
	}
	out, err := s.ExportCatalogue(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]domain.Duration{}
	for _, p := range out.Procedures {
		if p.Duration == nil {
			t.Fatalf("%s exported without a duration", p.Code)
		}
		got[p.Code] = *p.Duration
	}
	if got[c.Procedures[0].Code] != half || got[c.Procedures[1].Code] != hours || got[c.Procedures[2].Code] != domain.DurationOf(c.Procedures[2].ProcessingDays, domain.DayKind(c.Procedures[2].DayKind)) {
		t.Fatalf("exported durations %v", got)
	}
	sum, err := s.ImportCatalogue(ctx, out)
	if err != nil || sum.ProceduresUnchanged != len(c.Procedures) {
		t.Fatalf("re-import: %+v %v", sum, err)
	}
	// A dossier's snapshot carries the duration and the cut-off; without steps, the
	// default route shares the half day's four working hours.
	d, err := s.CreateDraft(ctx, domain.DraftInput{ProcedureID: id, Applicant: domain.Applicant{Name: "Lê Văn Cường",
		IDNumber: "012345678", Phone: "0987654321", Email: "cuong@example.vn"}})
	if err != nil {
		t.Fatal(err)
	}
	snap, err := s.Snapshot(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	budget := 0
	for _, st := range snap.Route {
		budget += st.BudgetHours
	}
	if snap.Processing() != half || snap.Cutoff != "none" || budget != 4 {
		t.Fatalf("snapshot %+v", snap)
	}
}

// TestCivilCodeRuleSet: the migration adds the civil-code rule set from 1 January 2026;
// the rule set in force before keeps counting from the receipt instant.
func TestCivilCodeRuleSet(t *testing.T) {
	ctx := context.Background()
	s := postgres.NewStore(testdb.Migrated(t))
	for _, c := range []struct {
		at      time.Time
		version int
		policy  domain.DuePolicy
	}{
		{time.Date(2025, 12, 31, 23, 59, 0, 0, worktime.Location), 1, domain.DueInstant},
		{time.Date(2026, 1, 1, 0, 0, 0, 0, worktime.Location), 2, domain.DueCivilCode},
		{time.Date(2026, 11, 23, 9, 0, 0, 0, worktime.Location), 2, domain.DueCivilCode},
	} {
		rs, err := s.Rules(ctx, c.at)
		if err != nil || rs.Version != c.version || rs.DuePolicy != c.policy || rs.Calendar.Cutoff != "15:00" {
			t.Errorf("rules at %v: %d %q %v, want %d %q", c.at, rs.Version, rs.DuePolicy, err, c.version, c.policy)
		}
	}
}
