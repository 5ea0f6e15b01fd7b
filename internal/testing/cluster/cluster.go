// Package cluster runs dvc past one machine's shape on loopback, every part a separate
// process from this repository's binary and the machine's PostgreSQL: PostgreSQL for dvc
// with a streaming read replica (pg_basebackup, hot standby), a PostgreSQL of Temporal's
// own, two `dvc temporal` nodes on it joined by Temporal's membership (several history
// shards, PostgreSQL visibility), two `dvc worker` and two `dvc api` processes. Its test
// (`make cluster`, `make cluster-short`) puts load on both APIs, kills a Temporal node, a
// worker, an API and the replica at random moments, and checks that nothing acknowledged
// was lost, duplicated or left stuck; DVC_CLUSTER=serve keeps the shape up for loadgen.
package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"

	"github.com/dvc-project/dvc/internal/dev/devtemporal"
	"github.com/dvc-project/dvc/internal/dev/pgcluster"
	"github.com/dvc-project/dvc/internal/signer"
)

// Part names: the kinds of process the fault run kills, and the instances.
const (
	Temporal = "temporal"
	Worker   = "worker"
	API      = "api"
	Replica  = "replica"
)

// HistoryShards is the Temporal cluster's number of history shards.
const HistoryShards = 4

// MaxConnections is every PostgreSQL server's max_connections. PostgreSQL's 100 is too
// few: each Temporal node runs four services, each with its own pools to both stores,
// and two APIs and two workers each keep up to database.max_open_conns (20).
const MaxConnections = 400

// Cluster is the shape under Dir, run from Bin.
type Cluster struct {
	Dir, Bin string

	PrimaryPort, ReplicaPort, TemporalDBPort int
	TemporalPorts                            []int // each node's frontend (PortsPerNode ports from it)
	APIPorts, MetricsPorts                   []int

	mu                         sync.Mutex
	primary, replica, temporal *pgcluster.Cluster
	Procs                      map[string]*Proc // "temporal-1", "worker-2", "api-1", …
}

// New picks the ports and prepares dir (reachable by the postgres user when root).
func New(dir, bin string) (*Cluster, error) {
	for d := dir; d != "/" && d != filepath.Dir(d); d = filepath.Dir(d) {
		if strings.HasPrefix(d, os.TempDir()) && d != os.TempDir() {
			if err := os.Chmod(d, 0o755); err != nil {
				return nil, err
			}
		}
	}
	ports, err := freePorts(7)
	if err != nil {
		return nil, err
	}
	c := &Cluster{Dir: dir, Bin: bin, PrimaryPort: ports[0], ReplicaPort: ports[1], TemporalDBPort: ports[2],
		APIPorts: ports[3:5], MetricsPorts: ports[5:7], Procs: map[string]*Proc{}}
	for len(c.TemporalPorts) < 2 {
		base, err := devtemporal.FreePortBlock(devtemporal.PortsPerNode)
		if err != nil {
			return nil, err
		}
		if len(c.TemporalPorts) == 1 && base < c.TemporalPorts[0]+devtemporal.PortsPerNode && c.TemporalPorts[0] < base+devtemporal.PortsPerNode {
			continue // overlaps the first node's block
		}
		c.TemporalPorts = append(c.TemporalPorts, base)
	}
	return c, nil
}

// DatabaseURL is dvc's database on the primary; ReplicaURL the same on the replica.
func (c *Cluster) DatabaseURL() string { return dbURL(c.PrimaryPort, "dvc") }

// ReplicaURL is dvc's database on the read replica.
func (c *Cluster) ReplicaURL() string { return dbURL(c.ReplicaPort, "dvc") }

// TemporalDatabaseURL is the Temporal cluster's persistence.
func (c *Cluster) TemporalDatabaseURL() string { return dbURL(c.TemporalDBPort, "temporal") }

func dbURL(port int, name string) string {
	return fmt.Sprintf("postgres://dvc@127.0.0.1:%d/%s?sslmode=disable", port, name)
}

// TemporalAddress lists the nodes' frontends, comma-separated (temporal.address).
func (c *Cluster) TemporalAddress() string {
	var a []string
	for _, p := range c.TemporalPorts {
		a = append(a, fmt.Sprintf("127.0.0.1:%d", p))
	}
	return strings.Join(a, ",")
}

// APIURLs are the API replicas' base URLs.
func (c *Cluster) APIURLs() []string {
	var u []string
	for _, p := range c.APIPorts {
		u = append(u, fmt.Sprintf("http://127.0.0.1:%d", p))
	}
	return u
}

// Env is the environment every dvc process of the cluster shares.
func (c *Cluster) Env() []string {
	return []string{
		"DVC_DATABASE_URL=" + c.DatabaseURL(),
		"DVC_TEMPORAL_ADDRESS=" + c.TemporalAddress(),
		"DVC_DATA_DIR=" + filepath.Join(c.Dir, "data"), // the attachments: one directory for both APIs
		"DVC_LOG_LEVEL=warn",
		// Recover quickly: the reconciler starts a missed workflow after 3 seconds.
		"DVC_WORKER_RECONCILE_GRACE=3s", "DVC_WORKER_RECONCILE_EVERY=2s",
		// Loadgen's users share one address.
		"DVC_HTTP_LOOKUP_LIMIT=100000000", "DVC_HTTP_REGISTRATION_LIMIT=1000000",
		// The APIs sign slips and results (docs/results.md): a demo certificate (Start
		// makes it), the province of the slips and the QR code's key.
		"DVC_SLIPS_PROVINCE=Bắc Kạn", "DVC_QR_KEY=cluster-qr-key-0123456789abcdef",
		"DVC_SIGNING_DEFAULT_P12=" + filepath.Join(c.Dir, "signing", signer.DevDefault),
		"DVC_SIGNING_DEFAULT_PASSWORD_ENV=DVC_CLUSTER_P12_PASSWORD", "DVC_CLUSTER_P12_PASSWORD=" + clusterP12Password,
	}
}

// clusterP12Password opens the cluster's demo PKCS#12 file.
const clusterP12Password = "cluster-demo"

// Start brings the shape up: the two PostgreSQL servers and the replica (dvc's
// database migrated and seeded first), the Temporal nodes one after the other, then the
// workers and the APIs, each waited for.
func (c *Cluster) Start(ctx context.Context) error {
	if err := c.startDatabases(ctx); err != nil {
		return err
	}
	if _, _, err := (signer.DevCA{Dir: filepath.Join(c.Dir, "signing"), Password: clusterP12Password, Province: "Bắc Kạn"}).Ensure(); err != nil {
		return err
	}
	for i, port := range c.TemporalPorts {
		c.add(&Proc{Name: fmt.Sprintf("%s-%d", Temporal, i+1), Args: []string{"temporal",
			"--temporal.database_url", c.TemporalDatabaseURL(), "--temporal.history_shards", fmt.Sprint(HistoryShards),
			"--temporal.port", fmt.Sprint(port), "--temporal.ui_port", "-1", "--log.level", "warn"},
			Ready: func() bool { return answers(port) }})
	}
	for i, port := range c.MetricsPorts {
		c.add(&Proc{Name: fmt.Sprintf("%s-%d", Worker, i+1), Args: []string{"worker"},
			Env:   append(c.Env(), fmt.Sprintf("DVC_WORKER_METRICS_ADDR=127.0.0.1:%d", port)),
			Ready: func() bool { return readyz(port) }})
	}
	for i, port := range c.APIPorts {
		c.add(&Proc{Name: fmt.Sprintf("%s-%d", API, i+1), Args: []string{"api"},
			Env: append(c.Env(), fmt.Sprintf("DVC_HTTP_ADDR=127.0.0.1:%d", port),
				"DVC_DATABASE_READ_URL="+c.ReplicaURL()),
			Ready: func() bool { return readyz(port) }})
	}
	for _, name := range c.Names() {
		if err := c.Procs[name].start(ctx, c.Bin, c.Dir); err != nil {
			return err
		}
	}
	return nil
}

func (c *Cluster) add(p *Proc) { c.Procs[p.Name] = p }

// Names lists the dvc processes in start order.
func (c *Cluster) Names() []string {
	var names []string
	for _, kind := range []string{Temporal, Worker, API} {
		for i := 1; c.Procs[fmt.Sprintf("%s-%d", kind, i)] != nil; i++ {
			names = append(names, fmt.Sprintf("%s-%d", kind, i))
		}
	}
	return names
}

// startDatabases starts dvc's primary (migrated, seeded), its replica and Temporal's
// PostgreSQL.
func (c *Cluster) startDatabases(ctx context.Context) error {
	var err error
	if c.primary, err = c.pg(ctx, "pg-primary", c.PrimaryPort, nil); err != nil {
		return err
	}
	if err := c.primary.EnsureDatabase(ctx, "dvc"); err != nil {
		return err
	}
	for _, cmd := range []string{"migrate", "seed"} {
		run := exec.CommandContext(ctx, c.Bin, cmd)
		run.Env = append(os.Environ(), c.Env()...)
		if out, err := run.CombinedOutput(); err != nil {
			return fmt.Errorf("dvc %s: %v\n%s", cmd, err, out)
		}
	}
	if err := c.StartReplica(ctx); err != nil {
		return err
	}
	c.temporal, err = c.pg(ctx, "pg-temporal", c.TemporalDBPort, nil)
	return err
}

// pg starts (or restarts) the PostgreSQL server in dir/name.
func (c *Cluster) pg(ctx context.Context, name string, port int, of *pgcluster.Cluster) (*pgcluster.Cluster, error) {
	return pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(c.Dir, name), Port: port, ReplicaOf: of,
		MaxConnections: MaxConnections, StopOnExit: true, Logger: slog.New(slog.DiscardHandler)})
}

// StartReplica starts (or, after Kill, restarts) the read replica.
func (c *Cluster) StartReplica(ctx context.Context) error {
	r, err := c.pg(ctx, "pg-replica", c.ReplicaPort, c.primary)
	if err != nil {
		return err
	}
	c.mu.Lock()
	c.replica = r
	c.mu.Unlock()
	return nil
}

// Kill kills name at once with SIGKILL: a dvc process ("worker-2") or the replica.
func (c *Cluster) Kill(name string) error {
	if name == Replica {
		c.mu.Lock()
		r := c.replica
		c.mu.Unlock()
		return r.Kill()
	}
	p := c.Procs[name]
	if p == nil {
		return fmt.Errorf("no process %q", name)
	}
	return p.kill()
}

// Restart starts name again after Kill.
func (c *Cluster) Restart(ctx context.Context, name string) error {
	if name == Replica {
		return c.StartReplica(ctx)
	}
	return c.Procs[name].start(ctx, c.Bin, c.Dir)
}

// Stop ends every process: the APIs, the workers and the Temporal nodes (SIGTERM,
// SIGKILL after 30 s), then the PostgreSQL servers (fast shutdown).
func (c *Cluster) Stop() {
	names := c.Names()
	for i := len(names) - 1; i >= 0; i-- {
		c.Procs[names[i]].stop()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, pg := range []*pgcluster.Cluster{c.replica, c.temporal, c.primary} {
		if pg != nil {
			_ = pg.Stop()
		}
	}
}

// Verify runs `dvc verify` on the whole cluster and returns its output; err is not nil
// when it found differences or could not run.
func (c *Cluster) Verify(ctx context.Context) (string, error) {
	run := exec.CommandContext(ctx, c.Bin, "verify")
	run.Env = append(os.Environ(), c.Env()...)
	out, err := run.CombinedOutput()
	return string(out), err
}
