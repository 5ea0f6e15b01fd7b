package app

import (
	"io"
	"log/slog"

	"github.com/dvc-project/dvc/config"
)

// NewLogger builds the process logger from cfg: JSON in production, text in dev.
func NewLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(cfg.Log.Level))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat() == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
