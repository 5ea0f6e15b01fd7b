package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "github.com/lib/pq" // the "postgres" driver
	"github.com/spf13/pflag"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/schema"
)

// withDB loads the command's configuration, opens database.url (by default the database
// of the dvc dev running on data_dir) and runs fn on it.
func withDB(ctx context.Context, name string, args []string, stderr io.Writer, fn func(*sqlx.DB) error) error {
	return withDBFlags(ctx, name, args, stderr, nil, fn)
}

// withDBFlags is withDB with the command's own flags.
func withDBFlags(ctx context.Context, name string, args []string, stderr io.Writer, extra func(*pflag.FlagSet), fn func(*sqlx.DB) error) error {
	cfg, err := loadConfigWith(name, args, config.ModeDev, stderr, extra)
	if err != nil {
		return err
	}
	if err := useDevDatabase(&cfg); err != nil {
		return err
	}
	db, err := sqlx.Open("postgres", cfg.Database.URL)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
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
		added, err := postgres.NewStore(db).EnsureShippedCalendar(ctx, calendar.Default(), time.Now())
		if err != nil {
			return err
		}
		if len(added) > 0 {
			fmt.Fprintf(stdout, "calendar versions %v added (the worker sends them to the dossiers in flight)\n", added)
		}
		return nil
	})
}

// runSeed imports the catalogue at --catalogue PATH (a JSON file or a folder), or, without
// it, the demo catalogue and accounts, into database.url. --synthetic N adds N synthetic
// historic dossiers instead (see internal/ops/synthetic), by default to the dev database.
func runSeed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var path string
	var synthetic int
	extra := func(fs *pflag.FlagSet) {
		fs.StringVar(&path, "catalogue", "", "catalogue to import (JSON file or folder)")
		fs.IntVar(&synthetic, "synthetic", 0, "add N synthetic historic dossiers (scale tests); without database.url, to the dev data directory's database")
	}
	if slices.ContainsFunc(args, func(a string) bool { return strings.HasPrefix(a, "--synthetic") }) {
		cfg, err := loadConfigWith("seed", args, config.ModeDev, stderr, extra)
		if err != nil {
			return err
		}
		if synthetic <= 0 {
			return errors.New("--synthetic needs a positive number of dossiers")
		}
		return runSynthetic(ctx, cfg, synthetic, stdout)
	}
	return withDBFlags(ctx, "seed", args, stderr, extra, func(db *sqlx.DB) error {
		if err := schema.Check(ctx, db); err != nil {
			return err
		}
		if path == "" {
			if err := demo.Seed(ctx, db); err != nil {
				return err
			}
			_, _ = fmt.Fprintln(stdout, "demo catalogue and accounts loaded")
			return nil
		}
		c, err := catalogue.Load(path)
		if err != nil {
			return err
		}
		sum, err := postgres.NewStore(db).ImportCatalogue(ctx, c)
		var invalid *catalogue.ValidationError
		if errors.As(err, &invalid) {
			for _, p := range invalid.Problems {
				_, _ = fmt.Fprintf(stderr, "%s\t%s\t%s\t%s\n", p.File, p.Record, p.Field, p.Message)
			}
			return fmt.Errorf("catalogue refused: %d problem(s), nothing imported", len(invalid.Problems))
		}
		if err != nil {
			return err
		}
		_, _ = fmt.Fprintf(stdout, "imported %s: %d agencies, %d fields, procedures %d new, %d updated, %d new versions, %d unchanged; %d calendar days\n",
			path, sum.Agencies, sum.Fields, sum.ProceduresCreated, sum.ProceduresUpdated, sum.ProceduresVersioned, sum.ProceduresUnchanged, sum.CalendarDays)
		return nil
	})
}

// runExport writes the catalogue in force to --catalogue PATH (a .json file or a folder).
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var path string
	extra := func(fs *pflag.FlagSet) { fs.StringVar(&path, "catalogue", "", "where to write (file.json or folder)") }
	return withDBFlags(ctx, "export", args, stderr, extra, func(db *sqlx.DB) error {
		if path == "" {
			return errors.New("--catalogue PATH is required")
		}
		c, err := postgres.NewStore(db).ExportCatalogue(ctx)
		if err != nil {
			return err
		}
		if err := catalogue.Write(c, path); err != nil {
			return err
		}
		_, _ = fmt.Fprintf(stdout, "exported %d agencies, %d fields, %d procedures, %d calendar days to %s\n",
			len(c.Agencies), len(c.Fields), len(c.Procedures), len(c.Calendar.Days), path)
		return nil
	})
}
