package app_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

type stateBody struct {
	Code         string `json:"code"`
	Status       int    `json:"status"`
	StepName     string `json:"step_name"`
	AssigneeName string `json:"assignee_name"`
}

// TestOfficerAPI runs a complete dossier through officers of the right roles over HTTP,
// shows each refusal, and the supervisors' audit trail and chain check.
func TestOfficerAPI(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	spec := loadSpec(t, a.URL())
	as := func(t *testing.T, username string) client {
		c := newClient(t, a.URL()).login(username, demo.Password)
		c.spec = spec
		return c
	}
	citizen := as(t, "congdan")
	var eduID int64
	noErr(t, a.Store.DB().Get(&eduID, `SELECT id FROM procedures WHERE code = '1.004496'`))
	code := citizen.submit(eduID)
	citizen.waitLogged(code)
	act := func(c client, action string, body map[string]any, out any) int {
		c.t.Helper()
		if body == nil {
			body = map[string]any{}
		}
		return c.postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+action, body, out)
	}

	t.Run("CompleteDossier", func(t *testing.T) {
		motcua, lanhdao, chuyenvien := as(t, "motcua"), as(t, "lanhdao"), as(t, "chuyenvien")
		var inbox struct {
			Items []struct {
				Code *string `json:"code"`
				SLA  string  `json:"sla"`
			} `json:"items"`
		}
		if st := motcua.do(http.MethodGet, "/api/v1/officer/inbox", "", nil, &inbox); st != 200 || len(inbox.Items) != 1 || *inbox.Items[0].Code != code {
			t.Fatalf("reception inbox: %d %+v", st, inbox)
		}
		var s stateBody
		if st := act(motcua, "receive", nil, &s); st != 200 || s.Status != 2 {
			t.Fatalf("receive: %d %+v", st, s)
		}
		var e apiError
		expectError(t, "a second receive", act(motcua, "receive", nil, &e), e, 409, "decision_refused")
		if !strings.Contains(e.Error.Message, "Tiếp nhận") {
			t.Errorf("the refusal does not give the workflow's reason: %q", e.Error.Message)
		}
		if st := act(motcua, "transfer", nil, &s); st != 200 || s.Status != 4 {
			t.Fatalf("transfer: %d %+v", st, s)
		}
		if st := lanhdao.do(http.MethodGet, "/api/v1/officer/inbox", "", nil, &inbox); st != 200 || len(inbox.Items) != 1 || inbox.Items[0].SLA != "due_soon" { // an 8-hour step
			t.Fatalf("leader inbox: %d %+v", st, inbox)
		}
		specialistID := staffID(t, as(t, "quantri"), "chuyenvien")
		if st := act(lanhdao, "transfer", map[string]any{"to_officer_id": specialistID, "note": "Đề nghị thẩm định"}, &s); st != 200 || s.AssigneeName != "Lê Minh Đức" {
			t.Fatalf("transfer to a specialist: %d %+v", st, s)
		}
		if st := act(chuyenvien, "transfer", map[string]any{"note": "Đủ điều kiện"}, &s); st != 200 {
			t.Fatalf("specialist transfer: %d", st)
		}
		if st := lanhdao.postJSON("/api/v1/officer/dossiers/"+code+"/claim", nil, &s); st != 200 || s.AssigneeName != "Trần Quốc Hùng" {
			t.Fatalf("claim: %d %+v", st, s)
		}
		var result struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
			Kind string `json:"kind"`
		}
		if st := lanhdao.uploadTo("/api/v1/officer/dossiers/"+code+"/files", nil, "QD-55-SGDDT.pdf", samplePDF, &result); st != 201 || result.Kind != "result" {
			t.Fatalf("result upload: %d %+v", st, result)
		}
		if st := act(lanhdao, "finish", map[string]any{"result_ref": result.Name}, &s); st != 200 || s.Status != 9 {
			t.Fatalf("finish: %d %+v", st, s)
		}
		e = apiError{}
		expectError(t, "delivery without who received it", act(motcua, "deliver", map[string]any{"method": "desk"}, &e), e, 422, "invalid_decision")
		if st := act(motcua, "deliver", map[string]any{"method": "desk", "received_by": "Nguyễn Văn An"}, &s); st != 200 || s.Status != 10 {
			t.Fatalf("deliver: %d %+v", st, s)
		}
		if resp, err := citizen.http.Get(fmt.Sprintf("%s/api/v1/dossiers/%s/files/%d", a.URL(), code, result.ID)); err != nil || resp.StatusCode != 200 {
			t.Fatalf("the citizen downloads the result: %v %v", resp, err)
		} else {
			resp.Body.Close()
		}
		// The slips, for the owner and for the officers.
		for _, c := range []client{citizen.with(t), motcua} {
			for _, kind := range []string{"receipt", "log", "delivery"} {
				resp, err := c.http.Get(a.URL() + "/api/v1/dossiers/" + code + "/slips/" + kind + ".pdf")
				if err != nil || resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
					t.Fatalf("slip %s: %v %v", kind, resp, err)
				}
				pdf, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
					t.Fatalf("slip %s is not a PDF", kind)
				}
			}
		}
		var e2 apiError
		expectError(t, "a refusal slip for a delivered dossier", motcua.do(http.MethodGet, "/api/v1/dossiers/"+code+"/slips/refusal.pdf", "", nil, &e2), e2, 404, "slip_not_available")
	})

	t.Run("Refusals", func(t *testing.T) {
		code2 := citizen.with(t).submit(eduID)
		citizen.with(t).waitLogged(code2)
		act2 := func(c client, action string, body map[string]any, out any) int {
			return c.postJSON("/api/v1/officer/dossiers/"+code2+"/actions/"+action, body, out)
		}
		var e apiError
		expectError(t, "a specialist of another agency", act2(as(t, "tnmt.chuyenvien"), "receive", nil, &e), e, 403, "not_handling_agency")
		e = apiError{}
		expectError(t, "a supervisor deciding", act2(as(t, "giamsat"), "receive", map[string]any{}, &e), e, 403, "decision_forbidden")
		e = apiError{}
		expectError(t, "a decision the state does not allow", act2(as(t, "motcua"), "finish", map[string]any{"result_ref": "x"}, &e), e, 409, "decision_refused")
		e = apiError{}
		expectError(t, "a citizen deciding", act2(citizen.with(t), "receive", map[string]any{}, &e), e, 403, "staff_only")
		e = apiError{}
		expectError(t, "an unknown action", act2(as(t, "motcua"), "teleport", map[string]any{}, &e), e, 404, "unknown_action")

		// A disabled officer's session ends at once.
		vanthu := as(t, "vanthu")
		admin := as(t, "quantri")
		id := staffID(t, admin, "vanthu")
		if st := admin.do(http.MethodPut, fmt.Sprint("/api/v1/admin/staff/", id), "application/json", mustJSON(map[string]any{"roles": []string{"clerk"}, "disabled": true}), nil); st != 200 {
			t.Fatalf("disable: %d", st)
		}
		e = apiError{}
		expectError(t, "a disabled account", vanthu.do(http.MethodGet, "/api/v1/officer/inbox", "", nil, &e), e, 401, "login_required")
		e = apiError{}
		expectError(t, "a disabled account logging in", newClient(t, a.URL()).postJSON("/api/v1/auth/login",
			map[string]string{"username": "vanthu", "password": demo.Password}, &e), e, 401, "invalid_credentials")
		e = apiError{}
		expectError(t, "admin pages for a leader", as(t, "lanhdao").do(http.MethodGet, "/api/v1/admin/staff", "", nil, &e), e, 403, "staff_only")
	})

	t.Run("CreateStaffAndReassign", func(t *testing.T) {
		admin, lanhdao, motcua := as(t, "quantri"), as(t, "lanhdao"), as(t, "motcua")
		var agency int64
		noErr(t, a.Store.DB().Get(&agency, `SELECT id FROM agencies WHERE code = '000.00.03.H03'`))
		var created struct {
			ID int64 `json:"id"`
		}
		if st := admin.postJSON("/api/v1/admin/staff", map[string]any{"username": "chuyenvien2", "password": "tamthoi2026",
			"full_name": "Bế Văn Khánh", "agency_id": agency, "roles": []string{"specialist"}}, &created); st != 201 {
			t.Fatalf("create staff: %d", st)
		}
		var e apiError
		expectError(t, "an unknown role", admin.postJSON("/api/v1/admin/staff", map[string]any{"username": "x123", "password": "tamthoi2026",
			"full_name": "X", "agency_id": agency, "roles": []string{"king"}}, &e), e, 422, "invalid_staff")
		code3 := citizen.with(t).submit(eduID)
		citizen.with(t).waitLogged(code3)
		specialist := staffID(t, admin, "chuyenvien")
		for _, step := range []struct {
			c    client
			name string
			body map[string]any
		}{{motcua, "receive", nil}, {motcua, "transfer", nil}, {lanhdao, "transfer", map[string]any{"to_officer_id": specialist}}} {
			if st := step.c.postJSON("/api/v1/officer/dossiers/"+code3+"/actions/"+step.name, step.body, nil); st != 200 {
				t.Fatalf("%s: %d", step.name, st)
			}
		}
		var moved struct {
			Moved []string `json:"moved"`
		}
		if st := lanhdao.postJSON("/api/v1/officer/reassign", map[string]any{"from_officer_id": specialist, "to_officer_id": created.ID}, &moved); st != 200 ||
			len(moved.Moved) != 1 || moved.Moved[0] != code3 {
			t.Fatalf("reassign: %d %+v", st, moved)
		}
		newcomer := newClient(t, a.URL()).login("chuyenvien2", "tamthoi2026")
		var inbox struct {
			Items []struct {
				Code  *string `json:"code"`
				Phone string  `json:"phone"`
			} `json:"items"`
		}
		if st := newcomer.do(http.MethodGet, "/api/v1/officer/inbox", "", nil, &inbox); st != 200 || len(inbox.Items) != 1 || *inbox.Items[0].Code != code3 {
			t.Fatalf("the new assignee's inbox: %d %+v", st, inbox)
		}
		if inbox.Items[0].Phone != "" {
			t.Fatal("the worklist shows the citizen's contact data without logging the read")
		}
	})

	t.Run("CatalogueAdmin", func(t *testing.T) {
		admin := as(t, "quantri")
		var cat map[string]any
		if st := admin.do(http.MethodGet, "/api/v1/admin/catalogue", "", nil, &cat); st != 200 || len(cat["procedures"].([]any)) == 0 {
			t.Fatalf("export: %d", st)
		}
		var sum struct {
			Unchanged int `json:"procedures_unchanged"`
		}
		if st := admin.postJSON("/api/v1/admin/catalogue", cat, &sum); st != 200 || sum.Unchanged != len(cat["procedures"].([]any)) {
			t.Fatalf("re-import: %d %+v", st, sum)
		}
		cat["fields"] = append(cat["fields"].([]any), map[string]any{"code": "", "name": ""})
		var e apiError
		expectError(t, "a broken catalogue", admin.postJSON("/api/v1/admin/catalogue", cat, &e), e, 422, "catalogue_invalid")
		if len(e.Error.Fields) < 2 {
			t.Errorf("problems: %v", e.Error.Fields)
		}
	})

	t.Run("Statistics", func(t *testing.T) {
		sup := as(t, "giamsat")
		var st struct {
			Items []struct {
				GroupName     string   `json:"group_name"`
				Received      int      `json:"received"`
				ResolvedEarly int      `json:"resolved_early"`
				OnTimePercent *float64 `json:"on_time_percent"`
			} `json:"items"`
		}
		if code := sup.do(http.MethodGet, "/api/v1/stats?group_by=agency", "", nil, &st); code != 200 || len(st.Items) != 1 ||
			st.Items[0].GroupName != "Sở Giáo dục và Đào tạo" || st.Items[0].Received != 2 || st.Items[0].ResolvedEarly != 1 {
			t.Fatalf("stats: %d %+v", code, st)
		}
		resp, err := sup.http.Get(a.URL() + "/api/v1/stats?format=csv")
		if err != nil || resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
			t.Fatalf("stats csv: %v %v", resp, err)
		}
		resp.Body.Close()
		var pub struct {
			Items []struct {
				Agency string `json:"agency"`
			} `json:"items"`
		}
		if code := newClient(t, a.URL()).do(http.MethodGet, "/api/v1/stats/public", "", nil, &pub); code != 200 || len(pub.Items) != 1 {
			t.Fatalf("public stats: %d %+v", code, pub)
		}
		var e apiError
		expectError(t, "stats for a specialist", as(t, "chuyenvien").do(http.MethodGet, "/api/v1/stats", "", nil, &e), e, 403, "staff_only")
		e = apiError{}
		expectError(t, "a backwards period", sup.do(http.MethodGet, "/api/v1/stats?from=2026-12-01&to=2026-11-01", "", nil, &e), e, 400, "invalid_query")
	})

	t.Run("AuditTrailAndCheck", func(t *testing.T) {
		sup := as(t, "giamsat")
		var trail struct {
			ChainValid bool `json:"chain_valid"`
			Events     []struct {
				Action string `json:"action"`
			} `json:"events"`
			Reads []struct {
				Username string `json:"username"`
			} `json:"personal_data_reads"`
		}
		as(t, "motcua").do(http.MethodGet, "/api/v1/officer/dossiers/"+code, "", nil, nil) // a logged read
		if st := sup.do(http.MethodGet, "/api/v1/audit/dossiers/"+code, "", nil, &trail); st != 200 || !trail.ChainValid || len(trail.Events) != 8 {
			t.Fatalf("trail: %d %+v", st, trail)
		}
		if len(trail.Reads) == 0 || trail.Reads[0].Username != "motcua" {
			t.Fatalf("personal data reads: %+v", trail.Reads)
		}
		var page struct {
			Total int `json:"total"`
		}
		if st := sup.do(http.MethodGet, "/api/v1/audit/events?action=receive&from="+time.Now().Format("2006-01-02"), "", nil, &page); st != 200 || page.Total != 2 {
			t.Fatalf("event search: %d %+v", st, page)
		}
		resp, err := sup.http.Get(a.URL() + "/api/v1/audit/events?format=csv&actor=Trần")
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("csv: %v %v", resp, err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
		if err != nil || len(rows) < 3 || rows[0][0] != "ma_ho_so" || !strings.Contains(rows[1][5], "Trần Quốc Hùng") {
			t.Fatalf("csv rows: %v %v", rows, err)
		}
		var check struct {
			Checked int  `json:"checked"`
			Valid   bool `json:"valid"`
			Breaks  []struct {
				Code string `json:"code"`
				Seq  int    `json:"seq"`
			} `json:"breaks"`
		}
		if st := sup.do(http.MethodGet, "/api/v1/audit/check", "", nil, &check); st != 200 || !check.Valid || check.Checked < 2 {
			t.Fatalf("check: %d %+v", st, check)
		}
		// Someone with database access alters a row behind the application's back.
		_, err = a.Store.DB().Exec(`ALTER TABLE dossier_events DISABLE TRIGGER dossier_events_append_only;
			UPDATE dossier_events SET note = 'đã sửa' WHERE seq = 3 AND dossier_id = (SELECT id FROM dossiers WHERE code = '` + code + `');
			ALTER TABLE dossier_events ENABLE TRIGGER dossier_events_append_only;`)
		if err != nil {
			t.Fatal(err)
		}
		if st := sup.do(http.MethodGet, "/api/v1/audit/check", "", nil, &check); st != 200 || check.Valid || len(check.Breaks) != 1 ||
			check.Breaks[0].Code != code || check.Breaks[0].Seq != 3 {
			t.Fatalf("check after tampering: %d %+v", st, check)
		}
		var e apiError
		expectError(t, "audit for an officer", as(t, "motcua").do(http.MethodGet, "/api/v1/audit/check", "", nil, &e), e, 403, "staff_only")
	})
}

// staffID finds an officer's account id through the admin's staff list.
func staffID(t *testing.T, admin client, username string) int64 {
	t.Helper()
	var list struct {
		Items []struct {
			ID       int64  `json:"id"`
			Username string `json:"username"`
		} `json:"items"`
	}
	if st := admin.do(http.MethodGet, "/api/v1/admin/staff", "", nil, &list); st != http.StatusOK {
		t.Fatalf("staff list: %d", st)
	}
	for _, it := range list.Items {
		if it.Username == username {
			return it.ID
		}
	}
	t.Fatalf("no officer %s", username)
	return 0
}
