package postgres_test

import (
	"context"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// BenchmarkSupervision times the supervision reads (issue 21) for one agency and one
// year, direct store calls: on the database at DVC_BENCH_DATABASE_URL, else on a
// throwaway database with DVC_BENCH_SYNTHETIC synthetic dossiers (10,000 by default):
//
//	go test -run '^$' -bench Supervision -benchtime 20x ./internal/postgres/
//	DVC_BENCH_SYNTHETIC=1000000 go test -run '^$' -bench Supervision -benchtime 5x -timeout 2h ./internal/postgres/
func BenchmarkSupervision(b *testing.B) {
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, dossiercode.Location)
	var db *sqlx.DB
	if url := os.Getenv("DVC_BENCH_DATABASE_URL"); url != "" {
		var err error
		if db, err = sqlx.Open("postgres", url); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		now = time.Now()
	} else {
		n := 10000
		if v, err := strconv.Atoi(os.Getenv("DVC_BENCH_SYNTHETIC")); err == nil && v > 0 {
			n = v
		}
		db = testdb.Seeded(b)
		began := time.Now()
		if _, err := synthetic.Generate(ctx, db, synthetic.Options{Count: n, Now: now, To: dossiercode.Day(now), Seed: 3}); err != nil {
			b.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, `VACUUM (ANALYZE) dossiers`); err != nil {
			b.Fatal(err)
		}
		b.Logf("%d synthetic dossiers generated and analysed in %s", n, time.Since(began).Round(time.Second))
	}
	s := postgres.NewStore(db)
	var f struct {
		Agency int64 `db:"agency"`
		Big    int64 `db:"big"`
	}
	if err := db.GetContext(ctx, &f, `SELECT (SELECT id FROM agencies WHERE code = '000.00.03.H03') AS agency,
		(SELECT agency_id FROM dossiers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS big`); err != nil {
		b.Fatal(err)
	}
	year := time.Date(2025, 1, 1, 0, 0, 0, 0, dossiercode.Location)
	end := year.AddDate(1, 0, 0)
	for _, a := range []struct {
		name string
		id   int64
	}{{"H03", f.Agency}, {"Biggest", f.Big}} {
		oq := domain.OversightQuery{AgencyID: a.id, OpenOnly: true, Now: now, DueBefore: now.Add(24 * time.Hour),
			SupplementBefore: now.Add(-10 * 24 * time.Hour), Page: 1, PerPage: 50}
		list := func(l string) func() error {
			return func() error { q := oq; q.List = l; _, _, err := s.Oversight(ctx, q); return err }
		}
		search := oq
		search.OpenOnly, search.ReceivedFrom, search.ReceivedTo, search.Text = false, &year, &end, "Nguyễn"
		sq := domain.StatsQuery{AgencyID: a.id, From: year, To: end}
		runs := []struct {
			name string
			call func() error
		}{
			{"WorklistOpen", list("")},
			{"WorklistOverdue", list(domain.ListOverdue)},
			{"WorklistDueSoon", list(domain.ListDueSoon)},
			{"WorklistSupplement", list(domain.ListSupplement)},
			{"WorklistSearchYear", func() error { _, _, err := s.Oversight(ctx, search); return err }},
			{"LateReportYear", func() error {
				_, err := s.LateReport(ctx, domain.ReportQuery{AgencyID: a.id, From: year, To: end})
				return err
			}},
			{"WorkloadYear", func() error { _, err := s.Workload(ctx, a.id, oq, year, end); return err }},
			{"IndexYear", func() error { // what ServiceIndex reads: the flags and form 06
				if _, err := s.IndexCounts(ctx, sq); err != nil {
					return err
				}
				_, err := s.Stats(ctx, sq)
				return err
			}},
			{"IndexLosersOnTimeYear", func() error { _, err := s.IndexLosers(ctx, sq, "on_time", 500); return err }},
		}
		for _, r := range runs {
			b.Run(a.name+"/"+r.name, func(b *testing.B) {
				for b.Loop() {
					if err := r.call(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
	b.Run("DigestItems", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.DigestItems(ctx, now, now.Add(24*time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("LeaderSummaries", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.LeaderSummaries(ctx, now, now.Add(24*time.Hour), now.Add(-240*time.Hour), now.Add(-24*time.Hour)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
