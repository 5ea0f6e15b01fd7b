// Package pgcluster runs a private PostgreSQL cluster whose data lives under one
// directory. `dvc dev` uses it to keep its data across restarts, and tests use it
// (through internal/testing/testdb) to get a throwaway server.
//
// The server listens on 127.0.0.1 only, has no Unix socket, and trusts every
// connection: it is meant for development and tests, never for production.
// When the process runs as root, initdb and pg_ctl run as the "postgres" OS user,
// because PostgreSQL refuses to run as root.
package pgcluster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// ErrAlreadyRunning is returned (wrapped) by Start when a server is already
// running on the cluster directory, e.g. started by another process.
var ErrAlreadyRunning = errors.New("pgcluster: a server is already running in this directory")

// Options configures Start.
type Options struct {
	// Dir is the cluster (data) directory, e.g. ./data/postgres. It is created if
	// missing, and initdb runs only when it has no PG_VERSION file.
	Dir string
	// Port is the TCP port on 127.0.0.1. 0 picks a free port; each Start may then
	// pick a different one.
	Port int
	// BinDir is the directory holding initdb and pg_ctl. "" picks the binaries of
	// the version that created Dir if installed, else the first of
	// /usr/lib/postgresql/{17,16,15,14}/bin that has pg_ctl, else pg_ctl from PATH.
	BinDir string
	// User is the superuser name created by initdb; "" means "dvc". It must stay
	// the same for an existing cluster.
	User string
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
	// SharedBuffers sets shared_buffers ("512MB"); "" keeps PostgreSQL's default.
	SharedBuffers string
	// Fast trades crash safety for speed (fsync, synchronous_commit and
	// full_page_writes off, initdb without sync). Meant for tests only.
	Fast bool
	// StopOnExit starts a small watchdog that stops the server if this process
	// exits without calling Stop (a panic, os.Exit, SIGKILL): for tests and `dvc dev`.
	StopOnExit bool
	// ReplicaOf, when set, makes a new cluster a streaming replica (hot standby) of
	// that running server instead of an empty one (see replica.go).
	ReplicaOf *Cluster
	// MaxConnections sets max_connections; 0 keeps PostgreSQL's default (100).
	MaxConnections int
}

// Cluster is a running server started by Start. Its methods are safe for
// concurrent use.
type Cluster struct {
	dir  string // absolute, symlinks resolved
	port int
	user string
	pid  int // postmaster process id
	r    runner
	log  *slog.Logger

	mu       sync.Mutex
	stopped  bool
	watchdog *watchdog
}

// Start initialises the cluster on first use (initdb) and starts its server,
// returning once it accepts connections. It fails with ErrAlreadyRunning if a
// server is already running on opts.Dir; a postmaster.pid left by a crashed
// server is removed. If ctx is cancelled Start gives up and stops whatever it
// started.
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Dir == "" {
		return nil, errors.New("pgcluster: Options.Dir is empty")
	}
	if opts.User == "" {
		opts.User = "dvc"
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	r, err := newRunner()
	if err != nil {
		return nil, err
	}
	dir, err := prepareDir(opts.Dir, r.cred)
	if err != nil {
		return nil, err
	}
	unlock, err := lockDir(ctx, filepath.Dir(dir))
	if err != nil {
		return nil, err
	}
	defer unlock()

	if r.binDir, err = findBinDir(opts.BinDir, dir); err != nil {
		return nil, err
	}
	if _, err := os.Stat(filepath.Join(dir, "PG_VERSION")); errors.Is(err, os.ErrNotExist) {
		log.Info("initialising PostgreSQL cluster", "dir", dir, "bin", r.binDir, "replica", opts.ReplicaOf != nil)
		if err := newCluster(ctx, r, dir, opts); err != nil {
			return nil, err
		}
	} else if err != nil {
		return nil, fmt.Errorf("pgcluster: %w", err)
	}
	if err := clearStalePID(ctx, dir, log); err != nil {
		return nil, err
	}

	c := &Cluster{dir: dir, user: opts.User, r: r, log: log}
	if err := c.start(ctx, opts); err != nil {
		c.abort()
		return nil, err
	}
	if opts.StopOnExit {
		if c.watchdog, err = startWatchdog(r, dir, c.pid); err != nil {
			c.abort()
			return nil, err
		}
	}
	log.Info("PostgreSQL started", "dir", dir, "port", c.port, "pid", c.pid)
	return c, nil
}

// Port returns the TCP port the server listens on (on 127.0.0.1).
func (c *Cluster) Port() int { return c.port }

// Dir returns the absolute cluster directory.
func (c *Cluster) Dir() string { return c.dir }

// URL returns a postgres:// URL (sslmode=disable) for the database dbname on
// this cluster, connecting as the superuser.
func (c *Cluster) URL(dbname string) string {
	u := url.URL{
		Scheme:   "postgres",
		User:     url.User(c.user),
		Host:     "127.0.0.1:" + strconv.Itoa(c.port),
		Path:     "/" + dbname,
		RawQuery: "sslmode=disable",
	}
	return u.String()
}

// EnsureDatabase creates the database name if it does not exist yet. It is
// idempotent and safe when several callers race to create the same database.
func (c *Cluster) EnsureDatabase(ctx context.Context, name string) error {
	db, err := sql.Open("postgres", c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("pgcluster: looking up database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name))
	if err != nil && pq.As(err, pqerror.DuplicateDatabase) == nil {
		return fmt.Errorf("pgcluster: creating database %q: %w", name, err)
	}
	return nil
}

// Stop stops the server cleanly (pg_ctl stop -m fast) and waits until its
// process is gone. Calling it again does nothing.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.watchdog.stop()
	// After a crash another Cluster may have started on the same directory: only
	// stop the server if it is still ours.
	if pid, _ := readPID(c.dir); pid == c.pid && postmasterRunning(c.dir) {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		_, err := c.r.run(ctx, "pg_ctl", "stop", "-D", c.dir, "-m", "fast", "-w", "-t", "60")
		if err != nil && postmasterRunning(c.dir) {
			return fmt.Errorf("pgcluster: stopping server: %w", err)
		}
	}
	if !waitExit(c.pid, 10*time.Second) {
		return fmt.Errorf("pgcluster: server process %d still alive after stop", c.pid)
	}
	c.stopped = true
	c.log.Info("PostgreSQL stopped", "dir", c.dir)
	return nil
}

// abort stops a server that Start launched but could not finish setting up.
func (c *Cluster) abort() {
	if !postmasterRunning(c.dir) {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := c.r.run(ctx, "pg_ctl", "stop", "-D", c.dir, "-m", "immediate", "-w"); err != nil {
		c.log.Warn("could not stop half-started PostgreSQL", "dir", c.dir, "err", err)
	}
}

// start runs pg_ctl start and waits until the server accepts connections. With
// an automatic port it retries when another process grabbed the port first.
func (c *Cluster) start(ctx context.Context, opts Options) error {
	logFile := filepath.Join(c.dir, "postgres.log")
	for attempt := 1; ; attempt++ {
		port := opts.Port
		if port == 0 {
			var err error
			if port, err = freePort(); err != nil {
				return err
			}
		}
		offset := fileSize(logFile)
		_, err := c.r.run(ctx, "pg_ctl", "start", "-D", c.dir, "-l", logFile, "-w", "-t", "60",
			"-o", serverOptions(port, opts))
		if err != nil {
			tail := readFrom(logFile, offset)
			if opts.Port == 0 && attempt < 3 && ctx.Err() == nil && strings.Contains(tail, "could not bind") {
				continue
			}
			return fmt.Errorf("pgcluster: starting server: %w\n%s:\n%s", err, logFile, tail)
		}
		c.port = port
		break
	}
	pid, err := readPID(c.dir)
	if err != nil || pid == 0 {
		return fmt.Errorf("pgcluster: server started but its postmaster.pid is unreadable: %v", err)
	}
	c.pid = pid
	return c.waitReady(ctx)
}

// waitReady pings the server until it answers, ctx ends or 30 seconds pass.
func (c *Cluster) waitReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	db, err := sql.Open("postgres", c.URL("postgres"))
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer db.Close()
	for {
		err := db.PingContext(ctx)
		if err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: server on port %d does not accept connections: %w", c.port, err)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// serverOptions are the postgres options pg_ctl passes on (through /bin/sh).
func serverOptions(port int, opts Options) string {
	o := fmt.Sprintf("-c listen_addresses=127.0.0.1 -c port=%d -c unix_socket_directories=''", port)
	if opts.SharedBuffers != "" {
		o += " -c shared_buffers=" + opts.SharedBuffers
	}
	if opts.Fast {
		o += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	}
	if opts.ReplicaOf != nil {
		o += replicaOptions
	}
	if opts.MaxConnections > 0 {
		o += fmt.Sprintf(" -c max_connections=%d", opts.MaxConnections)
	}
	return o
}

// initCluster creates the cluster: initdb into a temporary sibling directory,
// then rename it to dir, so that an interrupted initdb never leaves a
// half-made cluster behind. The locale is C.UTF-8 when the system has it, else C.
func initCluster(ctx context.Context, r runner, dir string, opts Options) error {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("pgcluster: %s is not empty but has no PG_VERSION; remove it or pick another directory", dir)
	}
	tmp := filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+".initdb")
	if err := os.RemoveAll(tmp); err != nil { // left by an interrupted Start
		return fmt.Errorf("pgcluster: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if r.cred != nil {
		if err := os.Chown(tmp, int(r.cred.Uid), int(r.cred.Gid)); err != nil {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	var err error
	for _, locale := range []string{"C.UTF-8", "C"} {
		args := []string{"-D", tmp, "-U", opts.User, "--auth=trust", "-E", "UTF8", "--locale=" + locale}
		if opts.Fast {
			args = append(args, "--no-sync")
		}
		var out string
		out, err = r.run(ctx, "initdb", args...)
		if err == nil || !strings.Contains(out, "invalid locale name") || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("pgcluster: initdb: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil { // replaces dir if it is an empty directory
		return fmt.Errorf("pgcluster: %w", err)
	}
	if d, err := os.Open(filepath.Dir(dir)); err == nil { // make the rename durable
		_ = d.Sync() // best effort: some file systems cannot sync a directory
		d.Close()
	}
	return nil
}

// Crash stops the server the way a crash would: `pg_ctl stop -m immediate` (every
// server process quits at once, no checkpoint; the next Start runs crash recovery). It is
// for fault tests. Calling Stop or Crash again does nothing.
func (c *Cluster) Crash() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stopped {
		return nil
	}
	c.watchdog.stop()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if _, err := c.r.run(ctx, "pg_ctl", "stop", "-D", c.dir, "-m", "immediate", "-w", "-t", "30"); err != nil && postmasterRunning(c.dir) {
		return fmt.Errorf("pgcluster: immediate stop: %w", err)
	}
	if !waitExit(c.pid, 10*time.Second) {
		return fmt.Errorf("pgcluster: server process %d still alive after immediate stop", c.pid)
	}
	c.stopped = true
	return nil
}

// RunningURL returns a postgres:// URL for database dbname on the server that another
// process (e.g. `dvc dev`) runs on the cluster directory dir, as superuser user ("" means
// "dvc"). It reads the port from dir/postmaster.pid; ErrNotRunning when there is none.
func RunningURL(dir, user, dbname string) (string, error) {
	if user == "" {
		user = "dvc"
	}
	pid, err := readPID(dir)
	if err != nil {
		return "", fmt.Errorf("pgcluster: %w", err)
	}
	if pid == 0 || !processAlive(pid) {
		return "", ErrNotRunning
	}
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if err != nil {
		return "", fmt.Errorf("pgcluster: %w", err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 4 {
		return "", fmt.Errorf("pgcluster: %s/postmaster.pid has no port yet", dir)
	}
	port, err := strconv.Atoi(strings.TrimSpace(lines[3]))
	if err != nil {
		return "", fmt.Errorf("pgcluster: bad port in %s/postmaster.pid: %w", dir, err)
	}
	c := &Cluster{user: user, port: port}
	return c.URL(dbname), nil
}

// ErrNotRunning is returned by RunningURL when no server runs on the directory.
var ErrNotRunning = errors.New("pgcluster: no server is running in this directory")
