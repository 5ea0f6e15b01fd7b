package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
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
	if err := writeTemporalAddress(cfg.DataDir, a.TemporalAddress()); err != nil {
		log.Warn("temporal address file", "err", err)
	}
	defer os.Remove(filepath.Join(cfg.DataDir, temporalAddressFile))
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
	table, err := loginTable(accounts)
	if err != nil {
		return err
	}
	head := fmt.Sprintf("Demo logins of dvc dev (password %s):\n", demo.Password)
	return os.WriteFile(path, []byte(head+table), 0o644)
}

// loginTable is one line per account, in aligned columns (whatever the length of the
// usernames and names): username, full name, roles (or kind), and agency name.
func loginTable(accounts []demo.Account) (string, error) {
	c, err := demo.Catalogue()
	if err != nil {
		return "", err
	}
	agencies := map[string]string{}
	for _, ag := range c.Agencies {
		agencies[ag.Code] = ag.Name
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, acc := range accounts {
		role := acc.Kind
		if len(acc.Roles) > 0 {
			role = strings.Join(acc.Roles, ", ")
		}
		agency := agencies[acc.Agency]
		if agency == "" {
			agency = acc.Agency
		}
		if _, err := fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", acc.Username, acc.FullName, role, agency); err != nil {
			return "", err
		}
	}
	if err := tw.Flush(); err != nil {
		return "", err
	}
	lines := strings.SplitAfter(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \n") + "\n"
	}
	return strings.Join(lines[:len(lines)-1], ""), nil
}

// printBanner writes the URLs and the featured demo logins of a started dvc dev to w.
func printBanner(w io.Writer, a *app.App, took time.Duration) {
	var b strings.Builder
	accounts, err := demo.Featured()
	var table string
	if err == nil {
		table, err = loginTable(accounts)
	}
	fmt.Fprintf(&b, "\ndvc dev is ready in %s\n\n", took.Round(time.Millisecond))
	fmt.Fprintf(&b, "  Portal          %s/\n", a.URL())
	fmt.Fprintf(&b, "  API             %s/api/v1/procedures\n", a.URL())
	if ui := a.TemporalUIURL(); ui != "" {
		fmt.Fprintf(&b, "  Temporal UI     %s/namespaces/%s/workflows\n", ui, a.Config.Temporal.Namespace)
	}
	fmt.Fprintf(&b, "  Temporal        %s (namespace %s)\n", a.TemporalAddress(), a.Config.Temporal.Namespace)
	if u := a.PprofURL(); u != "" {
		fmt.Fprintf(&b, "  Profiles        %s\n", u)
	}
	if u := a.NationalStandInURL(); u != "" {
		fmt.Fprintf(&b, "  National portal (stand-in)  %s\n", u)
	}
	if u := a.OIDCStandInURL(); u != "" {
		fmt.Fprintf(&b, "  National sign-in (stand-in) %s\n", u)
	}
	if u := a.PayGovStandInURL(); u != "" {
		fmt.Fprintf(&b, "  PayGov (stand-in)           %s/thanh-toan (payments opened from a dossier page)\n", u)
	}
	if ca := a.DevCACert(); ca != "" {
		fmt.Fprintf(&b, "  Signing         demo CA %s (slips and results are signed; docs/results.md)\n", ca)
	}
	if p := a.DatabasePort(); p != 0 {
		fmt.Fprintf(&b, "  PostgreSQL      127.0.0.1:%d (database dvc, data in %s)\n", p, a.Config.DataDir)
	}
	if err == nil {
		fmt.Fprintf(&b, "\n  Demo logins (password %s):\n", demo.Password)
		b.WriteString(table)
		fmt.Fprintf(&b, "\n  Every other agency has a reception officer, a specialist, a leader and a clerk, named\n"+
			"  after its initials: sxd.motcua, sxd.chuyenvien, sxd.lanhdao, sxd.vanthu for Sở Xây dựng.\n"+
			"  All logins: %s (and the staff page %s/can-bo/quan-tri/can-bo as quantri).\n",
			filepath.Join(a.Config.DataDir, loginsFile), a.URL())
	}
	fmt.Fprintf(&b, "\nPress Ctrl-C to stop.\n\n")
	_, _ = io.WriteString(w, b.String()) // a closed terminal: nothing to tell
}
