package main

import (
	"context"
	"io"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
)

// runServe runs `dvc api` or `dvc worker` until ctx ends.
func runServe(ctx context.Context, name string, args []string, stderr io.Writer) error {
	cfg, err := loadConfig(name, args, config.ModeProduction, stderr)
	if err != nil {
		return err
	}
	log := app.NewLogger(cfg, stderr)
	parts := app.Parts{API: true}
	if name == "worker" {
		parts = app.Parts{Worker: true, MetricsAddr: cfg.Worker.MetricsAddr}
	}
	a, err := app.Start(ctx, cfg, log, parts)
	if err != nil {
		return err
	}
	defer a.Close()
	log.Info("dvc "+name+" started", "http", a.URL(), "temporal", a.TemporalAddress())
	<-ctx.Done()
	log.Info("dvc " + name + " stopping")
	return nil
}
