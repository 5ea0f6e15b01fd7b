package pgcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// haveProc reports whether /proc can tell us about processes (Linux).
func haveProc() bool {
	_, err := os.Stat("/proc/self/stat")
	return err == nil
}

// readPID returns the postmaster pid recorded in dir/postmaster.pid, 0 if the
// file does not exist.
func readPID(dir string) (int, error) {
	b, err := os.ReadFile(filepath.Join(dir, "postmaster.pid"))
	if errors.Is(err, os.ErrNotExist) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	line, _, _ := strings.Cut(string(b), "\n")
	pid, err := strconv.Atoi(strings.TrimSpace(line))
	if err != nil {
		return 0, fmt.Errorf("bad postmaster.pid: %w", err)
	}
	return pid, nil
}

// processAlive reports whether pid is a process that has not exited; zombies
// (exited, not yet reaped) count as gone.
func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if !haveProc() {
		err := syscall.Kill(pid, 0)
		return err == nil || errors.Is(err, syscall.EPERM)
	}
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return false
	}
	// The state follows the parenthesised command name, which may contain spaces.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 || i+2 >= len(b) {
		return false
	}
	state := b[i+2]
	return state != 'Z' && state != 'X'
}

// serverProcesses returns the live PostgreSQL processes (postmaster and its
// children) whose working directory is dir: PostgreSQL chdirs into its data
// directory. Processes of other users are invisible unless we are root.
func serverProcesses(dir string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		p := "/proc/" + e.Name()
		if cwd, err := os.Readlink(p + "/cwd"); err != nil || cwd != dir {
			continue
		}
		comm, _ := os.ReadFile(p + "/comm")
		if c := strings.TrimSpace(string(comm)); (c == "postgres" || c == "postmaster") && processAlive(pid) {
			pids = append(pids, pid)
		}
	}
	return pids
}

// postmasterRunning reports whether the postmaster named by dir/postmaster.pid
// is alive and serving dir.
func postmasterRunning(dir string) bool {
	pid, err := readPID(dir)
	if err != nil || pid == 0 {
		return false
	}
	if !haveProc() {
		return processAlive(pid)
	}
	return slices.Contains(serverProcesses(dir), pid)
}

// clearStalePID fails with ErrAlreadyRunning if a server runs on dir. Otherwise
// it waits for leftover processes of a crashed server to exit and removes the
// postmaster.pid they left, which PostgreSQL itself cannot always recognise
// as stale (e.g. when its pid was reused by another postgres-owned process or
// is a zombie not yet reaped).
func clearStalePID(ctx context.Context, dir string, log *slog.Logger) error {
	pid, err := readPID(dir)
	if err != nil {
		return fmt.Errorf("pgcluster: %w", err)
	}
	if !haveProc() { // let PostgreSQL judge the lock file itself
		if processAlive(pid) {
			return fmt.Errorf("%w: %s (pid %d)", ErrAlreadyRunning, dir, pid)
		}
		return nil
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		procs := serverProcesses(dir)
		if pid != 0 && slices.Contains(procs, pid) {
			return fmt.Errorf("%w: %s (pid %d); stop it first", ErrAlreadyRunning, dir, pid)
		}
		if len(procs) == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("pgcluster: processes %v of an old server are still running in %s", procs, dir)
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("pgcluster: %w", ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	if pid != 0 {
		log.Warn("removing stale postmaster.pid", "dir", dir, "pid", pid)
		if err := os.Remove(filepath.Join(dir, "postmaster.pid")); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("pgcluster: %w", err)
		}
	}
	return nil
}

// waitExit waits up to timeout for pid to exit and reports whether it did.
func waitExit(pid int, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for processAlive(pid) {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// freePort asks the kernel for a free TCP port on 127.0.0.1.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgcluster: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}
