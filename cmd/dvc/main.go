// Command dvc runs the online public services system. `dvc dev` runs everything in one
// process on embedded defaults; `dvc api`, `dvc worker`, `dvc migrate` and `dvc seed`
// are the production parts. Run `dvc help` for the list.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `dvc — hệ thống một cửa điện tử (online public services)

Usage: dvc <command> [flags]

Commands:
  dev       run everything in one process: private PostgreSQL, embedded Temporal with
            its Web UI, migrations, demo data, worker and HTTP server
  api       run the HTTP server (pages and JSON API)
  worker    run the Temporal worker and the reconciler
  temporal  run the embedded Temporal server alone (SQLite under data_dir, temporal.port)
  verify    compare every dossier's record in PostgreSQL with its workflow (--code X: one)
  migrate   apply the database migrations
  seed      load the demo catalogue and accounts, or --catalogue PATH; --synthetic N
            adds N synthetic historic dossiers (by default to the dev database)
  export    write the catalogue in force to --catalogue PATH (file.json or folder)
  deadline  explain an appointment: --received-at RFC3339 --amount N --unit
            working_days|working_hours|calendar_days|same_day [--json]
  config    print the effective configuration keys and values
  loadgen   bounded load against a running stack on loopback, with baselines
            (dvc loadgen --help)
  help      print this help

Every command takes --config FILE (YAML) and one flag per configuration key, e.g.
--http.addr 127.0.0.1:8080; each key can also be set as DVC_<KEY> with dots as
underscores, e.g. DVC_DATABASE_URL. Run "dvc config" to see them all.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "dvc:", err)
		stop()
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		_, _ = fmt.Fprint(stderr, usage)
		return fmt.Errorf("no command given")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "help", "-h", "--help":
		_, _ = fmt.Fprint(stdout, usage)
		return nil
	case "dev":
		return runDev(ctx, rest, stdout, stderr)
	case "api":
		return runServe(ctx, "api", rest, stderr)
	case "worker":
		return runServe(ctx, "worker", rest, stderr)
	case "temporal":
		return runTemporal(ctx, rest, stdout, stderr)
	case "verify":
		return runVerify(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "seed":
		return runSeed(ctx, rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "config":
		return runConfig(rest, stdout, stderr)
	case "deadline":
		return runDeadline(ctx, rest, stdout, stderr)
	case "loadgen":
		return runLoadgen(ctx, rest, stdout, stderr)
	}
	_, _ = fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}
