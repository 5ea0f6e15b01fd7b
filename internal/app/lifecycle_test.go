package app_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"
	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/temporalproto"
	sdkclient "go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// lifecycle drives dossiers through the real worker on the embedded Temporal server.
type lifecycle struct {
	t *testing.T
	a *app.App
	c client
}

// on returns l reporting to t (a subtest).
func (l lifecycle) on(t *testing.T) lifecycle { l.t, l.c.t = t, t; return l }

func (l lifecycle) actor(username string) workflows.Actor {
	l.t.Helper()
	var row struct {
		ID       int64          `db:"id"`
		Name     string         `db:"full_name"`
		Roles    pq.StringArray `db:"roles"`
		AgencyID int64          `db:"agency_id"`
		Agency   string         `db:"agency"`
	}
	err := l.a.Store.DB().Get(&row, `SELECT a.id, a.full_name, a.roles, a.agency_id, g.name AS agency
		FROM accounts a JOIN agencies g ON g.id = a.agency_id WHERE a.username = $1`, username)
	if err != nil {
		l.t.Fatalf("account %s: %v", username, err)
	}
	return workflows.Actor{ID: row.ID, Name: row.Name, Roles: row.Roles, AgencyID: row.AgencyID, AgencyName: row.Agency}
}

// submit files a dossier for the procedure with code over HTTP and waits for its log.
func (l lifecycle) submit(procedureCode string) string {
	l.t.Helper()
	var id int64
	if err := l.a.Store.DB().Get(&id, `SELECT id FROM procedures WHERE code = $1`, procedureCode); err != nil {
		l.t.Fatal(err)
	}
	code := l.c.submit(id)
	l.c.waitLogged(code)
	return code
}

// decide sends an update and waits for its result; it returns the error type of a
// rejection ("" when accepted).
func (l lifecycle) decide(code, name string, d workflows.Decision) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	h, err := l.a.Temporal.UpdateWorkflow(ctx, sdkclient.UpdateWorkflowOptions{WorkflowID: code, UpdateName: name,
		Args: []any{d}, WaitForStage: sdkclient.WorkflowUpdateStageCompleted})
	if err == nil {
		var st workflows.State
		err = h.Get(ctx, &st)
	}
	var app *temporal.ApplicationError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &app):
		return app.Type()
	}
	l.t.Fatalf("%s on %s: %v", name, code, err)
	return ""
}

// publicLookupFollows checks that the public lookup, asked as soon as a decision has
// returned, shows the dossier as the database holds it, and then makes sure the cache
// keeps an answer for code, so that the next call proves the next decision dropped it.
func (l lifecycle) publicLookupFollows(code string) {
	l.t.Helper()
	// Between a commit and the arrival of its notification the cache may still answer the
	// previous state (internal/lookupcache says so); on a loaded machine that window is
	// not negligible. Wait for every committed change to reach the cache, then require the
	// database's state: a cache that failed to drop the entry still fails here.
	syncLookupCache(l.t, l.a)
	got := l.publicLookup(code)
	if want := l.dossier(code).Status; got.Status != int(want) || len(got.Events) != len(l.events(code)) {
		l.t.Fatalf("lookup %s right after a decision: status %d with %d log rows; the database has %d with %d",
			code, got.Status, len(got.Events), want, len(l.events(code)))
	}
	// The answer is not kept while the listener (started by the first lookup) is still
	// connecting, nor when a notification arrived during the read: wait for the listener
	// and its queue, then look up again (a few times at most: the lookup is rate-limited).
	c := l.a.LookupCache
	if c == nil {
		l.t.Fatal("no lookup cache: this check proves nothing")
	}
	for tries := 0; !c.Holds(code); tries++ {
		if tries == 3 {
			l.t.Fatalf("the lookup cache never kept %s: this check proves nothing", code)
		}
		for deadline := time.Now().Add(10 * time.Second); !c.Live(); time.Sleep(10 * time.Millisecond) {
			if time.Now().After(deadline) {
				l.t.Fatal("the lookup cache's listener did not connect in 10 s")
			}
		}
		syncLookupCache(l.t, l.a)
		l.publicLookup(code)
	}
}

func (l lifecycle) publicLookup(code string) lookup {
	l.t.Helper()
	var got lookup
	if st := l.c.do(http.MethodGet, "/api/v1/lookup?code="+code, "", nil, &got); st != http.StatusOK {
		l.t.Fatalf("lookup %s: status %d", code, st)
	}
	return got
}

func (l lifecycle) must(code, name string, d workflows.Decision) {
	l.t.Helper()
	if got := l.decide(code, name, d); got != "" {
		l.t.Fatalf("%s on %s rejected: %s", name, code, got)
	}
}

func (l lifecycle) dossier(code string) domain.Dossier {
	l.t.Helper()
	d, err := l.a.Store.DossierByCode(context.Background(), code)
	if err != nil {
		l.t.Fatal(err)
	}
	return d
}

func (l lifecycle) events(code string) []domain.Event {
	l.t.Helper()
	es, err := l.a.Store.Events(context.Background(), l.dossier(code).ID)
	if err != nil {
		l.t.Fatal(err)
	}
	if bad := domain.VerifyChain(es); bad != 0 {
		l.t.Fatalf("%s: hash chain breaks at %d", code, bad)
	}
	return es
}

// expect checks the log's actions, the projected status and the citizen's notifications.
func (l lifecycle) expect(code string, status domain.Status, wantLog []string, citizenKinds ...string) {
	l.t.Helper()
	es := l.events(code)
	got := make([]string, len(es))
	for i, e := range es {
		got[i] = e.Action
	}
	if !slices.Equal(got, wantLog) {
		l.t.Errorf("%s log %v, want %v", code, got, wantLog)
	}
	d := l.dossier(code)
	if d.Status != status {
		l.t.Errorf("%s projected status %d, want %d", code, d.Status, status)
	}
	ns, err := l.a.Store.Notifications(context.Background(), d.ID)
	if err != nil {
		l.t.Fatal(err)
	}
	var kinds []string
	for _, n := range ns {
		if n.RecipientKind == "citizen" {
			kinds = append(kinds, n.Kind)
		}
	}
	if !slices.Equal(kinds, citizenKinds) {
		l.t.Errorf("%s citizen notifications %v, want %v", code, kinds, citizenKinds)
	}
}

// finished waits for the workflow to complete and writes its history when
// DVC_WRITE_HISTORIES names a directory (for the replay tests in package workflows).
func (l lifecycle) finished(code, name string) {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var st workflows.State
	if err := l.a.Temporal.GetWorkflow(ctx, code, "").Get(ctx, &st); err != nil {
		l.t.Fatalf("%s did not complete: %v", code, err)
	}
	if s := workflowStatus(l.t, l.a, code); s != enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED {
		l.t.Fatalf("%s is %v", code, s)
	}
	l.writeHistory(code, name)
}

func (l lifecycle) writeHistory(code, name string) {
	dir := os.Getenv("DVC_WRITE_HISTORIES")
	if dir == "" {
		return
	}
	it := l.a.Temporal.GetWorkflowHistory(context.Background(), code, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	hist := &historypb.History{}
	for it.HasNext() {
		e, err := it.Next()
		if err != nil {
			l.t.Fatal(err)
		}
		hist.Events = append(hist.Events, e)
	}
	b, err := temporalproto.CustomJSONMarshalOptions{Indent: "  "}.Marshal(hist)
	if err != nil {
		l.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, name+".json"), b, 0o644); err != nil {
		l.t.Fatal(err)
	}
}

// TestLifecycleOnEmbeddedServer runs complete dossiers through the main branches on the
// real worker and server, and checks the processing log, the projection and the outbox
// in PostgreSQL.
func TestLifecycleOnEmbeddedServer(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	l := lifecycle{t: t, a: a, c: newClient(t, a.URL()).login("congdan", demo.Password)}
	motcua, lanhdao, chuyenvien := l.actor("motcua"), l.actor("lanhdao"), l.actor("chuyenvien")
	citizen := workflows.Actor{Name: "Nguyễn Văn An", Roles: []string{domain.RoleCitizen}}
	const education, land = "1.004496", "1.003003"

	t.Run("StraightThrough", func(t *testing.T) {
		l := l.on(t)
		code := l.submit(education)
		l.publicLookupFollows(code)
		if got := l.decide(code, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "desk", ReceivedBy: "An"}); got != workflows.ErrConflict {
			t.Fatalf("deliver before finish: %q", got)
		}
		if got := l.decide(code, workflows.UpdateReceive, workflows.Decision{Actor: chuyenvien}); got != workflows.ErrForbidden {
			t.Fatalf("receive by a specialist: %q", got)
		}
		l.must(code, workflows.UpdateReceive, workflows.Decision{Actor: motcua})
		l.publicLookupFollows(code)
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: motcua})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name})
		l.publicLookupFollows(code)
		d := l.dossier(code)
		if d.AssigneeID == nil || *d.AssigneeID != chuyenvien.ID || d.StepPosition != 2 || d.DueAt == nil || d.RuleVersion == nil {
			t.Fatalf("projection after assignment: %+v", d.DossierProjection)
		}
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien})
		l.must(code, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ-1/SGDĐT"})
		l.must(code, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "desk", ReceivedBy: "Nguyễn Văn An"})
		l.publicLookupFollows(code)
		l.finished(code, "straight_through")
		l.expect(code, domain.StatusDelivered,
			[]string{"submitted", "receive", "transfer", "transfer", "transfer", "finish", "deliver"},
			"submitted", "received", "result_ready", "delivered")
		// The rejected decisions never entered the history: only six updates did.
		accepted := 0
		it := a.Temporal.GetWorkflowHistory(context.Background(), code, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
		for it.HasNext() {
			e, err := it.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e.GetEventType() == enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED {
				accepted++
			}
		}
		if accepted != 6 {
			t.Fatalf("history holds %d accepted updates, want 6", accepted)
		}
	})

	t.Run("SupplementThenDeliver", func(t *testing.T) {
		l := l.on(t)
		code := l.submit(education)
		l.must(code, workflows.UpdateReceive, workflows.Decision{Actor: motcua})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: motcua})
		l.must(code, workflows.UpdateRequestSupplement, workflows.Decision{Actor: lanhdao, Components: []string{"Quyết định thành lập trường"}})
		if d := l.dossier(code); d.Status != domain.StatusSupplementRequested || d.SupplementDueAt == nil {
			t.Fatalf("projection while waiting: %d %v", d.Status, d.SupplementDueAt)
		}
		l.must(code, workflows.UpdateSupplement, workflows.Decision{Actor: citizen, Documents: []string{"quyet-dinh.pdf"}})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien})
		l.must(code, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ-2"})
		l.must(code, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "post", TrackingNumber: "EB123456789VN"})
		l.finished(code, "supplement_then_deliver")
		l.expect(code, domain.StatusDelivered,
			[]string{"submitted", "receive", "transfer", "request_supplement", "supplement", "transfer", "transfer", "finish", "deliver"},
			"submitted", "received", "supplement_requested", "result_ready", "delivered")
	})

	t.Run("Interagency", func(t *testing.T) {
		l := l.on(t)
		desk, spec, lead, branch := l.actor("tnmt.motcua"), l.actor("tnmt.chuyenvien"), l.actor("tnmt.lanhdao"), l.actor("vpdk.canbo")
		code := l.submit(land)
		l.must(code, workflows.UpdateReceive, workflows.Decision{Actor: desk})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: desk})
		l.must(code, workflows.UpdateTransferInteragency, workflows.Decision{Actor: spec})
		if d := l.dossier(code); d.HolderAgencyID == nil || *d.HolderAgencyID != branch.AgencyID {
			t.Fatalf("holder after the inter-agency transfer: %v", d.HolderAgencyID)
		}
		l.must(code, workflows.UpdateReceiveInteragency, workflows.Decision{Actor: branch})
		l.must(code, workflows.UpdateReturnInteragency, workflows.Decision{Actor: branch, ResultRef: "Đã đăng ký"})
		l.must(code, workflows.UpdateFinish, workflows.Decision{Actor: lead, ResultRef: "GCN-1"})
		l.must(code, workflows.UpdateDeliver, workflows.Decision{Actor: desk, Method: "desk", ReceivedBy: "An"})
		l.finished(code, "interagency")
		l.expect(code, domain.StatusDelivered,
			[]string{"submitted", "receive", "transfer", "transfer_interagency", "receive_interagency", "return_interagency", "finish", "deliver"},
			"submitted", "received", "result_ready", "delivered")
	})

	t.Run("Refused", func(t *testing.T) {
		l := l.on(t)
		code := l.submit(education)
		l.must(code, workflows.UpdateRefuse, workflows.Decision{Actor: motcua, Reasons: []string{"Hồ sơ không thuộc thẩm quyền"}})
		l.finished(code, "refused")
		l.expect(code, domain.StatusRefused, []string{"submitted", "refuse"}, "submitted", "refused")
	})

	t.Run("Withdrawn", func(t *testing.T) {
		l := l.on(t)
		code := l.submit(education)
		l.must(code, workflows.UpdateWithdraw, workflows.Decision{Actor: citizen, Note: "Nộp nhầm"})
		l.finished(code, "withdrawn")
		l.expect(code, domain.StatusWithdrawalRequested, []string{"submitted", "withdraw"}, "submitted")
	})

	t.Run("LateWithApology", func(t *testing.T) {
		l := l.on(t)
		code := l.submit(education)
		l.must(code, workflows.UpdateReceive, workflows.Decision{Actor: motcua})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: motcua})
		due := l.dossier(code).DueAt
		l.must(code, workflows.UpdateExtend, workflows.Decision{Actor: lanhdao, NewDueAt: due.Add(10 * 24 * time.Hour), Note: "Chờ ý kiến liên ngành"})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien})
		l.must(code, workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ-3"})
		// A processed dossier can no longer be stopped: the leader's stop is refused.
		if got := l.decide(code, workflows.UpdateStop, workflows.Decision{Actor: lanhdao, Reasons: []string{"x"}}); got != workflows.ErrConflict {
			t.Fatalf("stop of a processed dossier: %q, want %s", got, workflows.ErrConflict)
		}
		l.must(code, workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "post", TrackingNumber: "EB123456789VN"})
		l.finished(code, "late_with_apology")
		l.expect(code, domain.StatusDelivered,
			[]string{"submitted", "receive", "transfer", "extend", "transfer", "transfer", "finish", "deliver"},
			"submitted", "received", "extended", "result_ready", "delivered")
		es := l.events(code)
		if es[6].Timing != "late" || l.dossier(code).Extensions != 1 {
			t.Fatalf("finish timing %q after an apology", es[6].Timing)
		}
	})

	t.Run("Claimed", func(t *testing.T) {
		l := l.on(t)
		code := l.submit(education)
		l.must(code, workflows.UpdateReceive, workflows.Decision{Actor: motcua})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: motcua})
		l.must(code, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao}) // to the specialists' pool
		l.must(code, workflows.UpdateAssign, workflows.Decision{Actor: chuyenvien, ToOfficerID: chuyenvien.ID, ToOfficerName: chuyenvien.Name})
		if d := l.dossier(code); d.AssigneeID == nil || *d.AssigneeID != chuyenvien.ID {
			t.Fatalf("assignee after the claim: %v", d.AssigneeID)
		}
		l.must(code, workflows.UpdateStop, workflows.Decision{Actor: lanhdao, Reasons: []string{"Hồ sơ thử nghiệm"}})
		l.finished(code, "claimed")
		l.expect(code, domain.StatusStopped, []string{"submitted", "receive", "transfer", "transfer", "claim", "stop"},
			"submitted", "received", "stopped")
		if e := l.events(code)[4]; e.ActorName != chuyenvien.Name || e.Receiver != "" {
			t.Errorf("claim row: actor %q, receiver %q; want the officer and no receiver", e.ActorName, e.Receiver)
		}
		ns, err := a.Store.Notifications(context.Background(), l.dossier(code).ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range ns {
			if n.Seq != nil && *n.Seq == 5 {
				t.Errorf("the claim notified %s %v: %q", n.RecipientKind, n.AccountID, n.Body)
			}
		}
	})

	t.Run("OutboxDelivered", func(t *testing.T) {
		deadline := time.Now().Add(20 * time.Second)
		for {
			var unsent int
			if err := a.Store.DB().Get(&unsent, `SELECT count(*) FROM notifications WHERE sent_at IS NULL`); err != nil {
				t.Fatal(err)
			}
			if unsent == 0 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%d notifications still unsent", unsent)
			}
			time.Sleep(200 * time.Millisecond)
		}
		resp, err := http.Get(a.URL() + "/dev/mailbox")
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(page), "Hồ sơ đã được tiếp nhận") || !strings.Contains(string(page), "Hộp thư phát triển") {
			t.Fatalf("mailbox page: %d", resp.StatusCode)
		}
	})
}
