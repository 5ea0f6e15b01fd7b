package cluster

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Proc is one dvc process of the cluster, which it may kill and start again.
type Proc struct {
	Name string
	Args []string
	Env  []string
	// Ready reports whether the started process serves.
	Ready func() bool

	cmd  *exec.Cmd
	done chan struct{}
}

// Running reports whether the process runs.
func (p *Proc) Running() bool {
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// PID is the process id (0 before its first start).
func (p *Proc) PID() int {
	if p.cmd == nil {
		return 0
	}
	return p.cmd.Process.Pid
}

// start runs p from bin, its output appended to dir/NAME.log, and waits until it is
// ready (two minutes at most).
func (p *Proc) start(ctx context.Context, bin, dir string) error {
	logPath := filepath.Join(dir, p.Name+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	_, _ = fmt.Fprintf(logFile, "\n=== start %s at %s\n", p.Name, time.Now().Format(time.RFC3339Nano))
	cmd := exec.Command(bin, p.Args...)
	cmd.Env = append(os.Environ(), p.Env...)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Killed with the test process; a group of its own, out of the terminal's Ctrl-C.
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start %s: %w", p.Name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(done)
	}()
	p.cmd, p.done = cmd, done
	deadline := time.Now().Add(2 * time.Minute)
	for !p.Ready() {
		select {
		case <-done:
			return fmt.Errorf("%s exited during start; see %s", p.Name, logPath)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not ready within 2 minutes; see %s", p.Name, logPath)
		}
	}
	return nil
}

// kill sends SIGKILL and waits until the process is gone.
func (p *Proc) kill() error {
	if !p.Running() {
		return fmt.Errorf("%s is not running", p.Name)
	}
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	<-p.done
	return nil
}

// stop sends SIGTERM, then SIGKILL after 30 seconds, and waits until the process is gone.
func (p *Proc) stop() {
	if !p.Running() {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(30 * time.Second):
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		<-p.done
	}
}

// answers reports whether a TCP port on 127.0.0.1 accepts connections.
func answers(port int) bool {
	c, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}

// readyz reports whether http://127.0.0.1:port/readyz answers 200.
func readyz(port int) bool {
	hc := &http.Client{Timeout: 3 * time.Second}
	resp, err := hc.Get(fmt.Sprintf("http://127.0.0.1:%d/readyz", port))
	if err != nil {
		return false
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode == http.StatusOK
}

// freePorts reserves n distinct free loopback ports by listening on them together, then
// releases them.
func freePorts(n int) ([]int, error) {
	var ports []int
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Leftovers lists the processes, other than this one, whose working directory or
// command line lies under dir: after Stop there must be none (PostgreSQL's processes
// run in their data directory; the dvc processes run dir's binary).
func Leftovers(dir string) []string {
	entries, _ := os.ReadDir("/proc")
	var out []string
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid == os.Getpid() {
			continue
		}
		cwd, _ := os.Readlink("/proc/" + e.Name() + "/cwd")
		cmdline, _ := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		args := strings.ReplaceAll(string(cmdline), "\x00", " ")
		if strings.HasPrefix(cwd, dir) || strings.Contains(args, dir) {
			out = append(out, fmt.Sprintf("%d %s", pid, strings.TrimSpace(args)))
		}
	}
	return out
}

// readAll returns resp's body as text (what could be read of it).
func readAll(resp *http.Response) string {
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	return string(b)
}
