package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/dev/pgcluster"
)

// temporalAddressFile holds, under the data directory, the address of the Temporal server
// a running `dvc dev` embeds; `dvc dev` writes it once started and removes it on the way
// out.
var temporalAddressFile = filepath.Join("temporal", "address")

// writeTemporalAddress records addr for the commands that read the dev stack.
func writeTemporalAddress(dataDir, addr string) error {
	return os.WriteFile(filepath.Join(dataDir, temporalAddressFile), []byte(addr+"\n"), 0o644)
}

// useDevStack fills the database.url and temporal.address that cfg leaves empty with the
// ones of the `dvc dev` running on cfg.DataDir: its PostgreSQL cluster (found by its
// postmaster.pid) and its embedded Temporal server (the address it recorded).
func useDevStack(cfg *config.Config) error {
	if err := useDevDatabase(cfg); err != nil {
		return err
	}
	if cfg.Temporal.Address == "" {
		raw, err := os.ReadFile(filepath.Join(cfg.DataDir, temporalAddressFile))
		if err != nil {
			return fmt.Errorf("no temporal.address set and no dvc dev running on %s: %w", cfg.DataDir, err)
		}
		cfg.Temporal.Address = strings.TrimSpace(string(raw))
	}
	return nil
}

// useDevDatabase fills an empty database.url with that of the `dvc dev` running on
// cfg.DataDir.
func useDevDatabase(cfg *config.Config) error {
	if cfg.Database.URL != "" {
		return nil
	}
	dir := filepath.Join(cfg.DataDir, "postgres")
	url, err := pgcluster.RunningURL(dir, "", "dvc")
	if errors.Is(err, pgcluster.ErrNotRunning) {
		return fmt.Errorf("no database.url set and no dvc dev running on %s (set database.url, or data_dir to dvc dev's)", cfg.DataDir)
	}
	if err != nil {
		return err
	}
	cfg.Database.URL = url
	return nil
}
