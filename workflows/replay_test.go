package workflows_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/sdk/client"
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
// The *_v1.json histories predate DossierInput.LocalStore (their store calls are activity
// tasks); the others must run them as local activities.
// supplement_twice_before_one_per_stage.json was recorded before the one-request-per-stage
// rule (commit 696b05d, with a lifecycle subtest asking twice in the processing stage that
// today's rule refuses): it replays only through changeOneSupplement's DefaultVersion path.
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
			local := localActivityMarkers(t, f)
			if old := strings.HasSuffix(f, "_v1.json"); old != (local == 0) {
				t.Fatalf("%s has %d local activity markers: want none in a *_v1 history, some in a current one", f, local)
			}
			r := worker.NewWorkflowReplayer()
			r.RegisterWorkflow(workflows.DossierWorkflow)
			logger := sdklog.NewStructuredLogger(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})))
			if err := r.ReplayWorkflowHistoryFromJSONFile(logger, f); err != nil {
				t.Fatalf("replay %s: %v", f, err)
			}
		})
	}
}

// localActivityMarkers counts the local activity results recorded in a history file.
func localActivityMarkers(t *testing.T, file string) int {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h, err := client.HistoryFromJSON(bytes.NewReader(b), client.HistoryJSONOptions{})
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	n := 0
	for _, ev := range h.GetEvents() {
		if ev.GetEventType() == enumspb.EVENT_TYPE_MARKER_RECORDED && ev.GetMarkerRecordedEventAttributes().GetMarkerName() == "LocalActivity" {
			n++
		}
	}
	return n
}
