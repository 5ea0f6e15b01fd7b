package app_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/ops/verify"
)

// TestNationalPortalFaults: while desk dossiers are registered and sent on, the portal
// is down (every call answered 503), then refuses a message, then answers slowly (past
// the adapter's timeout, after processing), then processes and loses its answers (so the
// same message comes again). Nothing is lost, duplicated or reordered on the portal: each
// dossier's progress there is its log, in order; the refused message waits, parked with
// the portal's reason, until the administrator sends it again; dvc verify --national is
// clean afterwards.
func TestNationalPortalFaults(t *testing.T) {
	cfg := nationalConfig(dataDir(t))
	cfg.National.Timeout = time.Second
	a := start(t, cfg)
	defer a.Close()
	f := &portalFaults{a: a, portal: a.NationalStandIn(), motcua: newClient(t, a.URL()).login("motcua", demo.Password),
		admin: newClient(t, a.URL()).login("quantri", demo.Password)}
	if err := a.Store.DB().Get(&f.procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	if st := f.motcua.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", f.procID), "", nil, &f.p); st != 200 {
		t.Fatalf("procedure: %d", st)
	}
	t.Run("Down", f.down)
	t.Run("Refuses", f.refuses)
	t.Run("SlowAndTwice", f.slowAndTwice)
	for _, code := range f.codes { // a desk dossier's MaHoSo is its code
		d, err := a.Store.DossierByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		expectPortal(t, a, f.portal, d, code)
	}
	r, err := verify.National(context.Background(), a.Store, "")
	if err != nil || len(r.Problems) != 0 || r.Dossiers != len(f.codes) {
		t.Fatalf("verify --national: %v %+v", err, r)
	}
}

// portalFaults is the state TestNationalPortalFaults's phases share.
type portalFaults struct {
	a             *app.App
	portal        *standin.Server
	motcua, admin client
	procID        int64
	p             procedureDetail
	codes         []string
}

// work registers n walk-ins, each received at once and sent on for processing.
func (f *portalFaults) work(t *testing.T, n int) {
	t.Helper()
	for range n {
		var in intakeAnswer
		if st := f.motcua.with(t).postJSON("/api/v1/officer/intake", intakeBody(f.p, f.procID, "direct", "036090001234", false), &in); st != 201 {
			t.Fatalf("intake: %d", st)
		}
		if st := f.motcua.with(t).postJSON("/api/v1/officer/dossiers/"+in.Code+"/actions/transfer", map[string]any{}, nil); st != 200 {
			t.Fatalf("transfer %s: %d", in.Code, st)
		}
		f.codes = append(f.codes, in.Code)
	}
}

// down: every call answered 503 while dossiers change; nothing arrives, then all does.
func (f *portalFaults) down(t *testing.T) {
	f.portal.SetFault(standin.Fault{Mode: standin.FaultFail, Scope: standin.ScopeAll})
	f.work(t, 3)
	waitFor(t, "failed attempts", func() bool { return outboxAttempts(t, f.a) >= 3 })
	if n := len(f.portal.State().Received); n != 0 {
		t.Fatalf("a down portal received %d dossiers", n)
	}
	f.portal.SetFault(standin.Fault{})
	waitSynced(t, f.a)
}

// refuses: a refused message is parked with the portal's reason until sent again.
func (f *portalFaults) refuses(t *testing.T) {
	f.portal.SetFault(standin.Fault{Mode: standin.FaultRefuse, Message: "Mã TTHC tạm khoá", Count: 2}) // the first with a new session too
	f.work(t, 1)
	var parked struct {
		Items []struct {
			ID        int64  `json:"id"`
			LastError string `json:"last_error"`
		} `json:"items"`
	}
	admin := f.admin.with(t)
	waitFor(t, "a parked message", func() bool {
		return admin.do(http.MethodGet, "/api/v1/admin/national/outbox?state=parked", "", nil, &parked) == 200 && len(parked.Items) == 1
	})
	if got := parked.Items[0].LastError; got != "Mã TTHC tạm khoá" {
		t.Fatalf("parked with reason %q", got)
	}
	if st := admin.postJSON(fmt.Sprintf("/api/v1/admin/national/outbox/%d/requeue", parked.Items[0].ID), nil, nil); st != 204 {
		t.Fatalf("requeue: %d", st)
	}
	waitSynced(t, f.a)
}

// slowAndTwice: answers past the adapter's timeout, then answers lost after processing.
func (f *portalFaults) slowAndTwice(t *testing.T) {
	f.portal.SetFault(standin.Fault{Mode: standin.FaultDelay, Delay: 3 * time.Second, Count: 3})
	f.work(t, 2)
	waitSynced(t, f.a)
	f.portal.SetFault(standin.Fault{Mode: standin.FaultDuplicate, Count: 4})
	f.work(t, 2)
	waitSynced(t, f.a)
	st, n := f.portal.State(), len(f.codes)
	if st.Received[f.codes[n-1]].Duplicates == 0 && st.Received[f.codes[n-2]].Duplicates == 0 {
		t.Error("the duplicate fault sent nothing twice")
	}
}

// outboxAttempts sums the failed attempts of the pending messages.
func outboxAttempts(t *testing.T, a *app.App) int {
	t.Helper()
	var n int
	if err := a.Store.DB().Get(&n, `SELECT COALESCE(sum(attempts), 0) FROM national_outbox WHERE state = 'pending'`); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitSynced waits until every message of the outbox is sent (none pending or parked).
func waitSynced(t *testing.T, a *app.App) {
	t.Helper()
	waitFor(t, "the outbox to drain", func() bool {
		var open int
		err := a.Store.DB().Get(&open, `SELECT count(*) FROM national_outbox WHERE state IN ('pending', 'parked')`)
		return err == nil && open == 0
	})
}
