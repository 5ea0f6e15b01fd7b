package pgcluster

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"
)

// clusterDir returns an empty directory for a cluster, reachable by the
// postgres user when the test runs as root (t.TempDir's parent is 0700).
func clusterDir(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "pg")
	if os.Geteuid() == 0 {
		if err := os.Chmod(filepath.Dir(dir), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(filepath.Dir(filepath.Dir(dir)), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func start(t *testing.T, opts Options) *Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := Start(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
	})
	return c
}

func open(t *testing.T, url string) *sql.DB {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// assertStopped checks that no server is left for c's directory.
func assertStopped(t *testing.T, c *Cluster) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(c.Dir(), "postmaster.pid")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("postmaster.pid still present after Stop (stat: %v)", err)
	}
	if processAlive(c.pid) {
		t.Errorf("postmaster %d still alive after Stop", c.pid)
	}
	if procs := serverProcesses(c.Dir()); len(procs) > 0 {
		t.Errorf("server processes %v still running after Stop", procs)
	}
}

func TestRestartKeepsData(t *testing.T) {
	ctx := context.Background()
	dir := clusterDir(t)

	c := start(t, Options{Dir: dir, SharedBuffers: "256MB"}) // durable settings, as `dvc dev` uses
	for range 2 {
		if err := c.EnsureDatabase(ctx, "app"); err != nil {
			t.Fatal(err)
		}
	}
	db := open(t, c.URL("app"))
	for setting, want := range map[string]string{
		"unix_socket_directories": "", "listen_addresses": "127.0.0.1", "server_encoding": "UTF8",
		"lc_ctype": "C.UTF-8", "fsync": "on", "port": strconv.Itoa(c.Port()), "shared_buffers": "256MB",
	} {
		var got string
		if err := db.QueryRow("SHOW " + setting).Scan(&got); err != nil || got != want {
			t.Errorf("%s = %q (err %v), want %q", setting, got, err, want)
		}
	}
	if _, err := db.Exec(`CREATE TABLE notes (body text); INSERT INTO notes VALUES ('kept')`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, c)
	if err := c.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}

	c2 := start(t, Options{Dir: dir})
	var body string
	if err := open(t, c2.URL("app")).QueryRow(`SELECT body FROM notes`).Scan(&body); err != nil || body != "kept" {
		t.Fatalf("after restart: body %q, err %v", body, err)
	}
	if err := c2.Stop(); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, c2)
}

func TestConcurrentStartOnSameDir(t *testing.T) {
	dir := clusterDir(t)
	type result struct {
		c   *Cluster
		err error
	}
	results := make(chan result, 2)
	for range 2 {
		go func() {
			c, err := Start(context.Background(), Options{Dir: dir, Fast: true})
			results <- result{c, err}
		}()
	}
	var started []*Cluster
	var errs []error
	for range 2 {
		r := <-results
		if r.err != nil {
			errs = append(errs, r.err)
		} else {
			started = append(started, r.c)
			t.Cleanup(func() {
				if err := r.c.Stop(); err != nil {
					t.Error(err)
				}
			})
		}
	}
	if len(started) != 1 || len(errs) != 1 || !errors.Is(errs[0], ErrAlreadyRunning) {
		t.Fatalf("want one start and one ErrAlreadyRunning; got %d started, errors %v", len(started), errs)
	}
	t.Logf("second Start: %v", errs[0])
	if err := started[0].Stop(); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, started[0])
}

func TestStartAfterCrash(t *testing.T) {
	ctx := context.Background()
	dir := clusterDir(t)
	c := start(t, Options{Dir: dir, Fast: true})
	if err := c.EnsureDatabase(ctx, "app"); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(c.pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	if !waitExit(c.pid, 10*time.Second) {
		t.Fatal("postmaster survived SIGKILL")
	}
	if _, err := os.Stat(filepath.Join(dir, "postmaster.pid")); err != nil {
		t.Fatalf("crash should leave postmaster.pid behind: %v", err)
	}

	c2 := start(t, Options{Dir: dir, Fast: true})
	var n int
	if err := open(t, c2.URL("app")).QueryRow(`SELECT 1`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil { // the crashed cluster: nothing left to stop
		t.Fatalf("Stop of crashed cluster: %v", err)
	}
	if err := c2.Stop(); err != nil {
		t.Fatal(err)
	}
	assertStopped(t, c2)
}

// TestStopOnExit starts a cluster in a child process that exits without Stop;
// the watchdog must stop the server.
func TestStopOnExit(t *testing.T) {
	if dir := os.Getenv("PGCLUSTER_TEST_CHILD_DIR"); dir != "" {
		c, err := Start(context.Background(), Options{Dir: dir, Fast: true, StopOnExit: true})
		if err != nil {
			fmt.Println("error: " + err.Error())
			os.Exit(1)
		}
		fmt.Println(c.pid)
		os.Exit(0) // no Stop
	}
	dir := clusterDir(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestStopOnExit$")
	cmd.Env = append(os.Environ(), "PGCLUSTER_TEST_CHILD_DIR="+dir)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v\n%s", err, out)
	}
	line, _, _ := strings.Cut(string(out), "\n")
	pid, err := strconv.Atoi(line)
	if err != nil {
		t.Fatalf("child output %q", out)
	}
	if !waitExit(pid, 30*time.Second) {
		t.Fatalf("postmaster %d still alive 30s after its parent exited", pid)
	}
	deadline := time.Now().Add(10 * time.Second)
	for len(serverProcesses(dir)) > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	assertStopped(t, &Cluster{dir: dir, pid: pid})
	if log, _ := os.ReadFile(filepath.Join(dir, "postgres.log")); !strings.Contains(string(log), "fast shutdown request") {
		t.Errorf("server was not shut down cleanly; log:\n%s", log)
	}
}

// TestCancelledStart: a Start cancelled midway (here during initdb) leaves
// neither a process nor a half-made cluster, and the next Start works.
func TestCancelledStart(t *testing.T) {
	dir := clusterDir(t)
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if c, err := Start(ctx, Options{Dir: dir, Fast: true}); err == nil {
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
		t.Skip("Start finished within 300ms: nothing to cancel")
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("want a deadline error, got %v", err)
	}
	if procs := serverProcesses(dir); len(procs) > 0 {
		t.Fatalf("processes %v left by the cancelled Start", procs)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) > 0 {
		t.Fatalf("cancelled Start left %v in %s", entries, filepath.Dir(dir))
	}
	start(t, Options{Dir: dir, Fast: true})
}

func TestRefusesNonEmptyDir(t *testing.T) {
	dir := clusterDir(t)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Start(context.Background(), Options{Dir: dir}); err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("want a 'not empty' error, got %v", err)
	}
}
