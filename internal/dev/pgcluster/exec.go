package pgcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// runner runs the PostgreSQL tools with a minimal environment, as the
// "postgres" OS user when this process is root.
type runner struct {
	binDir string
	cred   *syscall.Credential // nil: run as the current user
	home   string
}

func newRunner() (runner, error) {
	if os.Geteuid() != 0 {
		home, _ := os.UserHomeDir()
		return runner{home: home}, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return runner{}, fmt.Errorf("pgcluster: running as root needs the OS user \"postgres\" (PostgreSQL refuses to run as root): %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return runner{}, fmt.Errorf("pgcluster: user postgres: %w", err)
	}
	cred := &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	groups, _ := u.GroupIds()
	for _, g := range groups {
		if n, err := strconv.ParseUint(g, 10, 32); err == nil {
			cred.Groups = append(cred.Groups, uint32(n))
		}
	}
	return runner{cred: cred, home: u.HomeDir}, nil
}

// command prepares path with args. The child gets its own process group, so a
// Ctrl-C sent to the terminal's foreground group does not reach it; cancelling
// ctx kills that whole group.
func (r runner) command(ctx context.Context, path string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Dir = "/" // the caller's working directory may not be readable by postgres
	cmd.Env = []string{
		"PATH=" + r.binDir + ":/usr/local/bin:/usr/bin:/bin",
		"LANG=C",
		"LC_ALL=C",
		"HOME=" + r.home,
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Credential: r.cred}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	return cmd
}

// run runs the tool name from binDir and returns its combined output; on
// failure the error includes that output.
func (r runner) run(ctx context.Context, name string, args ...string) (string, error) {
	cmd := r.command(ctx, filepath.Join(r.binDir, name), args...)
	out, err := cmd.CombinedOutput()
	text := strings.TrimSpace(string(out))
	if err != nil {
		if ctx.Err() != nil {
			err = ctx.Err()
		}
		return text, fmt.Errorf("%s %s: %w\n%s", name, strings.Join(args, " "), err, text)
	}
	return text, nil
}

// findBinDir returns the directory holding pg_ctl (see Options.BinDir).
func findBinDir(explicit, dataDir string) (string, error) {
	has := func(dir string) bool {
		fi, err := os.Stat(filepath.Join(dir, "pg_ctl"))
		return err == nil && !fi.IsDir()
	}
	if explicit != "" {
		dir, err := filepath.Abs(explicit)
		if err != nil || !has(dir) {
			return "", fmt.Errorf("pgcluster: no pg_ctl in BinDir %s", explicit)
		}
		return dir, nil
	}
	candidates := []string{"17", "16", "15", "14"}
	if v, err := os.ReadFile(filepath.Join(dataDir, "PG_VERSION")); err == nil {
		candidates = append([]string{strings.TrimSpace(string(v))}, candidates...)
	}
	for _, v := range candidates {
		if dir := "/usr/lib/postgresql/" + v + "/bin"; has(dir) {
			return dir, nil
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		if p, err = filepath.Abs(p); err == nil {
			return filepath.Dir(p), nil
		}
	}
	return "", errors.New("pgcluster: pg_ctl not found in /usr/lib/postgresql/{17,16,15,14}/bin nor in PATH; " +
		"install the PostgreSQL server (Debian: apt-get install postgresql) or set Options.BinDir")
}

// watchdog is a shell process that makes the postmaster shut down (SIGINT:
// fast shutdown) once this process is gone, unless the server was replaced.
type watchdog struct{ cmd *exec.Cmd }

const watchdogScript = `
if [ -d /proc/self ]; then alive() { [ -d "/proc/$1" ]; }; else alive() { kill -0 "$1" 2>/dev/null; }; fi
while alive "$1"; do sleep 1; done
read -r pid < "$2/postmaster.pid" && [ "$pid" = "$3" ] && kill -INT "$3"`

func startWatchdog(r runner, dir string, postmaster int) (*watchdog, error) {
	cmd := r.command(context.Background(), "/bin/sh", "-c", watchdogScript, "sh",
		strconv.Itoa(os.Getpid()), dir, strconv.Itoa(postmaster))
	cmd.SysProcAttr.Setpgid = false
	cmd.SysProcAttr.Setsid = true // survives our death and our terminal's signals
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("pgcluster: starting watchdog: %w", err)
	}
	return &watchdog{cmd: cmd}, nil
}

// stop kills the watchdog and its sleep; nil-safe.
func (w *watchdog) stop() {
	if w == nil {
		return
	}
	_ = syscall.Kill(-w.cmd.Process.Pid, syscall.SIGKILL)
	_ = w.cmd.Wait()
}
