// Package devtemporal runs a Temporal server inside the dvc process, persisted to a
// SQLite file, with its Web UI. It is what `dvc dev` uses when no Temporal address is
// configured; production points dvc at a real Temporal cluster instead.
package devtemporal

import (
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	uiserver "github.com/temporalio/ui-server/v2/server"
	uiconfig "github.com/temporalio/ui-server/v2/server/config"
	uioptions "github.com/temporalio/ui-server/v2/server/server_options"
	"go.temporal.io/server/common/authorization"
	"go.temporal.io/server/common/cluster"
	"go.temporal.io/server/common/config"
	"go.temporal.io/server/common/dynamicconfig"
	sqliteplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/sqlite"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	"go.temporal.io/server/temporal"
)

const (
	clusterName = "active"
	host        = "127.0.0.1"
)

// Options configures the embedded server.
type Options struct {
	// DatabaseFile is the SQLite file; empty means in-memory (lost on exit).
	DatabaseFile string
	// FrontendPort is the gRPC port clients dial; 0 picks a free one.
	FrontendPort int
	// UIPort is the Web UI's HTTP port; 0 picks a free one, -1 disables the UI.
	UIPort int
	// Namespace is created at start if it does not exist.
	Namespace string
	// Logger receives the server's warnings and errors.
	Logger *slog.Logger
	// DatabaseURL, when set, puts the persistence on PostgreSQL instead of DatabaseFile
	// (see postgres.go): several servers started on it form one cluster.
	DatabaseURL string
	// HistoryShards is the number of history shards on PostgreSQL (1 on SQLite).
	HistoryShards int
}

// Server is a running embedded Temporal server.
type Server struct {
	server       temporal.Server
	ui           *uiserver.Server
	stopping     *atomic.Bool
	frontendAddr string
	uiAddr       string
}

// Start builds and starts the server; it returns once the frontend accepts connections.
func Start(opts Options) (*Server, error) {
	if opts.Namespace == "" {
		return nil, errors.New("devtemporal: namespace is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	var (
		p   persistence
		err error
	)
	if opts.DatabaseURL != "" {
		p, err = onPostgres(opts)
	} else {
		p, err = onSQLite(opts)
	}
	if err != nil {
		return nil, err
	}
	frontend, pick := p.frontend, p.pick
	conf := serverConfig(p, frontend, pick)
	stopping := new(atomic.Bool)
	logger := newLogger(opts.Logger, stopping)
	authorizer, err := authorization.GetAuthorizerFromConfig(&conf.Global.Authorization)
	if err != nil {
		return nil, fmt.Errorf("devtemporal: authorizer: %w", err)
	}
	claimMapper, err := authorization.GetClaimMapperFromConfig(&conf.Global.Authorization, logger)
	if err != nil {
		return nil, fmt.Errorf("devtemporal: claim mapper: %w", err)
	}
	srv, err := temporal.NewServer(
		temporal.WithConfig(conf),
		temporal.ForServices(temporal.DefaultServices),
		temporal.WithLogger(logger),
		temporal.WithAuthorizer(authorizer),
		temporal.WithClaimMapper(func(*config.Config) authorization.ClaimMapper { return claimMapper }),
		temporal.WithDynamicConfigClient(dynamicConfig()),
	)
	if err != nil {
		return nil, fmt.Errorf("devtemporal: new server: %w", err)
	}
	if err := srv.Start(); err != nil {
		return nil, fmt.Errorf("devtemporal: start: %w", err)
	}
	s := &Server{server: srv, stopping: stopping, frontendAddr: fmt.Sprintf("%s:%d", host, frontend)}
	if opts.UIPort >= 0 {
		uiPort := pick(opts.UIPort)
		s.uiAddr = fmt.Sprintf("%s:%d", host, uiPort)
		s.ui = uiserver.NewServer(uioptions.WithConfigProvider(&uiconfig.Config{
			Host:                host,
			Port:                uiPort,
			TemporalGRPCAddress: s.frontendAddr,
			EnableUI:            true,
			DefaultNamespace:    opts.Namespace,
			DisableNewsFetch:    true,
			HideLogs:            true,
			CORS:                uiconfig.CORS{CookieInsecure: true},
		}))
		go func() {
			if err := s.ui.Start(); err != nil {
				opts.Logger.Error("temporal ui stopped", "err", err)
			}
		}()
	}
	return s, nil
}

// persistence is where a server keeps its state, and the ports it serves on.
type persistence struct {
	store, visibility *config.SQL
	shards            int
	frontend          int           // the frontend's gRPC port
	pick              func(int) int // the port to use for a configured one (0: chosen)
}

// onSQLite prepares the SQLite files of opts (or in-memory stores): the schema of a new
// file, the namespace, the trimmed visibility indexes, no stale members; the services
// take free ports.
func onSQLite(opts Options) (persistence, error) {
	ports, err := freePorts(10)
	if err != nil {
		return persistence{}, err
	}
	pick := func(configured int) int {
		if configured > 0 {
			return configured
		}
		p := ports[0]
		ports = ports[1:]
		return p
	}
	frontend := pick(opts.FrontendPort)
	visFile := visibilityFile(opts.DatabaseFile)
	sqlConf, err := sqliteConfig(opts.DatabaseFile)
	if err != nil {
		return persistence{}, err
	}
	visConf := sqlConf
	if visFile != "" || opts.DatabaseFile == "" {
		if visConf, err = sqliteConfig(visFile); err != nil {
			return persistence{}, err
		}
	}
	if err := forgetMembers(opts.DatabaseFile); err != nil {
		return persistence{}, err
	}
	visStore := visFile
	if visStore == "" {
		visStore = opts.DatabaseFile // a data directory made before the split, or in memory ("")
	}
	if err := trimVisibility(visStore); err != nil {
		return persistence{}, err
	}
	ns, err := sqliteschema.NewNamespaceConfig(clusterName, opts.Namespace, false, nil)
	if err != nil {
		return persistence{}, fmt.Errorf("devtemporal: namespace config: %w", err)
	}
	if err := sqliteschema.CreateNamespaces(sqlConf, ns); err != nil {
		return persistence{}, fmt.Errorf("devtemporal: create namespace: %w", err)
	}
	return persistence{store: sqlConf, visibility: visConf, shards: 1, frontend: frontend, pick: pick}, nil
}

// FrontendAddress is the host:port that SDK clients dial.
func (s *Server) FrontendAddress() string { return s.frontendAddr }

// UIAddress is the host:port of the Web UI, or "" when disabled.
func (s *Server) UIAddress() string { return s.uiAddr }

// Stop shuts the UI and the server down.
func (s *Server) Stop() {
	s.stopping.Store(true)
	if s.ui != nil {
		s.ui.Stop()
	}
	_ = s.server.Stop()
}

// sqliteConfig returns the persistence config, creating the schema for a new file.
// WAL and synchronous=normal make the embedded server 3-4x faster (see TEMPORAL.md).
// The plugin passes every attribute that is not a URI parameter on as a pragma under its
// own name: the keys are the pragmas' names (an unknown pragma is silently ignored, so
// "_journal_mode" left SQLite in rollback-journal mode with an fsync per commit).
func sqliteConfig(file string) (*config.SQL, error) {
	conf := &config.SQL{
		PluginName:        sqliteplugin.PluginName,
		ConnectAttributes: map[string]string{"journal_mode": "wal", "synchronous": "normal"},
		DatabaseName:      file,
		MaxConns:          1,
		MaxIdleConns:      1,
	}
	if file == "" {
		conf.ConnectAttributes = map[string]string{"mode": "memory", "cache": "shared"}
		conf.DatabaseName = fmt.Sprintf("dvc-%d", time.Now().UnixNano())
		return conf, sqliteschema.SetupSchema(conf)
	}
	conf.ConnectAttributes["mode"] = "rwc"
	if _, err := os.Stat(file); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return nil, fmt.Errorf("devtemporal: data dir: %w", err)
		}
		if err := sqliteschema.SetupSchema(conf); err != nil {
			return nil, fmt.Errorf("devtemporal: schema: %w", err)
		}
	}
	return conf, nil
}

// serverConfig builds the server's configuration: history in p.store, visibility in
// p.visibility (the same store when they are the same).
func serverConfig(p persistence, frontend int, pick func(int) int) *config.Config {
	conf := &config.Config{}
	conf.Global.Membership = config.Membership{MaxJoinDuration: 30 * time.Second, BroadcastAddress: host}
	conf.Persistence = config.Persistence{
		DefaultStore:     "default",
		VisibilityStore:  "default",
		NumHistoryShards: int32(p.shards),
		DataStores:       map[string]config.DataStore{"default": {SQL: p.store}},
	}
	if p.visibility != p.store {
		conf.Persistence.VisibilityStore = "visibility"
		conf.Persistence.DataStores["visibility"] = config.DataStore{SQL: p.visibility}
	}
	conf.ClusterMetadata = &cluster.Config{
		FailoverVersionIncrement: 10,
		MasterClusterName:        clusterName,
		CurrentClusterName:       clusterName,
		ClusterInformation: map[string]cluster.ClusterInformation{clusterName: {
			Enabled:                true,
			InitialFailoverVersion: 1,
			RPCAddress:             fmt.Sprintf("%s:%d", host, frontend),
		}},
	}
	conf.DCRedirectionPolicy = config.DCRedirectionPolicy{Policy: "noop"}
	service := func(grpcPort int) config.Service {
		return config.Service{RPC: config.RPC{GRPCPort: grpcPort, MembershipPort: pick(0), BindOnIP: host}}
	}
	front := service(frontend)
	front.RPC.HTTPPort = pick(0) // the frontend's HTTP API (Nexus); unused by dvc but expected
	conf.Services = map[string]config.Service{
		"frontend": front,
		"history":  service(pick(0)),
		"matching": service(pick(0)),
		"worker":   service(pick(0)),
	}
	conf.Archival.History.State = "disabled"
	conf.Archival.Visibility.State = "disabled"
	conf.NamespaceDefaults.Archival.History.State = "disabled"
	conf.NamespaceDefaults.Archival.Visibility.State = "disabled"
	conf.PublicClient.HostPort = fmt.Sprintf("%s:%d", host, frontend)
	return conf
}

// freePorts reserves n distinct free loopback ports by listening on them together,
// then releases them for the server to bind.
func freePorts(n int) ([]int, error) {
	var listeners []net.Listener
	defer func() {
		for _, l := range listeners {
			_ = l.Close()
		}
	}()
	ports := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", host+":0")
		if err != nil {
			return nil, fmt.Errorf("devtemporal: free port: %w", err)
		}
		listeners = append(listeners, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// dynamicConfig tunes the single-process server for one machine. One task-queue
// partition instead of four: with a handful of pollers in the same process, four
// partitions leave tasks waiting on partitions no poller is on (forwarded or written to
// the backlog in SQLite), which loadgen showed as seconds between a workflow's start and
// its first activity under load.
func dynamicConfig() dynamicconfig.Client {
	return dynamicconfig.StaticClient{
		dynamicconfig.MatchingNumTaskqueueReadPartitions.Key():  1,
		dynamicconfig.MatchingNumTaskqueueWritePartitions.Key(): 1,
	}
}

// visibilityFile is the SQLite file of the visibility store (the workflow list), beside
// the history file: its own file has its own connection and write lock, so the
// visibility writes of each start and close (about 10 ms of SQLite work each) no longer
// hold up the history's. A data directory made before the split keeps its visibility
// inside the history file ("" is returned), so no workflow drops out of the list; an
// in-memory server gets its own in-memory visibility store.
func visibilityFile(historyFile string) string {
	if historyFile == "" {
		return ""
	}
	vis := strings.TrimSuffix(historyFile, filepath.Ext(historyFile)) + "-visibility.db"
	if _, err := os.Stat(historyFile); err == nil {
		if _, err := os.Stat(vis); errors.Is(err, os.ErrNotExist) {
			return ""
		}
	}
	return vis
}

// unusedVisibilityIndexes are the visibility store's indexes on search attributes that
// dvc never sets and nobody here lists workflows by: the 22 indexed custom search
// attribute columns, Temporal's own 13 pre-allocated ones, the versioning, schedule and
// pause attributes, and the statistics and lineage columns (51 of the 58).
// Kept: the default order, execution time, workflow ID, type, status, task queue, and
// the namespace division (schedules, system workflows).
var unusedVisibilityIndexes = func() []string {
	names := []string{"by_history_length", "by_history_size_bytes", "by_execution_duration",
		"by_state_transition_count", "by_parent_workflow_id", "by_parent_run_id", "by_root_workflow_id",
		"by_root_run_id", "by_batcher_user", "by_temporal_scheduled_start_time", "by_temporal_scheduled_by_id",
		"by_temporal_schedule_paused", "by_temporal_pause_info", "by_temporal_worker_deployment_version",
		"by_temporal_workflow_versioning_behavior", "by_temporal_worker_deployment",
		"by_temporal_low_cardinality_keyword_01"}
	for kind, n := range map[string]int{"bool": 3, "datetime": 3, "double": 3, "int": 3, "keyword": 10,
		"temporal_bool": 2, "temporal_datetime": 2, "temporal_double": 2, "temporal_int": 2, "temporal_keyword": 4} {
		for i := 1; i <= n; i++ {
			names = append(names, fmt.Sprintf("by_%s_%02d", kind, i))
		}
	}
	return names
}()

// trimVisibility drops unusedVisibilityIndexes from the visibility store in file (none
// for an in-memory server). Every workflow start, search attribute upsert and close
// replaces the workflow's visibility row, and SQLite kept 58 indexes on it: in a submit
// profile the visibility writes were 37% of the process's CPU. Without the unused ones,
// the no-op start rate rose from 168/s to 233/s and submissions from 30 to 40 a second
// (BENCHMARKS.md). Idempotent; the embedded server's SQLite schema is never migrated
// (TEMPORAL.md), so nothing expects them back.
func trimVisibility(file string) error {
	stmts := make([]string, len(unusedVisibilityIndexes))
	for i, name := range unusedVisibilityIndexes {
		stmts[i] = `DROP INDEX IF EXISTS "` + name + `"`
	}
	return execSQLite(file, "drop unused visibility indexes", stmts...)
}

// execSQLite runs stmts on the SQLite file, nothing for an in-memory server (file "");
// what names them in errors.
func execSQLite(file, what string, stmts ...string) error {
	if file == "" {
		return nil
	}
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		return fmt.Errorf("devtemporal: open %s: %w", file, err)
	}
	defer db.Close()
	for _, stmt := range stmts {
		if _, err := db.Exec(stmt); err != nil {
			return fmt.Errorf("devtemporal: %s: %w", what, err)
		}
	}
	return nil
}

// forgetMembers deletes the cluster membership rows a previous run left in the file.
// Services pick new ports at each start; with the old rows in place, ringpop first tries
// to join the dead hosts and gives up only after 30 s, and until then every task fails
// with "Not enough hosts to serve the request" (seen by loadgen after each restart: the
// first 35 s of a restarted `dvc dev` did no work). The embedded server is the file's
// only user, so every row is stale.
func forgetMembers(file string) error {
	return execSQLite(file, "forget old cluster members", `DELETE FROM cluster_membership`)
}
