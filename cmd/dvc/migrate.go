package main

import (
	"context"
	"fmt"
	"io"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" driver

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/demo"
	"github.com/dvc-project/dvc/schema"
)

func openDB(ctx context.Context, cfg config.Config) (*sqlx.DB, error) {
	db, err := sqlx.Open("postgres", cfg.Database.URL)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("database unreachable: %w", err)
	}
	return db, nil
}

// runMigrate applies pending migrations to database.url.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("migrate", args, config.ModeProduction, stderr)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	applied, err := schema.Migrate(ctx, db)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "applied %d migration(s) %v; schema at version %d\n", len(applied), applied, schema.Latest())
	return nil
}

// runSeed loads the demo catalogue and accounts into database.url.
func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("seed", args, config.ModeProduction, stderr)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := schema.Check(ctx, db); err != nil {
		return err
	}
	if err := demo.Seed(ctx, db); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "demo catalogue and accounts loaded")
	return nil
}
