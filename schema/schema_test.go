package schema_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/schema"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func TestMigrations(t *testing.T) {
	ms, err := schema.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	// Numbers may skip (each branch of work has its own range) but only go up.
	for i, m := range ms {
		if m.Version < 1 || (i > 0 && m.Version <= ms[i-1].Version) {
			t.Fatalf("migration %s has version %d after %d", m.Name, m.Version, ms[i-1].Version)
		}
	}
	if len(ms) == 0 || ms[0].Version != 1 || schema.Latest() != ms[len(ms)-1].Version {
		t.Fatalf("Latest = %d of %d migrations", schema.Latest(), len(ms))
	}
}

// TestPending: a migration numbered below one already applied (a branch merged after a
// later one) is still pending; applied ones are not.
func TestPending(t *testing.T) {
	ms := []schema.Migration{{Version: 1}, {Version: 13}, {Version: 17}, {Version: 20}, {Version: 27}}
	var got []int
	for _, m := range schema.Pending(ms, map[int]bool{1: true, 13: true, 20: true}) {
		got = append(got, m.Version)
	}
	if !slices.Equal(got, []int{17, 27}) {
		t.Fatalf("pending %v, want [17 27]", got)
	}
}

func TestMigrate(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	t.Run("BehindBeforeMigrate", func(t *testing.T) {
		if err := schema.Check(ctx, db); !errors.Is(err, schema.ErrBehind) {
			t.Fatalf("Check on an empty database = %v, want ErrBehind", err)
		}
	})
	t.Run("AppliesAll", func(t *testing.T) {
		applied, err := schema.Migrate(ctx, db)
		if err != nil {
			t.Fatal(err)
		}
		if ms, _ := schema.Migrations(); len(applied) != len(ms) {
			t.Fatalf("applied %v, want all %d", applied, len(ms))
		}
		if err := schema.Check(ctx, db); err != nil {
			t.Fatalf("Check after Migrate: %v", err)
		}
	})
	t.Run("Idempotent", func(t *testing.T) {
		applied, err := schema.Migrate(ctx, db)
		if err != nil || len(applied) != 0 {
			t.Fatalf("second Migrate applied %v, err %v", applied, err)
		}
	})
	t.Run("BehindWithoutAnEarlierOne", func(t *testing.T) {
		// The database has the latest migration but not an earlier one.
		if _, err := db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = 2`); err != nil {
			t.Fatal(err)
		}
		err := schema.Check(ctx, db)
		if !errors.Is(err, schema.ErrBehind) || !strings.Contains(err.Error(), "needs versions 2)") {
			t.Fatalf("Check = %v, want ErrBehind naming version 2", err)
		}
	})
}

func TestConcurrentMigrate(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t)
	errs := make(chan error, 3)
	for range 3 {
		go func() {
			_, err := schema.Migrate(ctx, db)
			errs <- err
		}()
	}
	for range 3 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent Migrate: %v", err)
		}
	}
	var n int
	ms, _ := schema.Migrations()
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations`); err != nil || n != len(ms) {
		t.Fatalf("schema_migrations has %d rows (err %v), want %d", n, err, len(ms))
	}
}

func TestEventsAreAppendOnly(t *testing.T) {
	ctx := context.Background()
	db := testdb.Seeded(t)
	_, err := db.ExecContext(ctx, `
		INSERT INTO dossiers (code, procedure_id, agency_id, applicant_name, id_number, phone, status, submitted_at)
		SELECT 'X-260101-0001', id, agency_id, 'A', '012345678', '0912345678', 1, now() FROM procedures LIMIT 1;
		INSERT INTO dossier_events (dossier_id, seq, at, action, status, hash)
		SELECT id, 1, now(), 'submitted', 1, '\x00' FROM dossiers`)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{`UPDATE dossier_events SET note = 'x'`, `DELETE FROM dossier_events`} {
		if _, err := db.ExecContext(ctx, stmt); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("%s: err = %v, want append-only refusal", stmt, err)
		}
	}
}
