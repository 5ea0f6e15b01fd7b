package schema_test

import (
	"context"
	"errors"
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
	for i, m := range ms {
		if m.Version != i+1 {
			t.Fatalf("migration %s has version %d, want %d (numbers must be contiguous)", m.Name, m.Version, i+1)
		}
	}
	if schema.Latest() != len(ms) {
		t.Fatalf("Latest = %d, want %d", schema.Latest(), len(ms))
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
		if len(applied) != schema.Latest() {
			t.Fatalf("applied %v, want all %d", applied, schema.Latest())
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
	t.Run("BehindAfterRollback", func(t *testing.T) {
		if _, err := db.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = $1`, schema.Latest()); err != nil {
			t.Fatal(err)
		}
		err := schema.Check(ctx, db)
		if !errors.Is(err, schema.ErrBehind) || !strings.Contains(err.Error(), "needs") {
			t.Fatalf("Check = %v, want ErrBehind naming the versions", err)
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
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations`); err != nil || n != schema.Latest() {
		t.Fatalf("schema_migrations has %d rows (err %v), want %d", n, err, schema.Latest())
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
