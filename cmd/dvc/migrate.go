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

// withDB loads the command's configuration, opens database.url and runs fn on it.
func withDB(ctx context.Context, name string, args []string, stderr io.Writer, fn func(*sqlx.DB) error) error {
	cfg, err := loadConfig(name, args, config.ModeProduction, stderr)
	if err != nil {
		return err
	}
	db, err := sqlx.Open("postgres", cfg.Database.URL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.PingContext(ctx); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	return fn(db)
}

// runMigrate applies pending migrations to database.url.
func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withDB(ctx, "migrate", args, stderr, func(db *sqlx.DB) error {
		applied, err := schema.Migrate(ctx, db)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "applied %d migration(s) %v; schema at version %d\n", len(applied), applied, schema.Latest())
		return nil
	})
}

// runSeed loads the demo catalogue and accounts into database.url.
func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return withDB(ctx, "seed", args, stderr, func(db *sqlx.DB) error {
		if err := schema.Check(ctx, db); err != nil {
			return err
		}
		if err := demo.Seed(ctx, db); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "demo catalogue and accounts loaded")
		return nil
	})
}
