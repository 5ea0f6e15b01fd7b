package app_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	sdkclient "go.temporal.io/sdk/client"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/ops/verify"
	"github.com/dvc-project/dvc/internal/testing/apptest"
	"github.com/dvc-project/dvc/workflows"
)

// decideWithKey posts an officer decision with an Idempotency-Key.
func (c client) decideWithKey(code, action, key string, body map[string]any, out any) int {
	c.t.Helper()
	if body == nil {
		body = map[string]any{}
	}
	req, _ := http.NewRequest(http.MethodPost, c.base+"/api/v1/officer/dossiers/"+code+"/actions/"+action,
		strings.NewReader(string(mustJSON(body))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	return c.send(req, out)
}

// TestVerifyAndIdempotentDecisions checks that a retried decision (same Idempotency-Key)
// is applied once and answered like the first, that `dvc verify`'s checker finds a clean
// stack clean, and that it reports each inconsistency injected behind the system's back:
// a log row deleted, a projection column altered, a submitted dossier whose workflow never
// started (reconciler off), and a workflow without a dossier.
func TestVerifyAndIdempotentDecisions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a := apptest.Start(t, devConfig(dataDir(t)), app.Parts{API: true, Worker: true, NoReconciler: true})
	defer a.Close()
	running.Store(a.URL(), a)
	defer running.Delete(a.URL())
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	motcua := newClient(t, a.URL()).login("motcua", demo.Password)
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	codes := make([]string, 3)
	for i := range codes {
		codes[i] = citizen.submit(procID)
		citizen.waitLogged(codes[i])
	}

	// The same decision sent twice with one key: both answered 200 with the same state,
	// applied once. A second key is a second decision, refused by the workflow.
	for attempt := range 2 {
		var s stateBody
		if st := motcua.decideWithKey(codes[0], "receive", "receive-1", nil, &s); st != 200 || s.Status != 2 {
			t.Fatalf("receive attempt %d: %d %+v", attempt+1, st, s)
		}
	}
	var e apiError
	expectError(t, "receive with another key", motcua.decideWithKey(codes[0], "receive", "receive-2", nil, &e), e, 409, "decision_refused")
	// A refusal closes the workflow; its retry still gets the first answer.
	for attempt := range 2 {
		var s stateBody
		if st := motcua.decideWithKey(codes[1], "refuse", "refuse-1", map[string]any{"reasons": []string{"Sai thủ tục"}}, &s); st != 200 || s.Status != 3 {
			t.Fatalf("refuse attempt %d: %d %+v", attempt+1, st, s)
		}
	}
	for _, code := range codes[:2] {
		var actions []string
		if err := a.Store.DB().Select(&actions, `SELECT e.action FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
			WHERE d.code = $1 ORDER BY e.seq`, code); err != nil {
			t.Fatal(err)
		}
		if len(actions) != 2 || actions[0] != domain.ActionSubmitted {
			t.Errorf("%s log %v: want the submission and one decision", code, actions)
		}
	}

	chk := &verify.Checker{Store: a.Store, Client: a.Temporal, Namespace: a.Config.Temporal.Namespace, Attempts: 1}
	r, err := chk.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Problems) > 0 || r.Dossiers != 3 || r.Workflows != 3 {
		t.Fatalf("clean stack: %d dossiers, %d workflows, problems %v", r.Dossiers, r.Workflows, r.Problems)
	}

	// Inject: delete the submission row of codes[0] (bypassing the append-only trigger),
	// alter codes[2]'s projection and codes[1]'s log summary, submit a dossier without
	// starting its workflow, and start a workflow for a code no dossier has.
	db := a.Store.DB()
	tx := db.MustBegin()
	tx.MustExec(`SET LOCAL session_replication_role = replica`)
	tx.MustExec(`DELETE FROM notifications WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1) AND seq = 1`, codes[0])
	tx.MustExec(`DELETE FROM dossier_events WHERE dossier_id = (SELECT id FROM dossiers WHERE code = $1) AND seq = 1`, codes[0])
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	db.MustExec(`UPDATE dossiers SET assignee_name = 'Người lạ' WHERE code = $1`, codes[2])
	db.MustExec(`UPDATE dossiers SET log_closed_by = 'withdraw' WHERE code = $1`, codes[1]) // the statistics' summary
	unstarted, _, err := a.Store.SubmitWith(ctx, citizen.draft(procID), time.Now(), domain.SubmitOptions{Key: "no-workflow"})
	if err != nil {
		t.Fatal(err)
	}
	orphan := "000.00.03.H03-990101-0001"
	if _, err := a.Temporal.ExecuteWorkflow(ctx, sdkclient.StartWorkflowOptions{ID: orphan, TaskQueue: a.Config.Temporal.TaskQueue},
		workflows.DossierWorkflow, workflows.DossierInput{DossierID: 1 << 40, Code: orphan}); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = a.Temporal.TerminateWorkflow(context.Background(), orphan, "", "test over") }()

	r, err = chk.All(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Problems {
		got = append(got, p.Code+" "+p.Kind)
		t.Log(p)
	}
	want := []string{
		codes[0] + " " + verify.Log,        // row 1 missing
		codes[0] + " " + verify.Chain,      // the chain breaks at row 2
		codes[2] + " " + verify.Projection, // assignee_name
		codes[1] + " " + verify.Summary,    // a refusal summarised as a withdrawal
		*unstarted.Code + " " + verify.WorkflowMissing,
		orphan + " " + verify.OrphanWorkflow,
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("verify did not report %q; it reported %v", w, got)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			t.Errorf("verify reported %q, not injected", g)
		}
	}
	for _, p := range r.Problems {
		if p.Kind == verify.Projection && !strings.Contains(p.Detail, "assignee_name") {
			t.Errorf("projection difference names the wrong column: %s", p)
		}
	}
	// One dossier alone.
	ps, err := chk.Dossier(ctx, codes[2])
	if err != nil || len(ps) != 1 {
		t.Errorf("verify of %s alone: %v %v", codes[2], ps, err)
	}
}
