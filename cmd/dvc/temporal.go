package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/devtemporal"
)

// runTemporal runs the embedded Temporal server alone, persisted to
// data_dir/temporal/temporal.db, on temporal.port (and its UI on temporal.ui_port, -1 =
// none), until ctx ends: for running the parts as separate processes on one machine.
// With temporal.database_url it persists to PostgreSQL instead, with
// temporal.history_shards shards, and every node started on the same database joins one
// cluster (each on its own temporal.port and the devtemporal.PortsPerNode-1 ports after it).
func runTemporal(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("temporal", args, config.ModeDev, stderr)
	if err != nil {
		return err
	}
	embedded := cfg
	embedded.Temporal.Address = "" // this command is the embedded server, whatever the address says
	if err := app.CheckPorts(embedded, app.Parts{}); err != nil {
		return err
	}
	log := app.NewLogger(cfg, stderr)
	srv, err := devtemporal.Start(devtemporal.Options{
		DatabaseFile: filepath.Join(cfg.DataDir, "temporal", "temporal.db"),
		FrontendPort: cfg.Temporal.Port,
		UIPort:       cfg.Temporal.UIPort,
		Namespace:    cfg.Temporal.Namespace,
		Logger:       log,
		DatabaseURL:  cfg.Temporal.DatabaseURL,
		// One shard on SQLite, whatever the key says: the file's single writer gains
		// nothing from more.
		HistoryShards: cfg.Temporal.HistoryShards,
	})
	if err != nil {
		return err
	}
	defer srv.Stop()
	where := "data in " + filepath.Join(cfg.DataDir, "temporal")
	if cfg.Temporal.DatabaseURL != "" {
		where = fmt.Sprintf("PostgreSQL persistence, %d history shards", cfg.Temporal.HistoryShards)
	}
	fmt.Fprintf(stdout, "temporal ready on %s (namespace %s, %s)\n", srv.FrontendAddress(), cfg.Temporal.Namespace, where)
	if ui := srv.UIAddress(); ui != "" {
		_, _ = fmt.Fprintf(stdout, "temporal UI on http://%s\n", ui)
	}
	<-ctx.Done()
	log.Info("temporal stopping")
	return nil
}
