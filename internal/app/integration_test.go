package app_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	apiclient "github.com/dvc-project/dvc/internal/client"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
)

// clientName is the machine client the end-to-end test registers.
const clientName = "Hệ thống quản lý văn bản điều hành"

// registered is the admin's answer to a client registration.
type registered struct {
	Client struct {
		ID        int64  `json:"id"`
		ClientID  string `json:"client_id"`
		AccountID int64  `json:"account_id"`
	} `json:"client"`
	Secret string `json:"client_secret"`
}

// machineAPI is the typed client as another system uses it, every answer checked
// against the OpenAPI document.
func machineAPI(t *testing.T, a *app.App, spec *specChecker) *apiclient.ClientWithResponses {
	api, err := apiclient.NewClientWithResponses(a.URL()+"/api/v1",
		apiclient.WithHTTPClient(&http.Client{Transport: specTransport{t: t, spec: spec}, Timeout: time.Minute}))
	if err != nil {
		t.Fatal(err)
	}
	return api
}

// token gets a bearer token for the client with secret (scope: all of its scopes when
// empty) and returns it with the status.
func token(t *testing.T, api *apiclient.ClientWithResponses, clientID, secret, scope string) (string, int) {
	t.Helper()
	body := apiclient.TokenFormdataRequestBody{GrantType: "client_credentials"}
	if scope != "" {
		body.Scope = &scope
	}
	resp, err := api.TokenWithFormdataBodyWithResponse(context.Background(), body, apiclient.WithBasicAuth(clientID, secret))
	if err != nil {
		t.Fatal(err)
	}
	if resp.JSON200 == nil {
		return "", resp.StatusCode()
	}
	return resp.JSON200.AccessToken, resp.StatusCode()
}

// register has the admin register a machine client.
func register(t *testing.T, admin client, body map[string]any) registered {
	t.Helper()
	var r registered
	if st := admin.postJSON("/api/v1/admin/clients", body, &r); st != http.StatusCreated || r.Secret == "" {
		t.Fatalf("register client: %d %+v", st, r)
	}
	return r
}

// TestMachineClients: an administrator registers another system; it gets a token, reads
// and decides on a dossier of its agency, is refused outside its scope and once revoked,
// and receives the signed webhooks of the dossier's whole lifecycle in order, also after
// its receiver was down for a while.
func TestMachineClients(t *testing.T) {
	cfg := devConfig(dataDir(t))
	cfg.Webhooks.Poll, cfg.Webhooks.MaxBackoff = 50*time.Millisecond, time.Second
	a := start(t, cfg)
	defer a.Close()
	spec := loadSpec(t, a.URL())
	as := func(username string) client {
		c := newClient(t, a.URL()).login(username, demo.Password)
		c.spec = spec
		return c
	}
	admin, citizen := as("quantri"), as("congdan")
	var eduID, eduAgency, otherID int64
	db := a.Store.DB()
	if err := db.Get(&eduID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	_ = db.Get(&eduAgency, `SELECT agency_id FROM procedures WHERE id = $1`, eduID)
	_ = db.Get(&otherID, `SELECT id FROM procedures WHERE agency_id <> $1 AND active ORDER BY id LIMIT 1`, eduAgency)
	reg := register(t, admin, map[string]any{"name": clientName, "agency_id": eduAgency, "roles": []string{"reception"},
		"scopes": []string{domain.ScopeDossiersRead, domain.ScopeDecisionsWrite, domain.ScopeWebhooksManage}})
	api := machineAPI(t, a, spec)
	ctx := context.Background()
	tok, st := token(t, api, reg.Client.ClientID, reg.Secret, "")
	if st != http.StatusOK || tok == "" {
		t.Fatalf("token: %d", st)
	}
	bearer := apiclient.WithBearer(tok)
	t.Run("TokenRefusals", func(t *testing.T) {
		if _, st := token(t, api, reg.Client.ClientID, "wrong", ""); st != http.StatusUnauthorized {
			t.Errorf("wrong secret: %d, want 401", st)
		}
		if _, st := token(t, api, reg.Client.ClientID, reg.Secret, domain.ScopeStatsRead); st != http.StatusBadRequest {
			t.Errorf("a scope not granted: %d, want 400", st)
		}
	})

	r := newReceiver(t)
	sub, err := api.SubscribeWithResponse(ctx, apiclient.WebhookSubscriptionInput{Url: r.URL(), Events: allEvents()}, bearer)
	if err != nil || sub.JSON201 == nil {
		t.Fatalf("subscribe: %v %s", err, sub.Body)
	}
	r.setSecret(sub.JSON201.Secret)

	code := citizen.submit(eduID)
	citizen.waitLogged(code)
	t.Run("ReadWithinScope", func(t *testing.T) {
		resp, err := api.OfficerDossierWithResponse(ctx, code, bearer)
		if err != nil || resp.JSON200 == nil || resp.JSON200.Dossier.Code == nil || *resp.JSON200.Dossier.Code != code {
			t.Fatalf("read: %v %d %s", err, resp.StatusCode(), resp.Body)
		}
	})
	scopeAndActor(t, a, api, bearer, citizen, reg, code, otherID)
	machine := func(action string, d apiclient.Decision) {
		t.Helper()
		resp, err := api.DecideWithResponse(ctx, code, apiclient.DecideParamsAction(action), d, bearer)
		if err != nil || resp.JSON200 == nil {
			t.Fatalf("%s by the client: %v %d %s", action, err, resp.StatusCode(), resp.Body)
		}
	}
	driveToDelivery(t, as, r, code, machine)
	checkOrder(t, a, r, code)
	checkForgeries(t, sub.JSON201.Secret, r.events(code)[0])
	replayAndRevoke(t, admin, api, r, reg, code)
}

// scopeAndActor: the client is refused a dossier of another agency and an operation
// outside its scopes, and its decision is logged with it as the actor.
func scopeAndActor(t *testing.T, a *app.App, api *apiclient.ClientWithResponses, bearer apiclient.RequestEditorFn,
	citizen client, reg registered, code string, otherID int64) {
	ctx, db := context.Background(), a.Store.DB()
	t.Run("RefusedOutsideScope", func(t *testing.T) {
		other := citizen.submit(otherID)
		citizen.waitLogged(other)
		resp, _ := api.OfficerDossierWithResponse(ctx, other, bearer)
		if resp.StatusCode() != http.StatusForbidden || resp.JSON403 == nil || resp.JSON403.Error.Code != "not_handling_agency" {
			t.Errorf("a dossier of another agency: %d %s", resp.StatusCode(), resp.Body)
		}
		stats, _ := api.StatsWithResponse(ctx, nil, bearer)
		if stats.StatusCode() != http.StatusForbidden || stats.JSON403 == nil || stats.JSON403.Error.Code != "insufficient_scope" {
			t.Errorf("an operation outside its scopes: %d %s", stats.StatusCode(), stats.Body)
		}
	})
	t.Run("DecisionLoggedAsTheClient", func(t *testing.T) {
		resp, err := api.DecideWithResponse(ctx, code, "receive", apiclient.Decision{}, bearer)
		if err != nil || resp.JSON200 == nil || resp.JSON200.Status != 2 {
			t.Fatalf("receive: %v %d %s", err, resp.StatusCode(), resp.Body)
		}
		var actor struct {
			ID   int64  `db:"actor_id"`
			Name string `db:"actor_name"`
		}
		if err := db.Get(&actor, `SELECT actor_id, actor_name FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
			WHERE d.code = $1 AND e.action = 'receive'`, code); err != nil || actor.ID != reg.Client.AccountID || actor.Name != clientName {
			t.Fatalf("the receipt is logged as %+v (%v), want the client's account %d %q", actor, err, reg.Client.AccountID, clientName)
		}
	})
}

func allEvents() []apiclient.WebhookSubscriptionInputEvents {
	var out []apiclient.WebhookSubscriptionInputEvents
	for _, e := range domain.WebhookEventTypes {
		out = append(out, apiclient.WebhookSubscriptionInputEvents(e))
	}
	return out
}

// driveToDelivery takes the dossier from receipt to delivery, the client at the desk and
// the officers inside, with the receiver down for the middle of it until the sender has
// retried at least twice.
func driveToDelivery(t *testing.T, as func(string) client, r *receiver, code string, machine func(string, apiclient.Decision)) {
	r.waitFor(code, domain.EventReceived, 1)
	lanhdao, chuyenvien, admin := as("lanhdao"), as("chuyenvien"), as("quantri")
	act := func(c client, action string, body map[string]any) {
		t.Helper()
		if body == nil {
			body = map[string]any{}
		}
		if st := c.postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+action, body, nil); st != http.StatusOK {
			t.Fatalf("%s: %d", action, st)
		}
	}
	r.stop()
	machine("transfer", apiclient.Decision{})
	act(lanhdao, "transfer", map[string]any{"to_officer_id": staffID(t, admin, "chuyenvien")})
	act(chuyenvien, "transfer", map[string]any{"note": "Đủ điều kiện"})
	running, _ := runningStack(t, lanhdao.base)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var attempts int
		_ = running.Store.DB().Get(&attempts, `SELECT coalesce(max(w.attempts), 0) FROM webhook_deliveries w
			JOIN dossiers d ON d.id = w.dossier_id WHERE d.code = $1 AND w.delivered_at IS NULL`, code)
		if attempts >= 2 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sender did not retry while the receiver was down (attempts %d)", attempts)
		}
		time.Sleep(50 * time.Millisecond)
	}
	r.start()
	if st := lanhdao.postJSON("/api/v1/officer/dossiers/"+code+"/claim", nil, nil); st != http.StatusOK {
		t.Fatalf("claim: %d", st)
	}
	act(lanhdao, "finish", map[string]any{"result_ref": "QD-" + code + ".pdf"})
	method, by := apiclient.DecisionMethod("desk"), "Nguyễn Văn An"
	machine("deliver", apiclient.Decision{Method: &method, ReceivedBy: &by})
	r.waitFor(code, domain.EventDelivered, 1)
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) { // the status change after it
		var pending int
		_ = running.Store.DB().Get(&pending, `SELECT count(*) FROM webhook_deliveries w JOIN dossiers d ON d.id = w.dossier_id
			WHERE d.code = $1 AND w.delivered_at IS NULL`, code)
		if pending == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d deliveries still pending", pending)
		}
	}
}

// runningStack is the started stack serving base.
func runningStack(t *testing.T, base string) (*app.App, bool) {
	v, ok := running.Load(base)
	if !ok {
		t.Fatalf("no running stack at %s", base)
	}
	return v.(*app.App), ok
}

// checkOrder: the receiver got every event of the dossier exactly once, in the order of
// its log, each one the outbox holds as delivered.
func checkOrder(t *testing.T, a *app.App, r *receiver, code string) {
	t.Helper()
	got := r.events(code)
	var want []string
	if err := a.Store.DB().Select(&want, `SELECT w.event_id FROM webhook_deliveries w JOIN dossiers d ON d.id = w.dossier_id
		WHERE d.code = $1 AND w.delivered_at IS NOT NULL ORDER BY w.seq, w.id`, code); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, len(got))
	for i, e := range got {
		ids[i] = e.ID
		if i > 0 && e.Seq < got[i-1].Seq {
			t.Errorf("event %s (row %d) arrived after row %d", e.ID, e.Seq, got[i-1].Seq)
		}
	}
	if fmt.Sprint(ids) != fmt.Sprint(want) {
		t.Errorf("received %v, want the outbox's %v", ids, want)
	}
	types := map[string]int{}
	for _, e := range got {
		types[e.Type]++
	}
	for _, typ := range []string{domain.EventSubmitted, domain.EventReceived, domain.EventResultReady, domain.EventDelivered} {
		if types[typ] != 1 {
			t.Errorf("%d %s events, want 1 (%v)", types[typ], typ, types)
		}
	}
	var changes int
	if err := a.Store.DB().Get(&changes, `SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
		JOIN dossier_events p ON p.dossier_id = e.dossier_id AND p.seq = e.seq - 1 WHERE d.code = $1 AND p.status <> e.status`, code); err != nil {
		t.Fatal(err)
	}
	if types[domain.EventStatusChanged] != changes || changes < 3 {
		var log []string
		_ = a.Store.DB().Select(&log, `SELECT e.seq || ' ' || e.action || ' ' || e.status FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
			WHERE d.code = $1 ORDER BY e.seq`, code)
		t.Errorf("%d status_changed events, want one per change of status in the log (%d): log %v, received %v", types[domain.EventStatusChanged], changes, log, ids)
	}
	if len(r.bad) > 0 {
		t.Errorf("deliveries that failed the signature check: %v", r.bad)
	}
}

// replayAndRevoke: the admin sees the deliveries and replays one (the receiver gets the
// same event id again, to drop as a duplicate), then rotateRevokeLimit.
func replayAndRevoke(t *testing.T, admin client, api *apiclient.ClientWithResponses, r *receiver, reg registered, code string) {
	var list struct {
		Items []struct {
			ID          int64      `json:"id"`
			EventID     string     `json:"event_id"`
			DeliveredAt *time.Time `json:"delivered_at"`
		} `json:"items"`
	}
	if st := admin.do(http.MethodGet, fmt.Sprintf("/api/v1/admin/webhooks/deliveries?client=%d&state=delivered", reg.Client.ID), "", nil, &list); st != 200 || len(list.Items) < 7 {
		t.Fatalf("deliveries: %d, %d items", st, len(list.Items))
	}
	first := list.Items[len(list.Items)-1]
	if st := admin.postJSON(fmt.Sprintf("/api/v1/admin/webhooks/deliveries/%d/replay", first.ID), nil, nil); st != http.StatusAccepted {
		t.Fatalf("replay: %d", st)
	}
	r.waitFor(code, r.events(code)[0].Type, 2)
	if again := r.events(code); again[len(again)-1].ID != first.EventID {
		t.Errorf("the replay came as %s, want the same event id %s", again[len(again)-1].ID, first.EventID)
	}
	rotateRevokeLimit(t, admin, api, reg, code)
}

// rotateRevokeLimit: a rotation keeps the old secret for its grace; a revoked client is
// refused at once; a client over its rate gets 429.
func rotateRevokeLimit(t *testing.T, admin client, api *apiclient.ClientWithResponses, reg registered, code string) {

	var rotated registered
	if st := admin.postJSON(fmt.Sprintf("/api/v1/admin/clients/%d/secret", reg.Client.ID), map[string]any{"grace_seconds": 3600}, &rotated); st != 200 {
		t.Fatalf("rotate: %d", st)
	}
	for _, secret := range []string{reg.Secret, rotated.Secret} {
		if _, st := token(t, api, reg.Client.ClientID, secret, ""); st != http.StatusOK {
			t.Errorf("during the rotation's grace a secret gets %d", st)
		}
	}
	tok, _ := token(t, api, reg.Client.ClientID, rotated.Secret, "")
	if st := admin.postJSON(fmt.Sprintf("/api/v1/admin/clients/%d/revoke", reg.Client.ID), nil, nil); st != http.StatusOK {
		t.Fatalf("revoke: %d", st)
	}
	resp, _ := api.OfficerDossierWithResponse(context.Background(), code, apiclient.WithBearer(tok))
	if resp.StatusCode() != http.StatusUnauthorized || resp.JSON401 == nil || resp.JSON401.Error.Code != "invalid_token" {
		t.Errorf("a revoked client's token: %d %s", resp.StatusCode(), resp.Body)
	}
	if _, st := token(t, api, reg.Client.ClientID, rotated.Secret, ""); st != http.StatusUnauthorized {
		t.Errorf("a revoked client asking for a token: %d", st)
	}

	slow := register(t, admin, map[string]any{"name": "Màn hình thống kê", "rate_limit": 2, "scopes": []string{domain.ScopeStatsRead}})
	stok, _ := token(t, api, slow.Client.ClientID, slow.Secret, "")
	var last int
	for range 3 {
		resp, _ := api.StatsWithResponse(context.Background(), nil, apiclient.WithBearer(stok))
		last = resp.StatusCode()
	}
	if last != http.StatusTooManyRequests {
		t.Errorf("the third request a minute of a client limited to 2: %d, want 429", last)
	}
}
