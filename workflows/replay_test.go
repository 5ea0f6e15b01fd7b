package workflows_test

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdklog "go.temporal.io/sdk/log"
	"go.temporal.io/sdk/worker"

	"github.com/dvc-project/dvc/workflows"
)

// TestReplayHistories replays the checked-in histories of complete dossiers (one per
// branch of the lifecycle) against today's DossierWorkflow: a change that would break
// dossiers in flight fails here. Regenerate them, when a change is made compatible with
// workflow.GetVersion, by running
//
//	DVC_WRITE_HISTORIES=$PWD/workflows/testdata/histories go test -run TestLifecycleOnEmbeddedServer ./internal/app/
//
// and keep the old files next to the new ones (rename them *_v1.json and so on).
func TestReplayHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "histories", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 6 {
		t.Fatalf("found %d histories, want one per branch (6)", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflow(workflows.DossierWorkflow)
			logger := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
			if err := r.ReplayWorkflowHistoryFromJSONFile(logger, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}
