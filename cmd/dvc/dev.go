package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// runDev runs the whole product in one process until ctx ends (Ctrl-C).
func runDev(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig("dev", args, config.ModeDev, stderr)
	if err != nil {
		return err
	}
	log := app.NewLogger(cfg, stderr)
	started := time.Now()
	a, err := app.Start(ctx, cfg, log, app.Parts{API: true, Worker: true})
	if err != nil {
		return err
	}
	defer a.Close()
	took := time.Since(started)
	if err := writeLogins(filepath.Join(cfg.DataDir, loginsFile)); err != nil {
		log.Warn("demo logins file", "err", err)
	}
	printBanner(stdout, a, took)
	<-ctx.Done()
	log.Info("stopping")
	return nil
}

// loginsFile lists every demo login, under the data directory.
const loginsFile = "demo-logins.txt"

// writeLogins writes every demo login (the banner shows only the featured ones) to path.
func writeLogins(path string) error {
	accounts, err := demo.Accounts()
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Demo logins of dvc dev (password %s):\n", demo.Password)
	loginLines(&b, accounts)
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// loginLines writes one line per account.
func loginLines(w io.Writer, accounts []demo.Account) {
	for _, acc := range accounts {
		role := acc.Kind
		if len(acc.Roles) > 0 {
			role = fmt.Sprint(acc.Roles)
		}
		fmt.Fprintf(w, "    %-11s %-26s %s %s\n", acc.Username, acc.FullName, role, acc.Agency)
	}
}

func printBanner(w io.Writer, a *app.App, took time.Duration) {
	accounts, err := demo.Featured()
	fmt.Fprintf(w, "\ndvc dev is ready in %s\n\n", took.Round(time.Millisecond))
	fmt.Fprintf(w, "  Portal          %s/\n", a.URL())
	fmt.Fprintf(w, "  API             %s/api/v1/procedures\n", a.URL())
	if ui := a.TemporalUIURL(); ui != "" {
		fmt.Fprintf(w, "  Temporal UI     %s/namespaces/%s/workflows\n", ui, a.Config.Temporal.Namespace)
	}
	fmt.Fprintf(w, "  Temporal        %s (namespace %s)\n", a.TemporalAddress(), a.Config.Temporal.Namespace)
	if u := a.PprofURL(); u != "" {
		fmt.Fprintf(w, "  Profiles        %s\n", u)
	}
	if p := a.DatabasePort(); p != 0 {
		fmt.Fprintf(w, "  PostgreSQL      127.0.0.1:%d (database dvc, data in %s)\n", p, a.Config.DataDir)
	}
	if err == nil {
		fmt.Fprintf(w, "\n  Demo logins (password %s):\n", demo.Password)
		loginLines(w, accounts)
		fmt.Fprintf(w, "\n  Every other agency has a reception officer, a specialist, a leader and a clerk, named\n"+
			"  after its initials: sxd.motcua, sxd.chuyenvien, sxd.lanhdao, sxd.vanthu for Sở Xây dựng.\n"+
			"  All logins: %s (and the staff page %s/can-bo/quan-tri/can-bo as quantri).\n",
			filepath.Join(a.Config.DataDir, loginsFile), a.URL())
	}
	fmt.Fprintf(w, "\nPress Ctrl-C to stop.\n\n")
}
