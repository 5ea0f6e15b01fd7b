package devtemporal

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/lib/pq"
	"go.temporal.io/server/common/config"
	tlog "go.temporal.io/server/common/log"
	postgresplugin "go.temporal.io/server/common/persistence/sql/sqlplugin/postgresql"
	sqliteschema "go.temporal.io/server/schema/sqlite"
	schematool "go.temporal.io/server/tools/common/schema"
	sqltool "go.temporal.io/server/tools/sql"
)

// Temporal's own PostgreSQL schemas (go.temporal.io/server/schema), by the name its
// schema tool knows them.
const (
	storeSchema      = "postgresql/v12/temporal"
	visibilitySchema = "postgresql/v12/visibility"
)

// PortsPerNode is how many consecutive ports a node on PostgreSQL takes from its
// frontend port: the gRPC, membership and HTTP ports of the frontend, then the gRPC and
// membership ports of history, matching and the internal worker. The membership table
// keeps a port in a SMALLINT, so the last one must stay below 32768; fixed ports also
// let a node killed and restarted rejoin at the address its peers remember.
const PortsPerNode = 9

// setupLock keeps two nodes from setting up the databases and the schema at once (an
// advisory lock in the server's maintenance database): "dvct".
const setupLock = 0x64767674

// onPostgres prepares PostgreSQL persistence at opts.DatabaseURL for a cluster node: the
// database and "<name>_visibility" beside it (created when missing), Temporal's schemas
// set up and updated by Temporal's schema tool (its Go package), the namespace; the
// node's services take the PortsPerNode ports from opts.FrontendPort.
func onPostgres(opts Options) (persistence, error) {
	if opts.FrontendPort <= 0 || opts.FrontendPort+PortsPerNode-1 > 32767 {
		return persistence{}, fmt.Errorf("devtemporal: on PostgreSQL the frontend port must be set and at most %d, got %d",
			32767-PortsPerNode+1, opts.FrontendPort)
	}
	store, err := postgresConfig(opts.DatabaseURL)
	if err != nil {
		return persistence{}, err
	}
	vis := *store
	vis.DatabaseName = store.DatabaseName + "_visibility"
	vis.MaxConns, vis.MaxIdleConns = 10, 10
	if err := withSetupLock(opts.DatabaseURL, func(db *sql.DB) error {
		for _, s := range []struct {
			conf   *config.SQL
			schema string
		}{{store, storeSchema}, {&vis, visibilitySchema}} {
			if err := setUp(db, s.conf, s.schema); err != nil {
				return err
			}
		}
		ns, err := sqliteschema.NewNamespaceConfig(clusterName, opts.Namespace, false, nil)
		if err != nil {
			return fmt.Errorf("devtemporal: namespace config: %w", err)
		}
		// The function is the SQLite package's, but it writes through whichever SQL plugin
		// the configuration names.
		if err := sqliteschema.CreateNamespaces(store, ns); err != nil {
			return fmt.Errorf("devtemporal: create namespace: %w", err)
		}
		return nil
	}); err != nil {
		return persistence{}, err
	}
	next := opts.FrontendPort
	pick := func(int) int {
		next++
		return next
	}
	shards := max(opts.HistoryShards, 1)
	return persistence{store: store, visibility: &vis, shards: shards, frontend: opts.FrontendPort, pick: pick}, nil
}

// postgresConfig is the postgres12 plugin's configuration for the database at rawURL.
func postgresConfig(rawURL string) (*config.SQL, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") || u.Host == "" {
		return nil, fmt.Errorf("devtemporal: database URL must be postgres://user@host:port/name, got %q", rawURL)
	}
	name := strings.TrimPrefix(u.Path, "/")
	if name == "" {
		name = "temporal"
	}
	host := u.Host
	if u.Port() == "" {
		host = net.JoinHostPort(u.Hostname(), "5432")
	}
	password, _ := u.User.Password()
	attrs := map[string]string{}
	for k, v := range u.Query() {
		attrs[k] = v[0]
	}
	return &config.SQL{
		PluginName:        postgresplugin.PluginName,
		DatabaseName:      name,
		ConnectAddr:       host,
		ConnectProtocol:   "tcp",
		User:              u.User.Username(),
		Password:          password,
		ConnectAttributes: attrs,
		// Per service and store: a node's four services hold up to 4 × (20 + 10)
		// connections; PostgreSQL's max_connections must allow that times the nodes.
		MaxConns:        20,
		MaxIdleConns:    20,
		MaxConnLifetime: time.Hour,
	}, nil
}

// withSetupLock runs fn holding setupLock, on a connection to the server's maintenance
// database ("postgres"), which it passes to fn.
func withSetupLock(rawURL string, fn func(*sql.DB) error) error {
	u, _ := url.Parse(rawURL)
	u.Path = "/postgres"
	db, err := sql.Open("postgres", u.String())
	if err != nil {
		return fmt.Errorf("devtemporal: %w", err)
	}
	defer db.Close()
	db.SetMaxOpenConns(2)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	conn, err := db.Conn(ctx)
	for deadline := time.Now().Add(30 * time.Second); err != nil && time.Now().Before(deadline); {
		time.Sleep(250 * time.Millisecond) // PostgreSQL may be starting
		conn, err = db.Conn(ctx)
	}
	if err != nil {
		return fmt.Errorf("devtemporal: connect to PostgreSQL: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, setupLock); err != nil {
		return fmt.Errorf("devtemporal: setup lock: %w", err)
	}
	defer conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, setupLock) //nolint:errcheck // the connection's end releases it too
	return fn(db)
}

// setUp creates the database of conf when missing, then has Temporal's schema tool set
// up its version tables and apply every versioned step of schema not applied yet (what
// `temporal-sql-tool setup-schema -v 0.0` and `update-schema -d <schema>/versioned` do).
func setUp(admin *sql.DB, conf *config.SQL, schema string) error {
	var exists bool
	if err := admin.QueryRow(`SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, conf.DatabaseName).Scan(&exists); err != nil {
		return fmt.Errorf("devtemporal: look up database %s: %w", conf.DatabaseName, err)
	}
	if !exists {
		if _, err := admin.Exec(`CREATE DATABASE ` + pq.QuoteIdentifier(conf.DatabaseName)); err != nil {
			return fmt.Errorf("devtemporal: create database %s: %w", conf.DatabaseName, err)
		}
	}
	logger := tlog.NewNoopLogger()
	conn, err := sqltool.NewConnection(conf, logger)
	if err != nil {
		return fmt.Errorf("devtemporal: schema tool: %w", err)
	}
	defer conn.Close()
	if err := schematool.NewSetupSchemaTask(conn, &schematool.SetupConfig{InitialVersion: "0.0"}, logger).Run(); err != nil {
		return fmt.Errorf("devtemporal: set up %s: %w", conf.DatabaseName, err)
	}
	update := &schematool.UpdateConfig{DBName: conf.DatabaseName, SchemaName: schema}
	if err := schematool.NewUpdateSchemaTask(conn, update, logger).Run(); err != nil {
		return fmt.Errorf("devtemporal: update %s to %s: %w", conf.DatabaseName, schema, err)
	}
	return nil
}

// SchemaVersion returns the version of Temporal's schema in the database at rawURL (for
// tests and operators).
func SchemaVersion(rawURL string) (string, error) {
	conf, err := postgresConfig(rawURL)
	if err != nil {
		return "", err
	}
	conn, err := sqltool.NewConnection(conf, tlog.NewNoopLogger())
	if err != nil {
		return "", err
	}
	defer conn.Close()
	v, err := conn.ReadSchemaVersion()
	if err != nil {
		return "", errors.Join(errors.New("devtemporal: read schema version"), err)
	}
	return v, nil
}

// FreePortBlock finds n consecutive free loopback ports below 32768 (the membership
// table's limit), trying random blocks from 20000 up, and returns the first.
func FreePortBlock(n int) (int, error) {
	for range 200 {
		base := 20000 + rand.IntN(32768-20000-n)
		ok := true
		for p := base; p < base+n && ok; p++ {
			l, err := net.Listen("tcp", fmt.Sprintf("%s:%d", host, p))
			if err != nil {
				ok = false
				break
			}
			_ = l.Close()
		}
		if ok {
			return base, nil
		}
	}
	return 0, fmt.Errorf("devtemporal: no %d consecutive free ports below 32768", n)
}
