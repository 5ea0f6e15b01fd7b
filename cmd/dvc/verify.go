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
	"github.com/dvc-project/dvc/internal/app"
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
	var national bool
	cfg, err := loadConfigWith("verify", args, config.ModeDev, stderr, func(fs *pflag.FlagSet) {
		fs.StringVar(&code, "code", "", "check only the dossier with this code")
		fs.BoolVar(&national, "national", false, "compare the last status each dossier sent to the national portal with its record")
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
	if national {
		return runVerifyNational(ctx, postgres.NewStore(db), code, stdout)
	}
	hostPort, conn := app.TemporalTarget(cfg.TemporalAddresses())
	c, err := client.DialContext(ctx, client.Options{HostPort: hostPort, ConnectionOptions: conn, Namespace: cfg.Temporal.Namespace,
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

// errNationalDifferences makes `dvc verify --national` exit non-zero.
var errNationalDifferences = errors.New("verify found dossiers whose national portal status differs from their record")

// runVerifyNational prints every dossier whose last status sent to the national portal
// differs from its record and fails when there is any.
func runVerifyNational(ctx context.Context, store *postgres.Store, code string, stdout io.Writer) error {
	r, err := verify.National(ctx, store, code)
	if err != nil {
		return err
	}
	for _, p := range r.Problems {
		fmt.Fprintln(stdout, p)
	}
	fmt.Fprintf(stdout, "checked %d dossier(s) against the national portal: %d difference(s)\n", r.Dossiers, len(r.Problems))
	if len(r.Problems) > 0 {
		return errNationalDifferences
	}
	return nil
}
