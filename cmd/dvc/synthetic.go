package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/dev/pgcluster"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/schema"
)

// runSynthetic adds n synthetic dossiers. Without database.url it works on the dev data
// directory's PostgreSQL: the one a running `dvc dev` serves, or the cluster started here
// for the time of the command (migrated and holding the demo data, as `dvc dev` leaves it).
func runSynthetic(ctx context.Context, cfg config.Config, n int, stdout io.Writer) error {
	url := cfg.Database.URL
	if url == "" {
		dir := filepath.Join(cfg.DataDir, "postgres")
		running, err := pgcluster.RunningURL(dir, "", "dvc")
		switch {
		case err == nil:
			url = running
			_, _ = fmt.Fprintf(stdout, "using the running dev database in %s\n", dir)
		case errors.Is(err, pgcluster.ErrNotRunning):
			pg, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Port: cfg.Database.Port,
				SharedBuffers: cfg.Database.SharedBuffers, StopOnExit: true})
			if err != nil {
				return err
			}
			defer pg.Stop() //nolint:errcheck // best effort on the way out
			if err := pg.EnsureDatabase(ctx, "dvc"); err != nil {
				return err
			}
			url = pg.URL("dvc")
			_, _ = fmt.Fprintf(stdout, "started the dev database in %s\n", dir)
		default:
			return err
		}
	}
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		return err
	}
	defer func() { _ = db.Close() }()
	if cfg.Embedded() {
		if _, err := schema.Migrate(ctx, db); err != nil {
			return err
		}
		if err := demo.Seed(ctx, db); err != nil {
			return err
		}
	} else if err := schema.Check(ctx, db); err != nil {
		return err
	}
	last := time.Now()
	res, err := synthetic.Generate(ctx, db, synthetic.Options{Count: n, Progress: func(done, total int) {
		if time.Since(last) >= 2*time.Second || done == total {
			last = time.Now()
			_, _ = fmt.Fprintf(stdout, "  %d / %d dossiers (%.0f%%)\n", done, total, 100*float64(done)/float64(total))
		}
	}})
	if err != nil {
		return err
	}
	size, err := postgres.NewStore(db).DatabaseSize(ctx)
	if err != nil {
		return err
	}
	_, _ = fmt.Fprintf(stdout, "added %d dossiers, %d log rows, %d ratings, %d new citizen accounts in %s (%.0f dossiers/s), then vacuum and analyse in %s; database size %s\n",
		res.Dossiers, res.Events, res.Ratings, res.Accounts, res.Load.Round(time.Millisecond),
		float64(res.Dossiers)/res.Load.Seconds(), res.Vacuum.Round(time.Millisecond), size)
	return nil
}
