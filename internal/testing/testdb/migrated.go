package testdb

import (
	"context"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/schema"
)

// Migrated returns a fresh database with dvc's schema applied.
func Migrated(tb testing.TB) *sqlx.DB {
	tb.Helper()
	db := Open(tb)
	if _, err := schema.Migrate(context.Background(), db); err != nil {
		tb.Fatalf("testdb: migrate: %v", err)
	}
	return db
}

// Seeded returns a fresh migrated database holding the demo catalogue and accounts.
func Seeded(tb testing.TB) *sqlx.DB {
	tb.Helper()
	db := Migrated(tb)
	if err := demo.Seed(context.Background(), db); err != nil {
		tb.Fatalf("testdb: seed: %v", err)
	}
	return db
}
