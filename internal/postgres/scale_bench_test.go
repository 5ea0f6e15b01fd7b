package postgres_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// BenchmarkHotQueries times the store's hot reads, direct calls without HTTP, on 10,000
// synthetic dossiers, or on the database at DVC_BENCH_DATABASE_URL (e.g. a dev database
// after `dvc seed --synthetic 1000000`):
//
//	go test -run '^$' -bench HotQueries -benchtime 200x ./activities/
//	DVC_BENCH_DATABASE_URL=postgres://dvc@127.0.0.1:PORT/dvc?sslmode=disable go test -run '^$' -bench HotQueries -benchtime 200x ./activities/
func BenchmarkHotQueries(b *testing.B) {
	ctx := context.Background()
	var db *sqlx.DB
	if url := os.Getenv("DVC_BENCH_DATABASE_URL"); url != "" {
		var err error
		if db, err = sqlx.Open("postgres", url); err != nil {
			b.Fatal(err)
		}
		defer db.Close()
	} else {
		db = testdb.Seeded(b)
		now := time.Date(2026, 11, 20, 10, 0, 0, 0, dossiercode.Location)
		if _, err := synthetic.Generate(ctx, db, synthetic.Options{Count: 10000, Now: now, To: dossiercode.Day(now), Seed: 3}); err != nil {
			b.Fatal(err)
		}
	}
	s := postgres.NewStore(db)
	var codes, idNumbers []string
	var owners []int64
	if err := db.SelectContext(ctx, &codes, `SELECT code FROM dossiers TABLESAMPLE SYSTEM (1) WHERE code IS NOT NULL LIMIT 1000`); err != nil || len(codes) == 0 {
		b.Fatalf("codes: %v", err)
	}
	if err := db.SelectContext(ctx, &idNumbers, `SELECT id_number FROM dossiers TABLESAMPLE SYSTEM (1) WHERE code IS NOT NULL LIMIT 1000`); err != nil || len(idNumbers) == 0 {
		b.Fatalf("id numbers: %v", err)
	}
	if err := db.SelectContext(ctx, &owners, `SELECT owner_id FROM dossiers TABLESAMPLE SYSTEM (2) WHERE owner_id IS NOT NULL LIMIT 1000`); err != nil || len(owners) == 0 {
		b.Fatalf("owners: %v", err)
	}
	var f struct {
		Agency     int64 `db:"agency"`
		Big        int64 `db:"big"`
		Specialist int64 `db:"specialist"`
		Heavy      int64 `db:"heavy"`
	}
	if err := db.GetContext(ctx, &f, `SELECT (SELECT id FROM agencies WHERE code = '000.00.03.H03') AS agency,
		(SELECT agency_id FROM dossiers GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS big,
		(SELECT id FROM accounts WHERE username = 'chuyenvien') AS specialist,
		(SELECT owner_id FROM dossiers WHERE owner_id IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1) AS heavy`); err != nil {
		b.Fatal(err)
	}
	year := time.Date(2025, 1, 1, 0, 0, 0, 0, dossiercode.Location)
	month := time.Now().AddDate(0, -1, 0)
	runs := []struct {
		name string
		call func(i int) error
	}{
		{"LookupByCode", func(i int) error { _, err := s.LookupByCode(ctx, codes[i%len(codes)]); return err }}, // what the lookup page reads
		{"LookupByIDNumber", func(i int) error { _, err := s.LookupByIDNumber(ctx, idNumbers[i%len(idNumbers)], 20); return err }},
		{"InboxReception", func(int) error {
			_, err := s.Inbox(ctx, domain.InboxQuery{AgencyID: f.Agency, Roles: []string{domain.RoleReception}, AccountID: 1})
			return err
		}},
		{"InboxSpecialist", func(int) error {
			_, err := s.Inbox(ctx, domain.InboxQuery{AgencyID: f.Agency, Roles: []string{domain.RoleSpecialist}, AccountID: f.Specialist})
			return err
		}},
		{"MyDossiers", func(i int) error { _, _, err := s.OwnerDossiers(ctx, owners[i%len(owners)], "", 1, 20); return err }},
		{"MyDossiersHeaviestOwner", func(int) error { _, _, err := s.OwnerDossiers(ctx, f.Heavy, "returned", 1, 20); return err }},
		{"AuditAgencyMonth", func(int) error {
			_, _, err := s.SearchEvents(ctx, domain.EventQuery{AgencyID: f.Agency, From: &month, Page: 1, PerPage: 50})
			return err
		}},
		{"StatsAgencyYear", func(int) error {
			_, err := s.Stats(ctx, domain.StatsQuery{AgencyID: f.Agency, From: year, To: year.AddDate(1, 0, 0)})
			return err
		}},
		{"StatsBiggestAgencyYear", func(int) error {
			_, err := s.Stats(ctx, domain.StatsQuery{AgencyID: f.Big, From: year, To: year.AddDate(1, 0, 0)})
			return err
		}},
	}
	for _, r := range runs {
		b.Run(r.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if err := r.call(i); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
