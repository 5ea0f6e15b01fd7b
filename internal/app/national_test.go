package app_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/ops/verify"
	"github.com/dvc-project/dvc/internal/testing/apptest"
)

// nationalConfig is the test stack connected to the development stand-ins of the national
// portal and its OpenID provider, with a quick sender and puller.
func nationalConfig(dir string) config.Config {
	cfg := apptest.Config(dir)
	cfg.National.DevStandIn = true
	cfg.National.Sender.Every = 100 * time.Millisecond
	cfg.National.Sender.BaseDelay = 100 * time.Millisecond
	cfg.National.Sender.MaxDelay = time.Second
	cfg.National.Pull.Every = time.Second
	return cfg
}

// nationalDossier waits until the dossier the portal knows as national is in dvc and
// returns it.
func nationalDossier(t *testing.T, a *app.App, national string) domain.Dossier {
	t.Helper()
	var d domain.Dossier
	waitFor(t, "dossier "+national+" in dvc", func() bool {
		var id int64
		if err := a.Store.DB().Get(&id, `SELECT id FROM dossiers WHERE national_code = $1`, national); err != nil {
			return false
		}
		var err error
		d, err = a.Store.DossierByID(context.Background(), id)
		return err == nil && d.HolderAgencyID != nil && d.Status == domain.StatusNew // its submission is logged
	})
	return d
}

// expectPortal waits until the stand-in holds, for the dossier whose MaHoSo is national,
// exactly the progress of dvc's log (the rows the portal follows, in order, with their
// status codes) and the snapshots of the same statuses, nothing refused or out of order.
func expectPortal(t *testing.T, a *app.App, portal *standin.Server, d domain.Dossier, national string) {
	t.Helper()
	var want []string
	var got standin.State
	done := false
	defer func() {
		if !done { // waitFor gave up: show what the outbox and the portal hold
			rows, _ := a.Store.NationalOutbox(context.Background(), "", 50)
			for _, r := range rows {
				t.Logf("outbox %d %s seq %d %s %s attempts %d: %s", r.ID, r.Code, r.LogSeq, r.Service, r.State, r.Attempts, r.LastError)
			}
			t.Logf("want %q\ngot %+v", want, got.Received[national])
		}
	}()
	waitFor(t, "the portal to follow "+national, func() bool {
		events, err := a.Store.Events(context.Background(), d.ID)
		if err != nil {
			return false
		}
		want = want[:0]
		for _, e := range events {
			if p, ok, _ := nationalportal.ProgressMessage(national, e); ok {
				want = append(want, p.At+" "+p.Status+" "+p.Content)
			}
		}
		got = portal.State()
		r := got.Received[national]
		return r != nil && slices.Equal(progressOf(r), want) && slices.Equal(statusesOf(r), distinctStatuses(want))
	})
	for i, s := range got.Received[national].Snapshots {
		if s.Updating != (i > 0) {
			t.Errorf("snapshot %d (status %s) sent with isUpdating %v", i, s.Status, s.Updating)
		}
	}
	if len(got.Violations) > 0 {
		t.Errorf("the portal saw violations: %v", got.Violations)
	}
	for _, ref := range got.Refusals {
		if !ref.Fault {
			t.Errorf("the portal refused a message: %+v", ref)
		}
	}
	done = true
}

// statusesOf lists the statuses of the snapshots the portal received, in order,
// consecutive repeats once (the stand-in also counts an identical snapshot again as a
// delivery of the same one).
func statusesOf(r *standin.Received) []string {
	out := []string{}
	for _, s := range r.Snapshots {
		if len(out) == 0 || out[len(out)-1] != s.Status {
			out = append(out, s.Status)
		}
	}
	return out
}

// distinctStatuses is the statuses of progress rows ("at status content"), consecutive
// repeats once.
func distinctStatuses(rows []string) []string {
	out := []string{}
	for _, row := range rows {
		if st := strings.Fields(row)[1]; len(out) == 0 || out[len(out)-1] != st {
			out = append(out, st)
		}
	}
	return out
}

func progressOf(r *standin.Received) []string {
	out := []string{}
	for _, p := range r.Progress {
		out = append(out, p.At+" "+p.Status+" "+p.Content)
	}
	return out
}

// TestNationalPortal: dossiers submitted on the national portal (pulled with
// acknowledgement, and pushed) become dvc dossiers once, waiting at the desk; they are
// received and processed in dvc, and the portal receives every status and log row in
// order; a walk-in dossier is sent too; dvc verify --national is clean.
func TestNationalPortal(t *testing.T) {
	a := start(t, nationalConfig(dataDir(t)))
	defer a.Close()
	portal := a.NationalStandIn()
	if portal == nil {
		t.Fatal("no stand-in")
	}
	ctx := context.Background()
	sub := standin.Submission{ProcedureCode: "1.004496", Owner: "Trần Thị Bích Ngọc", IDNumber: "008199000222",
		TechID: "a1f3c9e2-0002-4d6b-9c1e-000000000002", Phone: "0900000222", Summary: "Xin cấp phép hoạt động giáo dục",
		Files: []standin.File{{Name: "don-de-nghi.pdf", Content: samplePDF}}}
	sub.Delivery = "pull"
	pulled, err := portal.Submit(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	sub.Delivery = "push"
	pushed, err := portal.Submit(ctx, sub)
	if err != nil {
		t.Fatal(err)
	}
	dPull, dPush := nationalDossier(t, a, pulled), nationalDossier(t, a, pushed)
	waitFor(t, "the pull's acknowledgement", func() bool {
		for _, s := range portal.State().Sent {
			if s.Code == pulled {
				return s.Acked
			}
		}
		return false
	})
	files, err := a.Store.Files(ctx, dPull.ID)
	if err != nil || len(files) != 1 || files[0].Name != "don-de-nghi.pdf" {
		t.Fatalf("the pulled dossier's files: %v %+v", err, files)
	}
	motcua := newClient(t, a.URL()).login("motcua", demo.Password)
	var inbox struct {
		Items []struct {
			Code *string `json:"code"`
		} `json:"items"`
	}
	if st := motcua.do(http.MethodGet, "/api/v1/officer/inbox", "", nil, &inbox); st != 200 || len(inbox.Items) != 2 {
		t.Fatalf("reception inbox: %d %+v", st, inbox)
	}
	processToDelivery(t, a, *dPull.Code)
	expectPortal(t, a, portal, dPull, pulled)
	expectPortal(t, a, portal, dPush, pushed)
	if err := portalPushAgain(portal, pushed); err != nil {
		t.Fatal(err)
	}
	if n := countDossiers(t, a); n != 2 {
		t.Fatalf("%d dossiers after the portal pushed one again, want 2", n)
	}
	r, err := verify.National(ctx, a.Store, "")
	if err != nil || len(r.Problems) != 0 || r.Dossiers != 2 {
		t.Fatalf("verify --national: %v %+v", err, r)
	}
	t.Run("CatalogueSync", func(t *testing.T) { catalogueSync(t, a) })
}

// catalogueSync: the differences with the national catalogue are shown before anything
// changes, and applying applies what was shown, not a catalogue changed meanwhile.
func catalogueSync(t *testing.T, a *app.App) {
	admin := newClient(t, a.URL()).login("quantri", demo.Password)
	admin.spec = loadSpec(t, a.URL())
	if _, err := a.Store.DB().Exec(`UPDATE agencies SET name = 'Sở Giáo dục (tên cũ)' WHERE code = '000.00.03.H03'`); err != nil {
		t.Fatal(err)
	}
	var sync struct {
		Diffs []struct {
			Kind    string
			Changes []struct {
				Op       string
				National struct{ NationalCode, Name string }
			}
		} `json:"diffs"`
		Digest string `json:"digest"`
	}
	if st := admin.do(http.MethodGet, "/api/v1/admin/national/catalogue", "", nil, &sync); st != 200 || len(sync.Diffs) != 3 {
		t.Fatalf("catalogue: %d %+v", st, sync)
	}
	ops := []string{}
	for _, d := range sync.Diffs {
		for _, c := range d.Changes {
			ops = append(ops, d.Kind+" "+c.Op+" "+c.National.NationalCode)
		}
	}
	if want := []string{"agency change 000.00.03.H03", "procedure add " + standin.ExtraProcedureCode}; !slices.Equal(ops, want) {
		t.Fatalf("differences %v, want %v", ops, want)
	}
	var name string
	if err := a.Store.DB().Get(&name, `SELECT name FROM agencies WHERE code = '000.00.03.H03'`); err != nil {
		t.Fatal(err)
	}
	if name != "Sở Giáo dục (tên cũ)" {
		t.Fatal("showing the differences changed the catalogue")
	}
	var e apiError
	expectError(t, "a stale digest", admin.postJSON("/api/v1/admin/national/catalogue", map[string]string{"digest": "x"}, &e), e, 409, "catalogue_changed")
	var applied struct {
		Applied int `json:"applied"`
	}
	if st := admin.postJSON("/api/v1/admin/national/catalogue", map[string]string{"digest": sync.Digest}, &applied); st != 200 || applied.Applied != 1 {
		t.Fatalf("apply: %d %+v", st, applied)
	}
	if err := a.Store.DB().Get(&name, `SELECT name FROM agencies WHERE code = '000.00.03.H03'`); err != nil {
		t.Fatal(err)
	}
	if name != "Sở Giáo dục và Đào tạo" {
		t.Fatalf("after applying, the agency is %q", name)
	}
	if st := admin.do(http.MethodPut, "/api/v1/admin/national/mapping", "application/json",
		mustJSON(map[string]string{"kind": "procedure", "local_code": "1.004496", "national_code": "1.004496.000.00.00.H03"}), nil); st != 204 {
		t.Fatalf("mapping: %d", st)
	}
	page := admin.browser(t).get("/can-bo/quan-tri/lien-thong/danh-muc")
	page.has(t, "Đồng bộ danh mục với Cổng DVC quốc gia", "Mới trên Cổng quốc gia", "1.004496")
}

// portalPushAgain has the stand-in push a dossier to dvc once more.
func portalPushAgain(portal *standin.Server, code string) error {
	resp, err := http.Post(portal.URL()+"/control/push/"+code, "application/json", nil)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode >= 300 {
		return fmt.Errorf("push again: %d", resp.StatusCode)
	}
	return nil
}

// processToDelivery takes a dossier waiting at the desk through receipt, the route and
// delivery, as the demo officers of Sở Giáo dục và Đào tạo.
func processToDelivery(t *testing.T, a *app.App, code string) {
	t.Helper()
	as := func(username string) client { return newClient(t, a.URL()).login(username, demo.Password) }
	motcua, lanhdao, chuyenvien := as("motcua"), as("lanhdao"), as("chuyenvien")
	act := func(c client, action string, body map[string]any) {
		t.Helper()
		if body == nil {
			body = map[string]any{}
		}
		var e apiError
		if st := c.postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+action, body, &e); st != 200 {
			t.Fatalf("%s: %d %+v", action, st, e)
		}
	}
	act(motcua, "receive", nil)
	act(motcua, "transfer", nil)
	act(lanhdao, "transfer", map[string]any{"to_officer_id": staffID(t, as("quantri"), "chuyenvien")})
	act(chuyenvien, "transfer", map[string]any{"note": "Đủ điều kiện"})
	if st := lanhdao.postJSON("/api/v1/officer/dossiers/"+code+"/claim", nil, nil); st != 200 {
		t.Fatalf("claim: %d", st)
	}
	var result struct {
		Name string `json:"name"`
	}
	if st := lanhdao.uploadTo("/api/v1/officer/dossiers/"+code+"/files", nil, "QD-12-SGDDT.pdf", samplePDF, &result); st != 201 {
		t.Fatalf("result: %d", st)
	}
	act(lanhdao, "finish", map[string]any{"result_ref": result.Name})
	act(motcua, "deliver", map[string]any{"method": "post", "tracking_number": "RR000111222VN"})
}
