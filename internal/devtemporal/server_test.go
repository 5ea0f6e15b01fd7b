package devtemporal

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/worker"
	"go.temporal.io/sdk/workflow"
)

// TestWAL checks the SQLite file runs in write-ahead-log mode: while the server runs,
// SQLite keeps the log beside the database file.
func TestWAL(t *testing.T) {
	file := filepath.Join(t.TempDir(), "temporal.db")
	s, err := Start(Options{DatabaseFile: file, UIPort: -1, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if _, err := os.Stat(file + "-wal"); err != nil {
		t.Fatalf("no write-ahead log beside %s: %v", file, err)
	}
}

// TestRestart checks a server restarted on the same file serves at once: a workflow
// started right after the restart completes within seconds (stale cluster members left
// by the first run used to stall every task for more than 30 s).
func TestRestart(t *testing.T) {
	file := filepath.Join(t.TempDir(), "temporal.db")
	s, err := Start(Options{DatabaseFile: file, UIPort: -1, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	s.Stop()
	s, err = Start(Options{DatabaseFile: file, UIPort: -1, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	c, err := client.Dial(client.Options{HostPort: s.FrontendAddress(), Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w := worker.New(c, "restart", worker.Options{})
	w.RegisterWorkflowWithOptions(func(workflow.Context) error { return nil }, workflow.RegisterOptions{Name: "Noop"})
	if err := w.Start(); err != nil {
		t.Fatal(err)
	}
	defer w.Stop()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	run, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{TaskQueue: "restart"}, "Noop")
	if err != nil {
		t.Fatal(err)
	}
	if err := run.Get(ctx, nil); err != nil {
		t.Fatalf("a workflow after the restart did not complete in 15 s: %v", err)
	}
}
