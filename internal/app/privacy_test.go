package app_test

import (
	"html"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// The applicant's personal data in the privacy test, and a private person who collects
// the result at the desk: none may reach an anonymous caller of the public lookup.
const (
	privName, privID, privPhone, privEmail = "Nguyễn Văn An", "001203004567", "0912345678", "an@example.vn"
	privStreet, privCollector              = "Trường Chinh", "Trần Thị Bình"
)

// publicView reads the public lookup of dossiers as an anonymous visitor.
type publicView struct {
	t testing.TB
	a *app.App
}

// get answers path's status and body (HTML entities decoded).
func (v publicView) get(path string) (int, string) {
	v.t.Helper()
	resp, err := http.Get(v.a.URL() + path)
	if err != nil {
		v.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, html.UnescapeString(string(body))
}

// hides checks, once the dossier's last log row is action, that the JSON lookup by code
// and by ID number and the lookup page name none of the applicant's data nor the
// collector.
func (v publicView) hides(code, action string) {
	v.t.Helper()
	syncLookupCache(v.t, v.a)
	var l lookup
	if st := newClient(v.t, v.a.URL()).do(http.MethodGet, "/api/v1/lookup?code="+code, "", nil, &l); st != 200 ||
		len(l.Events) == 0 || l.Events[len(l.Events)-1].Action != action {
		v.t.Fatalf("lookup of %s after %s: %d %+v", code, action, st, l)
	}
	for _, path := range []string{"/api/v1/lookup?code=" + code, "/api/v1/lookup?id_number=" + privID, "/tra-cuu?code=" + code} {
		st, body := v.get(path)
		if st != 200 || !strings.Contains(body, code) {
			v.t.Fatalf("%s after %s: %d", path, action, st)
		}
		for _, secret := range []string{privName, privID, privPhone, privEmail, privStreet, privCollector} {
			if strings.Contains(body, secret) {
				v.t.Errorf("%s after %s shows %q to an anonymous caller", path, action, secret)
			}
		}
	}
}

// TestAnonymousLookupHidesPeople walks every decision of a dossier's life, the officers'
// over the officers' API and the citizen's as the citizen sends them (the owner signed
// in, or anyone with the update code), and after each one reads the public lookup as an
// anonymous visitor: the applicant and the person who collects the result are masked in
// every row, the officers are named.
func TestAnonymousLookupHidesPeople(t *testing.T) {
	cfg := devConfig(dataDir(t))
	cfg.HTTP.LookupLimit = 1_000_000
	a := start(t, cfg)
	defer a.Close()
	pub := publicView{t: t, a: a}
	as := func(username string) client { return newClient(t, a.URL()).login(username, demo.Password) }
	citizen, motcua, lanhdao, chuyenvien := as("congdan"), as("motcua"), as("lanhdao"), as("chuyenvien")
	officerID := func(username string) int64 { return staffID(t, as("quantri"), username) }
	submit := func(procedureCode string) (string, string) {
		var id int64
		if err := a.Store.DB().Get(&id, `SELECT id FROM procedures WHERE code = $1`, procedureCode); err != nil {
			t.Fatal(err)
		}
		var sent struct {
			dossier
			UpdateCode string `json:"update_code"`
		}
		draft := citizen.draftWith(id, map[string]any{"address": "Số 12 đường " + privStreet + ", phường Đức Xuân, Bắc Kạn"})
		if st := citizen.submitDraft(draft, &sent); st != 201 || sent.Code == nil {
			t.Fatalf("submit: %d %+v", st, sent)
		}
		citizen.waitLogged(*sent.Code)
		pub.hides(*sent.Code, "submitted")
		return *sent.Code, sent.UpdateCode
	}
	var code string
	step := func(c client, path, logged string, body map[string]any) {
		t.Helper()
		var e apiError
		if st := c.postJSON(strings.ReplaceAll(path, "{code}", code), body, &e); st != 200 {
			t.Fatalf("%s → %s: %d %+v", path, logged, st, e)
		}
		pub.hides(code, logged)
	}
	act := func(c client, action string, body map[string]any) {
		t.Helper()
		step(c, "/api/v1/officer/dossiers/{code}/actions/"+action, action, body)
	}
	claim := func(c client) { t.Helper(); step(c, "/api/v1/officer/dossiers/{code}/claim", "claim", nil) }

	code, updateCode := submit("1.004496")
	act(motcua, "receive", nil)
	act(motcua, "transfer", nil)
	claim(lanhdao)
	act(lanhdao, "transfer", map[string]any{"to_officer_id": officerID("chuyenvien")})
	act(chuyenvien, "request_supplement", map[string]any{"components": []string{"Quyết định thành lập trường"}})
	step(newClient(t, a.URL()), "/api/v1/dossiers/{code}/supplement", "supplement", map[string]any{"update_code": updateCode, "note": "Đã bổ sung"})
	step(chuyenvien, "/api/v1/officer/dossiers/{code}/actions/transfer", "transfer_back", map[string]any{"back": true})
	step(lanhdao, "/api/v1/officer/dossiers/{code}/assign", "claim", map[string]any{"officer_id": officerID("lanhdao")}) // to oneself: a claim
	act(lanhdao, "transfer", map[string]any{"to_officer_id": officerID("chuyenvien")})
	act(lanhdao, "extend", map[string]any{"new_due_at": pub.dueAt(code).Add(10 * 24 * time.Hour), "note": "Chờ ý kiến liên ngành"})
	act(chuyenvien, "transfer", nil)
	claim(lanhdao)
	act(lanhdao, "finish", map[string]any{"result_ref": "QĐ-12/SGDĐT"})
	act(motcua, "deliver", map[string]any{"method": "desk", "received_by": privCollector + " (ủy quyền của " + privName + ", CCCD " + privID + ")"})
	if _, page := pub.get("/tra-cuu?code=" + code); !strings.Contains(page, "Hoàng Thị Thu") || !strings.Contains(page, "Lê Minh Đức") || !strings.Contains(page, "N. V. An") {
		t.Error("the public log no longer names the officers, or no longer shows the masked applicant")
	}

	// The fee: asked for and confirmed on a procedure that has one (1.004496 is free of fees).
	code, _ = submit("2.001914")
	act(motcua, "receive", nil)
	act(motcua, "transfer", map[string]any{"to_officer_id": officerID("chuyenvien")})
	act(chuyenvien, "request_payment", map[string]any{"amount_vnd": 20000})
	act(motcua, "confirm_payment", nil)

	code, _ = submit("1.004496")
	step(citizen, "/api/v1/dossiers/{code}/withdraw", "withdraw", map[string]any{"note": "Nộp nhầm, " + privPhone})
	code, _ = submit("1.004496")
	act(motcua, "refuse", map[string]any{"reasons": []string{"Không thuộc thẩm quyền"}})
	code, _ = submit("1.004496")
	act(motcua, "receive", nil)
	act(motcua, "transfer", nil)
	act(lanhdao, "stop", map[string]any{"reasons": []string{"Công dân đề nghị dừng"}})

	desk, spec, branch := as("tnmt.motcua"), as("tnmt.chuyenvien"), as("vpdk.canbo")
	code, _ = submit("1.003003")
	act(desk, "receive", nil)
	act(desk, "transfer", nil)
	act(spec, "transfer_interagency", nil)
	act(branch, "receive_interagency", nil)
	act(branch, "return_interagency", map[string]any{"result_ref": "Đã đăng ký"})
	act(as("tnmt.lanhdao"), "finish", map[string]any{"result_ref": "GCN-1"})
	act(desk, "deliver", map[string]any{"method": "post", "tracking_number": "EB123456789VN"})
}

// dueAt is the dossier's appointment date as the store holds it.
func (v publicView) dueAt(code string) time.Time {
	v.t.Helper()
	var due time.Time
	if err := v.a.Store.DB().Get(&due, `SELECT due_at FROM dossiers WHERE code = $1`, code); err != nil {
		v.t.Fatal(err)
	}
	return due
}
