// Package apptest runs the whole `dvc dev` stack in-process for tests of other packages:
// private PostgreSQL, embedded Temporal, worker and HTTP server on free loopback ports,
// with its data in a temporary directory.
package apptest

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
)

// Captcha is the captcha answer Config's stack accepts (auth.test_captcha).
const Captcha = "TESTCAPTCHA"

// DataDir returns a fresh data directory inside a temporary directory the postgres user
// can reach (t.TempDir is 0700, and initdb runs as postgres when the tests run as root).
func DataDir(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return filepath.Join(dir, "data")
}

// Config is `dvc dev` in test mode on free ports, with its data under dir and Captcha as
// the test captcha.
func Config(dir string) config.Config {
	cfg := config.Defaults()
	cfg.Mode = config.ModeTest
	cfg.Auth.TestCaptcha = Captcha
	cfg.DataDir = dir
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Temporal.Port = 0
	cfg.Temporal.UIPort = 0
	cfg.Log.Level = "warn"
	return cfg
}

// Start starts the parts of cfg's stack within two minutes, logging warnings to stderr,
// or fails the test. The caller closes it.
func Start(t testing.TB, cfg config.Config, parts app.Parts) *app.App {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a, err := app.Start(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})), parts)
	if err != nil {
		t.Fatalf("start dev stack: %v", err)
	}
	return a
}
