package main

import (
	"context"
	"fmt"
	"io"
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
	printBanner(stdout, a, time.Since(started))
	<-ctx.Done()
	log.Info("stopping")
	return nil
}

func printBanner(w io.Writer, a *app.App, took time.Duration) {
	accounts, err := demo.Accounts()
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
	if u := a.NationalStandInURL(); u != "" {
		fmt.Fprintf(w, "  National portal (stand-in)  %s\n", u)
	}
	if u := a.OIDCStandInURL(); u != "" {
		fmt.Fprintf(w, "  National sign-in (stand-in) %s\n", u)
	}
	if u := a.PayGovStandInURL(); u != "" {
		fmt.Fprintf(w, "  PayGov (stand-in) %s/thanh-toan (payments opened from a dossier page)\n", u)
	}
	if ca := a.DevCACert(); ca != "" {
		fmt.Fprintf(w, "  Signing         demo CA %s (slips and results are signed; docs/results.md)\n", ca)
	}
	if p := a.DatabasePort(); p != 0 {
		fmt.Fprintf(w, "  PostgreSQL      127.0.0.1:%d (database dvc, data in %s)\n", p, a.Config.DataDir)
	}
	if err == nil {
		fmt.Fprintf(w, "\n  Demo logins (password %s):\n", demo.Password)
		for _, acc := range accounts {
			role := acc.Kind
			if len(acc.Roles) > 0 {
				role = fmt.Sprint(acc.Roles)
			}
			fmt.Fprintf(w, "    %-11s %-26s %s %s\n", acc.Username, acc.FullName, role, acc.Agency)
		}
	}
	fmt.Fprintf(w, "\nPress Ctrl-C to stop.\n\n")
}
