// Package testdb gives each test its own, empty PostgreSQL database on a real
// server.
//
// The server is the one named by the environment variable
// DVC_TEST_DATABASE_URL (a postgres:// URL whose user may CREATE DATABASE) when
// it is set; otherwise a throwaway cluster is started in a temporary directory
// the first time a test asks for a database, and stopped by Main:
//
//	func TestMain(m *testing.M) { testdb.Main(m) }
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/dev/pgcluster"
)

// EnvURL names the environment variable holding the URL of an existing server.
const EnvURL = "DVC_TEST_DATABASE_URL"

// throwaway is the cluster started for this test binary, if any.
var throwaway struct {
	once     sync.Once
	cluster  *pgcluster.Cluster
	tmp      string
	adminURL string
	err      error
}

// Main is called from a package's TestMain: func TestMain(m *testing.M) { testdb.Main(m) }.
// It runs the tests, then stops the throwaway cluster if one was started, and
// exits with m.Run's code (1 if the cluster could not be stopped).
func Main(m *testing.M) {
	code := m.Run()
	if err := stopThrowaway(); err != nil {
		fmt.Fprintln(os.Stderr, "testdb:", err)
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// URL returns the URL of a fresh, empty database for this test; the database
// is dropped (WITH (FORCE)) when the test ends. It calls tb.Fatal if it cannot
// get one.
func URL(tb testing.TB) string {
	tb.Helper()
	admin, err := serverURL()
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	name := dbName(tb.Name())
	dbURL, err := withDatabase(admin, name)
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	if err := exec(admin, "CREATE DATABASE "+pq.QuoteIdentifier(name)); err != nil {
		tb.Fatalf("testdb: creating database: %v", err)
	}
	tb.Cleanup(func() {
		if err := exec(admin, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
			tb.Errorf("testdb: dropping database %s: %v", name, err)
		}
	})
	return dbURL
}

// Open returns a connection pool (driver "postgres" from lib/pq) on a fresh
// database from URL; it is closed when the test ends.
func Open(tb testing.TB) *sqlx.DB {
	tb.Helper()
	db, err := sqlx.Open("postgres", URL(tb))
	if err != nil {
		tb.Fatalf("testdb: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

// serverURL returns the URL of the server to create databases on, starting the
// throwaway cluster if needed.
func serverURL() (string, error) {
	if u := os.Getenv(EnvURL); u != "" {
		return u, nil
	}
	throwaway.once.Do(startThrowaway)
	return throwaway.adminURL, throwaway.err
}

func startThrowaway() {
	t := &throwaway
	removeStale()
	if t.tmp, t.err = os.MkdirTemp("", fmt.Sprintf("dvc-testdb-%d-", os.Getpid())); t.err != nil {
		return
	}
	if os.Geteuid() == 0 { // the server runs as user postgres, which must enter tmp
		if t.err = os.Chmod(t.tmp, 0o755); t.err != nil {
			return
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	t.cluster, t.err = pgcluster.Start(ctx, pgcluster.Options{
		Dir:        filepath.Join(t.tmp, "pg"),
		Fast:       true,
		StopOnExit: true, // in case the test binary dies before Main stops it
	})
	if t.err != nil {
		t.err = fmt.Errorf("starting a throwaway PostgreSQL (set %s to use an existing server): %w", EnvURL, t.err)
		return
	}
	t.adminURL = t.cluster.URL("postgres")
}

// stopThrowaway stops the throwaway cluster, if one was started, and removes
// its directory. Later calls to URL fail.
func stopThrowaway() error {
	t := &throwaway
	started := true
	t.once.Do(func() {
		started = false
		t.err = errors.New("the throwaway PostgreSQL was already stopped by Main")
	})
	if !started || t.tmp == "" {
		return nil
	}
	var err error
	if t.cluster != nil {
		err = t.cluster.Stop()
	}
	return errors.Join(err, os.RemoveAll(t.tmp))
}

// removeStale deletes the directories of throwaway clusters whose test binary
// died without Main (e.g. on a panic); their servers were stopped by the
// pgcluster watchdog.
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), "dvc-testdb-*"))
	for _, dir := range dirs {
		pid, _, _ := strings.Cut(strings.TrimPrefix(filepath.Base(dir), "dvc-testdb-"), "-")
		n, err := strconv.Atoi(pid)
		if err != nil || n <= 0 || syscall.Kill(n, 0) != syscall.ESRCH {
			continue // not ours, or its test binary still runs
		}
		if _, err := os.Stat(filepath.Join(dir, "pg", "postmaster.pid")); err == nil {
			continue // its server is still shutting down
		}
		os.RemoveAll(dir)
	}
}

// dbName returns a new database name that shows which test it belongs to.
func dbName(test string) string {
	var b strings.Builder
	b.WriteString("test_")
	for _, r := range strings.ToLower(test) {
		if b.Len() >= 40 {
			break
		}
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String() + "_" + strings.ToLower(rand.Text()[:10])
}

// withDatabase returns serverURL with its database replaced by name.
func withDatabase(serverURL, name string) (string, error) {
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return "", fmt.Errorf("%s must be a postgres:// URL", EnvURL)
	}
	u.Path, u.RawPath = "/"+name, ""
	return u.String(), nil
}

// exec runs one statement on the database at url.
func exec(url, query string) error {
	db, err := sql.Open("postgres", url)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = db.ExecContext(ctx, query)
	return err
}
