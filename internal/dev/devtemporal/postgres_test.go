package devtemporal

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/internal/dev/pgcluster"
	v12 "go.temporal.io/server/schema/postgresql/v12"
)

// TestPostgresCluster starts two servers on one PostgreSQL database, which set up
// Temporal's schema once and join one cluster: workflows started through either
// frontend run, and keep running through the second once the first has stopped.
func TestPostgresCluster(t *testing.T) {
	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}
	_ = os.Chmod(filepath.Dir(root), 0o755)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	pg, err := pgcluster.Start(ctx, pgcluster.Options{Dir: filepath.Join(root, "pg"), Fast: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = pg.Stop() }()
	url := pg.URL("temporal")
	var nodes []*Server
	for range 2 {
		base, err := FreePortBlock(PortsPerNode)
		if err != nil {
			t.Fatal(err)
		}
		s, err := Start(Options{DatabaseURL: url, HistoryShards: 4, FrontendPort: base, UIPort: -1, Namespace: "default",
			Logger: slog.New(slog.DiscardHandler)})
		if err != nil {
			t.Fatal(err)
		}
		nodes = append(nodes, s)
	}
	defer nodes[1].Stop()
	if v, err := SchemaVersion(url); err != nil || v != v12.Version {
		t.Fatalf("schema version %q (%v), want %s", v, err, v12.Version)
	}
	run := func(node *Server, id string) {
		t.Helper()
		c, err := client.Dial(client.Options{HostPort: node.FrontendAddress(), Namespace: "default"})
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		w := worker.New(c, "cluster", worker.Options{})
		w.RegisterWorkflowWithOptions(func(workflow.Context) error { return nil }, workflow.RegisterOptions{Name: "Noop"})
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		defer w.Stop()
		for deadline := time.Now().Add(90 * time.Second); ; {
			ctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			r, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: id, TaskQueue: "cluster"}, "Noop")
			if err == nil {
				err = r.Get(ctx, nil)
			}
			cancel()
			if err == nil {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("workflow %s through %s: %v", id, node.FrontendAddress(), err)
			}
			time.Sleep(time.Second)
		}
	}
	for i := range 4 {
		run(nodes[i%2], fmt.Sprintf("both-%d", i))
	}
	nodes[0].Stop()
	for i := range 4 { // every shard, the stopped node's too, is served by the other
		run(nodes[1], fmt.Sprintf("after-%d", i))
	}
}
