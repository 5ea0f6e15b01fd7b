// Package faults runs dvc as separate processes (PostgreSQL, `dvc temporal`, `dvc worker`,
// `dvc api`) on loopback and kills one of them with SIGKILL at random moments while
// clients submit dossiers and officers decide, then checks that nothing acknowledged was
// lost, duplicated or left stuck. Its test runs only when DVC_FAULTS is set (`make
// faults`, `make faults-short`).
package faults

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"time"

	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/dev/pgcluster"
	"github.com/dvc-project/dvc/internal/signer"
)

// Stack is dvc's parts, each a separate process, on loopback under Dir.
type Stack struct {
	Dir string // holds data/, the logs and the binary
	Bin string // the dvc binary

	PGPort, TemporalPort, APIPort, MetricsPort int

	// Portal is the national portal's stand-in the processes talk to (StartNationalPortal).
	Portal *standin.Server

	mu       sync.Mutex
	pg       *pgcluster.Cluster
	procs    map[string]*Proc
	national []string // the national.* environment
}

// Proc is one dvc process the stack runs and may kill and restart.
type Proc struct {
	Name string
	Args []string
	cmd  *exec.Cmd
	done chan struct{}
}

// Process names, also the fault scenarios.
const (
	Postgres = "postgres"
	Temporal = "temporal"
	Worker   = "worker"
	API      = "api"
)

// BuildBinary builds cmd/dvc into dir and returns its path.
func BuildBinary(ctx context.Context, dir string) (string, error) {
	root, err := moduleRoot()
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "dvc")
	cmd := exec.CommandContext(ctx, "go", "build", "-o", bin, "./cmd/dvc")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build dvc: %v\n%s", err, out)
	}
	return bin, nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("not inside the dvc module")
	}
	return filepath.Dir(mod), nil
}

// NewStack picks free ports and prepares dir (readable by the postgres user when root).
func NewStack(dir, bin string) (*Stack, error) {
	for d := dir; d != "/" && d != filepath.Dir(d); d = filepath.Dir(d) {
		if strings.HasPrefix(d, os.TempDir()) && d != os.TempDir() {
			if err := os.Chmod(d, 0o755); err != nil {
				return nil, err
			}
		}
	}
	ports, err := freePorts(4)
	if err != nil {
		return nil, err
	}
	return &Stack{Dir: dir, Bin: bin, PGPort: ports[0], TemporalPort: ports[1], APIPort: ports[2], MetricsPort: ports[3],
		procs: map[string]*Proc{}}, nil
}

// DatabaseURL is the dvc database's URL.
func (s *Stack) DatabaseURL() string {
	return fmt.Sprintf("postgres://dvc@127.0.0.1:%d/dvc?sslmode=disable", s.PGPort)
}

// BaseURL is the API's address.
func (s *Stack) BaseURL() string { return fmt.Sprintf("http://127.0.0.1:%d", s.APIPort) }

// Env is the environment of every dvc process.
func (s *Stack) Env() []string {
	return append(append(os.Environ(),
		"DVC_DATABASE_URL="+s.DatabaseURL(),
		fmt.Sprintf("DVC_TEMPORAL_ADDRESS=127.0.0.1:%d", s.TemporalPort),
		fmt.Sprintf("DVC_HTTP_ADDR=127.0.0.1:%d", s.APIPort),
		fmt.Sprintf("DVC_WORKER_METRICS_ADDR=127.0.0.1:%d", s.MetricsPort),
		"DVC_DATA_DIR="+filepath.Join(s.Dir, "data"),
		"DVC_LOG_LEVEL=warn",
		// Recover quickly: the reconciler starts a missed workflow after 3 seconds.
		"DVC_WORKER_RECONCILE_GRACE=3s", "DVC_WORKER_RECONCILE_EVERY=2s",
		// The API signs slips and results (docs/results.md): a demo certificate (Start
		// makes it), the province of the slips and the QR code's key.
		"DVC_SLIPS_PROVINCE=Bắc Kạn", "DVC_QR_KEY=faults-qr-key-0123456789abcdef",
		"DVC_SIGNING_DEFAULT_P12="+filepath.Join(s.Dir, "signing", signer.DevDefault),
		"DVC_SIGNING_DEFAULT_PASSWORD_ENV=DVC_FAULTS_P12_PASSWORD", "DVC_FAULTS_P12_PASSWORD="+faultsP12Password,
	), s.national...)
}

// faultsP12Password opens the stack's demo PKCS#12 file.
const faultsP12Password = "faults-demo"

// Start brings the whole stack up: PostgreSQL (migrated and seeded with the demo data),
// then Temporal, the worker and the API.
func (s *Stack) Start(ctx context.Context) error {
	if err := s.StartPostgres(ctx); err != nil {
		return err
	}
	if err := s.pg.EnsureDatabase(ctx, "dvc"); err != nil {
		return err
	}
	if _, _, err := (signer.DevCA{Dir: filepath.Join(s.Dir, "signing"), Password: faultsP12Password, Province: "Bắc Kạn"}).Ensure(); err != nil {
		return err
	}
	for _, cmd := range []string{"migrate", "seed"} {
		c := exec.CommandContext(ctx, s.Bin, cmd)
		c.Env = s.Env()
		if out, err := c.CombinedOutput(); err != nil {
			return fmt.Errorf("dvc %s: %v\n%s", cmd, err, out)
		}
	}
	s.procs[Temporal] = &Proc{Name: Temporal, Args: []string{"temporal", "--temporal.port", fmt.Sprint(s.TemporalPort),
		"--temporal.ui_port", "-1"}}
	s.procs[Worker] = &Proc{Name: Worker, Args: []string{"worker"}}
	s.procs[API] = &Proc{Name: API, Args: []string{"api"}}
	for _, name := range []string{Temporal, Worker, API} {
		if err := s.StartProc(ctx, name); err != nil {
			return err
		}
	}
	return nil
}

// StartPostgres starts (or restarts, after a crash) the PostgreSQL cluster.
func (s *Stack) StartPostgres(ctx context.Context) error {
	pg, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(s.Dir, "data", "postgres"), Port: s.PGPort,
		StopOnExit: true, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.pg = pg
	s.mu.Unlock()
	return nil
}

// StartProc starts the named dvc process and waits until it answers.
func (s *Stack) StartProc(ctx context.Context, name string) error {
	p := s.procs[name]
	logFile, err := os.OpenFile(filepath.Join(s.Dir, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	if _, err := fmt.Fprintf(logFile, "\n=== start %s at %s\n", name, time.Now().Format(time.RFC3339Nano)); err != nil {
		logFile.Close()
		return err
	}
	cmd := exec.Command(s.Bin, p.Args...)
	cmd.Env = s.Env()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL, Setpgid: true}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return fmt.Errorf("start %s: %w", name, err)
	}
	done := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(done)
	}()
	p.cmd, p.done = cmd, done
	return s.waitUp(ctx, name, done)
}

// waitUp waits until the process answers: its port for Temporal, /healthz otherwise.
func (s *Stack) waitUp(ctx context.Context, name string, done chan struct{}) error {
	deadline := time.Now().Add(2 * time.Minute)
	hc := &http.Client{Timeout: 2 * time.Second}
	for {
		var ok bool
		switch name {
		case Temporal:
			if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", s.TemporalPort), time.Second); err == nil {
				c.Close()
				ok = true
			}
		default:
			port := s.APIPort
			if name == Worker {
				port = s.MetricsPort
			}
			if resp, err := hc.Get(fmt.Sprintf("http://127.0.0.1:%d/healthz", port)); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				ok = resp.StatusCode == http.StatusOK
			}
		}
		if ok {
			return nil
		}
		select {
		case <-done:
			return fmt.Errorf("%s exited during start; see %s", name, filepath.Join(s.Dir, name+".log"))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s did not come up within 2 minutes", name)
		}
	}
}

// Kill kills the named part at once: SIGKILL for a dvc process, an immediate stop
// (pg_ctl stop -m immediate) for PostgreSQL.
func (s *Stack) Kill(name string) error {
	if name == Postgres {
		s.mu.Lock()
		pg := s.pg
		s.mu.Unlock()
		return pg.Crash()
	}
	p := s.procs[name]
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		return err
	}
	<-p.done
	return nil
}

// Restart starts the named part again after Kill.
func (s *Stack) Restart(ctx context.Context, name string) error {
	if name == Postgres {
		return s.StartPostgres(ctx)
	}
	return s.StartProc(ctx, name)
}

// Stop ends every process (the processes get SIGTERM, then SIGKILL after 20 seconds).
func (s *Stack) Stop() {
	for _, name := range []string{API, Worker, Temporal} {
		p := s.procs[name]
		if p == nil || p.cmd == nil {
			continue
		}
		select {
		case <-p.done:
			continue
		default:
		}
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(20 * time.Second):
			_ = p.cmd.Process.Signal(syscall.SIGKILL)
			<-p.done
		}
	}
	s.mu.Lock()
	pg := s.pg
	s.mu.Unlock()
	if pg != nil {
		_ = pg.Stop()
	}
}

// Verify runs `dvc verify` and returns its output; err is non-nil when it found
// differences or could not run.
func (s *Stack) Verify(ctx context.Context) (string, error) {
	c := exec.CommandContext(ctx, s.Bin, "verify")
	c.Env = s.Env()
	out, err := c.CombinedOutput()
	return string(out), err
}

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
