// Package schema holds dvc's PostgreSQL schema as numbered SQL migrations embedded in the
// binary. Each migration runs in its own transaction and is recorded in
// schema_migrations; services refuse to start on a database that is behind.
package schema

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"
)

//go:embed *.sql
var files embed.FS

// advisoryLockKey serialises concurrent migrators (two replicas starting together).
const advisoryLockKey = 0x64766301 // "dvc" 1

// Migration is one numbered SQL file.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// ErrBehind is returned by Check when the database lacks migrations this binary has.
var ErrBehind = errors.New("schema: database is behind; run `dvc migrate`")

// Migrations returns the embedded migrations in version order.
func Migrations() ([]Migration, error) {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, name := range names {
		prefix, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(prefix)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("schema: migration %q is not named NNNN_name.sql", name)
		}
		body, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: name, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i := 1; i < len(ms); i++ {
		if ms[i].Version == ms[i-1].Version {
			return nil, fmt.Errorf("schema: two migrations numbered %d", ms[i].Version)
		}
	}
	return ms, nil
}

// Latest is the highest migration version this binary carries.
func Latest() int {
	ms, err := Migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].Version
}

// Migrate applies every migration the database lacks, each in its own transaction, and
// returns the versions it applied.
func Migrate(ctx context.Context, db *sqlx.DB) ([]int, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, err
	}
	conn, err := db.Connx(ctx)
	if err != nil {
		return nil, fmt.Errorf("schema: connect: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, advisoryLockKey); err != nil {
		return nil, fmt.Errorf("schema: lock: %w", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, advisoryLockKey) //nolint:errcheck
	if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		return nil, fmt.Errorf("schema: create schema_migrations: %w", err)
	}
	done, err := appliedVersions(ctx, conn)
	if err != nil {
		return nil, err
	}
	var applied []int
	for _, m := range Pending(ms, done) {
		if err := apply(ctx, conn, m); err != nil {
			return applied, err
		}
		applied = append(applied, m.Version)
	}
	return applied, nil
}

func apply(ctx context.Context, conn *sqlx.Conn, m Migration) error {
	tx, err := conn.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("schema: begin %s: %w", m.Name, err)
	}
	defer tx.Rollback() //nolint:errcheck
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("schema: apply %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, m.Version, m.Name); err != nil {
		return fmt.Errorf("schema: record %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("schema: commit %s: %w", m.Name, err)
	}
	return nil
}

// Pending are the migrations of ms whose version is not in done, in version order.
// Numbers may skip (each branch of work has its own range), and a migration numbered
// below one already applied (a branch merged after a later one) is still applied.
func Pending(ms []Migration, done map[int]bool) []Migration {
	var out []Migration
	for _, m := range ms {
		if !done[m.Version] {
			out = append(out, m)
		}
	}
	return out
}

type queryer interface {
	SelectContext(ctx context.Context, dest any, query string, args ...any) error
}

// appliedVersions are the versions recorded in schema_migrations.
func appliedVersions(ctx context.Context, q queryer) (map[int]bool, error) {
	var vs []int
	if err := q.SelectContext(ctx, &vs, `SELECT version FROM schema_migrations`); err != nil {
		return nil, fmt.Errorf("schema: read versions: %w", err)
	}
	done := make(map[int]bool, len(vs))
	for _, v := range vs {
		done[v] = true
	}
	return done, nil
}

// Check returns ErrBehind (wrapped, naming the missing versions) unless the database has
// every migration this binary carries.
func Check(ctx context.Context, db *sqlx.DB) error {
	var exists bool
	if err := db.QueryRowxContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return fmt.Errorf("schema: check: %w", err)
	}
	done := map[int]bool{}
	if exists {
		var err error
		if done, err = appliedVersions(ctx, db); err != nil {
			return err
		}
	}
	ms, err := Migrations()
	if err != nil {
		return err
	}
	if missing := Pending(ms, done); len(missing) > 0 {
		vs := make([]string, len(missing))
		for i, m := range missing {
			vs[i] = strconv.Itoa(m.Version)
		}
		return fmt.Errorf("%w (this binary needs versions %s)", ErrBehind, strings.Join(vs, ", "))
	}
	return nil
}
