package devtemporal

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"go.temporal.io/api/workflowservice/v1"
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

// TestVisibilityFile checks a new data directory keeps the workflow list in its own
// SQLite file (its own write lock) and lists a started workflow from it, while a file
// made before the split keeps its list inside.
func TestVisibilityFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "temporal.db")
	if got, want := visibilityFile(file), filepath.Join(dir, "temporal-visibility.db"); got != want {
		t.Fatalf("visibility file of a new directory: %q, want %q", got, want)
	}
	s, err := Start(Options{DatabaseFile: file, UIPort: -1, Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if _, err := os.Stat(filepath.Join(dir, "temporal-visibility.db-wal")); err != nil {
		t.Fatalf("the visibility store is not a file of its own in WAL mode: %v", err)
	}
	c, err := client.Dial(client.Options{HostPort: s.FrontendAddress(), Namespace: "default"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if _, err := c.ExecuteWorkflow(ctx, client.StartWorkflowOptions{ID: "listed", TaskQueue: "nobody"}, "Noop"); err != nil {
		t.Fatal(err)
	}
	for {
		resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: "default"})
		if err != nil {
			t.Fatal(err)
		}
		if len(resp.GetExecutions()) == 1 && resp.GetExecutions()[0].GetExecution().GetWorkflowId() == "listed" {
			break
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the started workflow is not listed: %v", resp.GetExecutions())
		case <-time.After(100 * time.Millisecond):
		}
	}

	// Listed by type too, through a kept index.
	resp, err := c.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{Namespace: "default", Query: "WorkflowType = 'Noop'"})
	if err != nil || len(resp.GetExecutions()) != 1 {
		t.Fatalf("list by workflow type: %v, %v", resp.GetExecutions(), err)
	}
	checkTrimmed(t, filepath.Join(dir, "temporal-visibility.db"))

	old := filepath.Join(t.TempDir(), "temporal.db")
	if _, err := sqliteConfig(old); err != nil {
		t.Fatal(err)
	}
	if got := visibilityFile(old); got != "" {
		t.Fatalf("a file made before the split got a separate visibility file %q", got)
	}
	if err := trimVisibility(old); err != nil {
		t.Fatal(err)
	}
	checkTrimmed(t, old)
}

// checkTrimmed checks the visibility table in file has lost the unused indexes and kept
// the ones the lists use.
func checkTrimmed(t *testing.T, file string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+file)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'executions_visibility' AND sql IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var left []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		left = append(left, name)
	}
	slices.Sort(left)
	want := []string{"by_execution_time", "by_status", "by_task_queue", "by_temporal_namespace_division",
		"by_workflow_id", "by_workflow_type", "default_idx"}
	if !slices.Equal(left, want) {
		t.Errorf("visibility indexes of %s: %v, want %v", filepath.Base(file), left, want)
	}
}
