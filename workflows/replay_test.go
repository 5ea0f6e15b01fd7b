package workflows_test

import (
	"bytes"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"
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
// tasks); the others must run them as local activities. The *_v2.json histories predate
// ChangeClaimLogged and the fee in the snapshot: claimed_v2 logs a claim as an assignment
// (no version marker), fee_free_payment_v2 asks for a fee on a procedure without one,
// which the workflow now refuses for dossiers whose snapshot says so; claimed.json holds
// the change's marker.
// supplement_twice_before_one_per_stage.json was recorded before the one-request-per-stage
// rule (commit 696b05d, with a lifecycle subtest asking twice in the processing stage that
// today's rule refuses): it replays only through changeOneSupplement's DefaultVersion path.
func TestReplayHistories(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "histories", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 15 {
		t.Fatalf("found %d histories, want one per branch (7), their *_v1 (6) and the *_v2 (2)", len(files))
	}
	for _, f := range files {
		t.Run(strings.TrimSuffix(filepath.Base(f), ".json"), func(t *testing.T) {
			local := localActivityMarkers(t, f)
			if old := strings.HasSuffix(f, "_v1.json"); old != (local == 0) {
				t.Fatalf("%s has %d local activity markers: want none in a *_v1 history, some in a current one", f, local)
			}
			claimed := versionMarkers(t, f, workflows.ChangeClaimLogged)
			if before := strings.HasSuffix(f, "_v1.json") || strings.HasSuffix(f, "_v2.json"); before && claimed > 0 {
				t.Fatalf("%s, recorded before %s, has its marker", f, workflows.ChangeClaimLogged)
			}
			if filepath.Base(f) == "claimed.json" && claimed == 0 {
				t.Fatalf("%s has no %s marker: regenerate it", f, workflows.ChangeClaimLogged)
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
	n := 0
	for _, m := range markers(t, file) {
		if m.GetMarkerName() == "LocalActivity" {
			n++
		}
	}
	return n
}

// versionMarkers counts the workflow.GetVersion markers of change recorded in a history
// file.
func versionMarkers(t *testing.T, file, change string) int {
	t.Helper()
	n := 0
	for _, m := range markers(t, file) {
		var id string
		if m.GetMarkerName() == "Version" && converter.GetDefaultDataConverter().FromPayloads(m.GetDetails()["change-id"], &id) == nil && id == change {
			n++
		}
	}
	return n
}

// markers returns the markers recorded in a history file.
func markers(t *testing.T, file string) []*historypb.MarkerRecordedEventAttributes {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	h, err := client.HistoryFromJSON(bytes.NewReader(b), client.HistoryJSONOptions{})
	if err != nil {
		t.Fatalf("read %s: %v", file, err)
	}
	var out []*historypb.MarkerRecordedEventAttributes
	for _, ev := range h.GetEvents() {
		if ev.GetEventType() == enumspb.EVENT_TYPE_MARKER_RECORDED {
			out = append(out, ev.GetMarkerRecordedEventAttributes())
		}
	}
	return out
}
