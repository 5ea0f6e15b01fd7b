package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"

	"github.com/jmoiron/sqlx"
	"github.com/spf13/pflag"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/ops/verify"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/schema"
)

// errDifferences makes `dvc verify` exit non-zero after printing what differs.
var errDifferences = errors.New("verify found differences between PostgreSQL and Temporal")

// runVerify compares every submitted dossier (or --code X) in database.url with its
// workflow on temporal.address (by default those of the dvc dev running on data_dir),
// prints each difference and fails when there is any.
func runVerify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var code string
	cfg, err := loadConfigWith("verify", args, config.ModeDev, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&code, "code", "", "check only the dossier with this code")
	})
	if err != nil {
		return err
	}
	if err := useDevStack(&cfg); err != nil {
		return err
	}
	db, err := sqlx.Open("postgres", cfg.Database.URL)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if err := schema.Check(ctx, db); err != nil {
		return fmt.Errorf("database: %w", err)
	}
	c, err := client.DialContext(ctx, client.Options{HostPort: cfg.Temporal.Address, Namespace: cfg.Temporal.Namespace,
		Logger: sdklog.NewStructuredLogger(slog.New(slog.DiscardHandler))})
	if err != nil {
		return fmt.Errorf("temporal unreachable at %s: %w", cfg.Temporal.Address, err)
	}
	defer c.Close()
	chk := &verify.Checker{Store: postgres.NewStore(db), Client: c, Namespace: cfg.Temporal.Namespace}
	var r verify.Report
	if code != "" {
		r.Dossiers = 1
		r.Problems, err = chk.Dossier(ctx, code)
	} else {
		r, err = chk.All(ctx)
	}
	if err != nil {
		return err
	}
	for _, p := range r.Problems {
		_, _ = fmt.Fprintln(stdout, p)
	}
	_, _ = fmt.Fprintf(stdout, "checked %d dossier(s) and %d workflow(s): %d difference(s)\n", r.Dossiers, r.Workflows, len(r.Problems))
	if len(r.Problems) > 0 {
		return errDifferences
	}
	return nil
}
