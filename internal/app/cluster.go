package app

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.temporal.io/sdk/client"
	"google.golang.org/grpc"
	"google.golang.org/grpc/resolver"
	"google.golang.org/grpc/resolver/manual"

	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/readreplica"
)

// openReplica opens the read replica when database.read_url is set and starts the
// router that measures how far behind it is (readreplica). A replica that does not
// answer yet is no reason to stay down: reads go to the primary until it does.
func (a *App) openReplica(ctx context.Context) error {
	url := a.Config.Database.ReadURL
	if url == "" {
		return nil
	}
	replica, err := postgres.Connect(url, a.Config.Database.MaxOpenConns)
	if err != nil {
		return fmt.Errorf("app: read replica: %w", err)
	}
	a.replicaStore = replica
	a.Replica = readreplica.New(readreplica.Options{Primary: a.Store, Replica: replica,
		MaxStaleness: a.Config.Database.ReadMaxStaleness, Log: a.Log.With("component", "read-replica")})
	a.Replica.Register(a.Registry)
	bg, cancel := context.WithCancel(context.WithoutCancel(ctx))
	done := make(chan struct{})
	a.closers = append(a.closers, func() {
		cancel()
		<-done
	})
	go func() {
		defer close(done)
		a.Replica.Run(bg)
	}()
	return nil
}

// TemporalTarget returns the host:port the Temporal client dials and the connection
// options for it: one frontend as it is, several (temporal.address "a:7233,b:7233")
// through a resolver of their own, which the SDK's round-robin balancing uses in turn,
// leaving out a frontend whose connection fails until it is back.
func TemporalTarget(addrs []string) (string, client.ConnectionOptions) {
	if len(addrs) < 2 {
		return strings.TrimSpace(strings.Join(addrs, "")), client.ConnectionOptions{}
	}
	r := manual.NewBuilderWithScheme("dvc-temporal")
	state := resolver.State{}
	for _, a := range addrs {
		state.Addresses = append(state.Addresses, resolver.Address{Addr: strings.TrimSpace(a)})
	}
	r.InitialState(state)
	return "dvc-temporal:///frontends", client.ConnectionOptions{DialOptions: []grpc.DialOption{grpc.WithResolvers(r)}}
}

// workerHandler serves a worker-only process's /metrics, /healthz (the process is up)
// and /readyz (PostgreSQL and Temporal answer within two seconds; 503 naming what does
// not otherwise), for the orchestrator's probes.
func (a *App) workerHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/metrics", promhttp.HandlerFor(a.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) { _, _ = io.WriteString(w, "ok\n") })
	mux.HandleFunc("/readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		var down []string
		if err := a.Store.Ping(ctx); err != nil {
			down = append(down, "database")
		}
		if _, err := a.Temporal.CheckHealth(ctx, nil); err != nil {
			down = append(down, "temporal")
		}
		if len(down) > 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = io.WriteString(w, "unavailable: "+strings.Join(down, ", ")+"\n")
			return
		}
		_, _ = io.WriteString(w, "ready\n")
	})
	return mux
}
