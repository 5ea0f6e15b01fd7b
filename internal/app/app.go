// Package app wires dvc's parts into a running process: the database (an external one
// or, in dev, a private PostgreSQL cluster), Temporal (an external cluster or, in dev, the
// embedded server), the worker with its reconciler, and the HTTP server. The commands in
// cmd/dvc and the end-to-end tests both start the product through it.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.temporal.io/sdk/client"
	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/dev/devtemporal"
	"github.com/dvc-project/dvc/internal/dev/pgcluster"
	"github.com/dvc-project/dvc/internal/lookupcache"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/readreplica"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/schema"
)

// Parts selects what a process runs.
type Parts struct {
	// API serves HTTP (pages, JSON API, health, metrics).
	API bool
	// Worker runs the dossier worker and the reconciler.
	Worker bool
	// MetricsAddr, when API is false, serves /metrics and /healthz there.
	MetricsAddr string
	// NoReconciler leaves the reconciler out of the worker (tests of what it repairs).
	NoReconciler bool
}

// App is a started dvc process. Close releases everything Start acquired, in reverse.
type App struct {
	Config   config.Config
	Log      *slog.Logger
	Store    *postgres.Store
	Temporal client.Client
	Registry *prometheus.Registry
	// Service runs the use cases when the process serves HTTP (nil otherwise).
	Service *service.Service
	// HTTP is the HTTP handler when the process serves it (nil otherwise).
	HTTP *gin.Engine
	// LookupCache holds the public lookup's answers when the API runs with
	// http.lookup_cache > 0 (nil otherwise).
	LookupCache *lookupcache.Cache
	// Replica routes the reads that decide nothing to database.read_url (nil without one).
	Replica *readreplica.Router

	dbURL        string
	replicaStore *postgres.Store
	pg           *pgcluster.Cluster
	devTemp      *devtemporal.Server
	worker       worker.Worker
	http         *http.Server
	listener     net.Listener
	// base is URL() once the portal listens (not a worker's metrics server), for
	// readers in other goroutines (the worker's activities ask for the portal's address).
	base    atomic.Pointer[string]
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	closers []func()
	once    sync.Once

	pprofAddr string
	national  nationalParts
	// standIn is the payment platform's stand-in's address in dev ("" otherwise).
	standIn string
}

// Start brings up the parts cfg and parts ask for. In dev mode it starts what is not
// configured (PostgreSQL, Temporal), migrates and loads the demo data; outside dev it
// refuses a database whose schema is behind.
func Start(ctx context.Context, cfg config.Config, log *slog.Logger, parts Parts) (_ *App, err error) {
	a := &App{Config: cfg, Log: log, Registry: newRegistry()}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if err := CheckPorts(cfg, parts); err != nil {
		return nil, err
	}
	if cfg.Debug.PprofAddr != "" {
		if err := a.startPprof(cfg.Debug.PprofAddr); err != nil {
			return nil, err
		}
	}
	if err := a.openDatabase(ctx); err != nil {
		return nil, err
	}
	if err := a.connectTemporal(); err != nil {
		return nil, err
	}
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	a.cancel = cancel
	if parts.API { // bound first: the stand-ins push to it, the file links point at it
		if err := a.bind(cfg.HTTP.Addr); err != nil {
			return nil, err
		}
		base := a.URL() // the portal's address, for readers in other goroutines
		a.base.Store(&base)
	}
	if err := a.startNational(); err != nil { // before the worker records a log row
		return nil, err
	}
	if parts.Worker {
		if err := a.startWorker(bg, !parts.NoReconciler); err != nil {
			return nil, err
		}
		a.runNationalWorker(bg)
	}
	switch {
	case parts.API:
		if cfg.HTTP.LookupCache > 0 {
			a.LookupCache = lookupcache.New(cfg.HTTP.LookupCache, cfg.HTTP.LookupCacheTTL)
			a.LookupCache.Register(a.Registry)
			if a.Replica != nil {
				a.LookupCache.SetFence(a.Replica.Fence)
			}
			a.LookupCache.ListenLazily(bg, a.dbURL, log.With("component", "lookup-cache"))
		}
		err = a.listen(cfg.HTTP.Addr, func() (http.Handler, error) { return a.handler(ctx) })
	case parts.MetricsAddr != "":
		err = a.listen(parts.MetricsAddr, func() (http.Handler, error) { return a.workerHandler(), nil })
	}
	if err != nil {
		return nil, err
	}
	return a, nil
}

func (a *App) openDatabase(ctx context.Context) error {
	url := a.Config.Database.URL
	dev := a.Config.Embedded()
	if url == "" {
		if !dev {
			return errors.New("app: database.url is required outside dev mode")
		}
		pg, err := pgcluster.Start(ctx, pgcluster.Options{
			Dir: filepath.Join(a.Config.DataDir, "postgres"), Port: a.Config.Database.Port, Logger: a.Log,
			SharedBuffers: a.Config.Database.SharedBuffers,
			StopOnExit:    true, // a killed `dvc dev` leaves no server behind
		})
		if err != nil {
			return fmt.Errorf("app: start postgres: %w", err)
		}
		a.pg = pg
		if err := pg.EnsureDatabase(ctx, "dvc"); err != nil {
			return fmt.Errorf("app: create database: %w", err)
		}
		url = pg.URL("dvc")
	}
	store, err := postgres.Open(ctx, url, a.Config.Database.MaxOpenConns)
	if err != nil {
		return fmt.Errorf("app: database unreachable: %w", err)
	}
	a.Store, a.dbURL = store, url
	if err := a.openReplica(ctx); err != nil {
		return err
	}
	if !dev {
		return schema.Check(ctx, store.DB())
	}
	if applied, err := schema.Migrate(ctx, store.DB()); err != nil {
		return err
	} else if len(applied) > 0 {
		a.Log.Info("migrations applied", "versions", applied)
	}
	if err := demo.Seed(ctx, store.DB()); err != nil {
		return err
	}
	return nil
}

func (a *App) connectTemporal() error {
	addr := a.Config.Temporal.Address
	if addr == "" {
		if !a.Config.Embedded() {
			return errors.New("app: temporal.address is required outside dev mode")
		}
		srv, err := devtemporal.Start(devtemporal.Options{
			DatabaseFile: filepath.Join(a.Config.DataDir, "temporal", "temporal.db"),
			FrontendPort: a.Config.Temporal.Port,
			UIPort:       a.Config.Temporal.UIPort,
			Namespace:    a.Config.Temporal.Namespace,
			Logger:       a.Log,
		})
		if err != nil {
			return fmt.Errorf("app: start temporal: %w", err)
		}
		a.devTemp = srv
		addr = srv.FrontendAddress()
	}
	handler, closer := temporalMetrics(a.Registry)
	a.closers = append(a.closers, func() { _ = closer.Close() })
	hostPort, conn := TemporalTarget(strings.Split(addr, ","))
	opts := client.Options{
		HostPort:          hostPort,
		ConnectionOptions: conn,
		Namespace:         a.Config.Temporal.Namespace,
		Logger:            sdklog.NewStructuredLogger(a.Log.With("component", "temporal-sdk")),
		MetricsHandler:    handler,
	}
	c, err := client.Dial(opts)
	// A process may start while Temporal restarts: keep trying for a minute.
	for deadline := time.Now().Add(time.Minute); err != nil && time.Now().Before(deadline); {
		a.Log.Warn("temporal not reachable yet, retrying", "address", addr, "err", err)
		time.Sleep(time.Second)
		c, err = client.Dial(opts)
	}
	if err != nil {
		return fmt.Errorf("app: connect to temporal at %s: %w", addr, err)
	}
	a.Temporal = c
	return nil
}

func (a *App) startWorker(ctx context.Context, reconcile bool) error {
	w, err := a.newWorker(ctx)
	if err != nil {
		return err
	}
	a.worker = w
	if reconcile {
		r := a.reconciler()
		a.wg.Add(1)
		go func() {
			defer a.wg.Done()
			r.Run(ctx)
		}()
	}
	a.startOutboxes(ctx)
	a.startDigest(ctx)
	return nil
}

// listen binds addr (unless bind did), then builds the handler (which may read the
// bound address) and serves.
func (a *App) listen(addr string, handler func() (http.Handler, error)) error {
	if a.listener == nil {
		if err := a.bind(addr); err != nil {
			return err
		}
	}
	l := a.listener
	h, err := handler()
	if err != nil {
		_ = l.Close()
		return err
	}
	a.http = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       a.Config.HTTP.RequestTimeout,
		WriteTimeout:      a.Config.HTTP.RequestTimeout + 5*time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn),
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		if err := a.http.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Log.Error("http server stopped", "err", err)
		}
	}()
	return nil
}

// bind listens on addr; the server serves on it later (listen).
func (a *App) bind(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("app: listen on %s: %w", addr, err)
	}
	a.listener = l
	return nil
}

// Close stops everything in reverse order of start: HTTP (draining requests), the
// worker, the Temporal client and embedded server, the database pool and cluster.
func (a *App) Close() {
	a.once.Do(func() {
		step := func(name string, f func()) {
			start := time.Now()
			f()
			a.Log.Debug("stopped "+name, "took", time.Since(start).Round(time.Millisecond))
		}
		if a.http != nil {
			step("http server", func() {
				ctx, cancel := context.WithTimeout(context.Background(), a.Config.HTTP.ShutdownTimeout)
				defer cancel()
				if err := a.http.Shutdown(ctx); err != nil {
					a.Log.Warn("http shutdown", "err", err)
				}
			})
		}
		if a.cancel != nil {
			a.cancel()
		}
		a.national.close()
		if a.worker != nil {
			step("worker", a.worker.Stop)
		}
		a.wg.Wait()
		if a.LookupCache != nil {
			a.LookupCache.Wait()
		}
		if a.Temporal != nil {
			step("temporal client", a.Temporal.Close)
		}
		for i := len(a.closers) - 1; i >= 0; i-- {
			a.closers[i]()
		}
		if a.devTemp != nil {
			step("embedded temporal", a.devTemp.Stop)
		}
		if a.Store != nil {
			_ = a.Store.Close()
		}
		if a.replicaStore != nil {
			_ = a.replicaStore.Close()
		}
		if a.pg != nil {
			step("postgres", func() {
				if err := a.pg.Stop(); err != nil {
					a.Log.Warn("postgres stop", "err", err)
				}
			})
		}
	})
}
