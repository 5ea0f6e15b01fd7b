package app_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/ops/loadgen"
)

// intakeAnswer is the answer of POST /api/v1/officer/intake.
type intakeAnswer struct {
	Code              string  `json:"code"`
	Status            int     `json:"status"`
	Channel           string  `json:"channel"`
	TrackingNumber    string  `json:"tracking_number"`
	UpdateCode        string  `json:"update_code"`
	PendingComponents []int64 `json:"pending_components"`
	ReceiptURL        string  `json:"receipt_url"`
}

// intakeBody is a complete desk registration for procedure p: every required component on
// paper unless scanLater, the declaration filled in.
func intakeBody(p procedureDetail, procedureID int64, channel, idNumber string, scanLater bool) map[string]any {
	paper := []int64{}
	for _, c := range p.Components {
		if c.Required && !scanLater {
			paper = append(paper, c.ID)
		}
	}
	body := map[string]any{"procedure_id": procedureID, "channel": channel, "paper_components": paper,
		"applicant": map[string]any{"name": "Lý Thị Hoa", "id_number": idNumber, "phone": "0987001122",
			"email": "hoa@example.vn", "address": "Tổ 5, phường Đức Xuân"},
		"form_data": loadgen.SampleForm(p.FormFields, "Nội dung kê khai tại quầy")}
	if channel == "post" {
		body["tracking_number"] = "EB123456789VN"
	}
	return body
}

// TestDeskIntake: a reception officer registers a walk-in and a postal dossier through the
// JSON API: each is received at once (status 2, its code, its receipt slip), logged as
// handed in then received by the officer, and counted by form 06 as in person and by
// post; scans follow as uploads; a missing field is named; the refusal and guidance
// slips are drawn without a dossier; only the desk may do it.
func TestDeskIntake(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	f := &desk{a: a, spec: loadSpec(t, a.URL())}
	if err := a.Store.DB().Get(&f.procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	f.motcua = f.as(t, "motcua")
	if st := f.motcua.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", f.procID), "", nil, &f.p); st != 200 {
		t.Fatalf("procedure: %d", st)
	}
	for _, step := range []struct {
		name string
		run  func(*testing.T)
	}{{"WalkIn", f.registerWalkIn}, {"PostalWithScansLater", f.postalWithScansLater}, {"Idempotent", f.idempotent},
		{"MissingFields", f.missingFields}, {"PersonAndCounterSlips", f.personAndCounterSlips}, {"DeskPage", f.deskPage},
		{"Form06", f.form06}} {
		if !t.Run(step.name, step.run) {
			return
		}
	}
}

// desk is TestDeskIntake's stack and the state its steps share.
type desk struct {
	a      *app.App
	spec   *specChecker
	motcua client
	procID int64
	p      procedureDetail
	walkIn intakeAnswer
}

func (f *desk) as(t *testing.T, username string) client {
	c := newClient(t, f.a.URL()).login(username, demo.Password)
	c.spec = f.spec
	return c
}

// registerWalkIn: a walk-in is received at once, logged as handed in then received, and its receipt prints.
func (f *desk) registerWalkIn(t *testing.T) {
	c := f.motcua.with(t)
	if st := c.postJSON("/api/v1/officer/intake", intakeBody(f.p, f.procID, "direct", "036090001234", false), &f.walkIn); st != 201 {
		t.Fatalf("intake: %d %+v", st, f.walkIn)
	}
	if f.walkIn.Status != 2 || f.walkIn.Channel != "direct" || !strings.HasPrefix(f.walkIn.Code, "000.00.03.H03-") || f.walkIn.UpdateCode == "" {
		t.Fatalf("walk-in: %+v", f.walkIn)
	}
	expectLog(t, f.a, f.walkIn.Code, domain.ActionSubmittedDesk, domain.ActionReceived)
	resp, err := c.http.Get(f.a.URL() + f.walkIn.ReceiptURL)
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("receipt slip: %d", resp.StatusCode)
	}
}

// postalWithScansLater: a postal dossier keeps its tracking number; its scans follow as uploads, by the desk only.
func (f *desk) postalWithScansLater(t *testing.T) {
	c := f.motcua.with(t)
	var post intakeAnswer
	body := intakeBody(f.p, f.procID, "post", "036090005678", true)
	if st := c.postJSON("/api/v1/officer/intake", body, &post); st != 201 || post.Status != 2 || post.TrackingNumber != "EB123456789VN" {
		t.Fatalf("postal intake: %d %+v", st, post)
	}
	if len(post.PendingComponents) == 0 {
		t.Fatalf("no pending scans: %+v", post)
	}
	events := expectLog(t, f.a, post.Code, domain.ActionSubmittedPost, domain.ActionReceived)
	if !strings.Contains(events[0].Note, "EB123456789VN") {
		t.Errorf("the log does not keep the tracking number: %+v", events[0])
	}
	for _, id := range post.PendingComponents {
		if st := c.uploadTo("/api/v1/officer/intake/"+post.Code+"/files", map[string]string{"component_id": fmt.Sprint(id)},
			"ban-quet.pdf", samplePDF, nil); st != 201 {
			t.Fatalf("scan upload: %d", st)
		}
	}
	var e apiError
	expectError(t, "a specialist's scan", f.as(t, "chuyenvien").uploadTo("/api/v1/officer/intake/"+post.Code+"/files",
		map[string]string{"component_id": fmt.Sprint(post.PendingComponents[0])}, "x.pdf", samplePDF, &e), e, 403, "staff_only")
}

// idempotent: the same registration sent twice with its key is one dossier.
func (f *desk) idempotent(t *testing.T) {
	c := f.motcua.with(t)
	body := mustJSON(intakeBody(f.p, f.procID, "direct", "036090009999", false))
	var first, again intakeAnswer
	for i, out := range []*intakeAnswer{&first, &again} {
		req, _ := http.NewRequest(http.MethodPost, f.a.URL()+"/api/v1/officer/intake", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Idempotency-Key", "quay-1-lan-1")
		if st := c.send(req, out); st != []int{201, 200}[i] {
			t.Fatalf("attempt %d: %d", i+1, st)
		}
	}
	if first.Code != again.Code {
		t.Fatalf("a retry registered another dossier: %s, %s", first.Code, again.Code)
	}
}

// missingFields: each missing field is named in a 422; a citizen and another agency's desk are refused.
func (f *desk) missingFields(t *testing.T) {
	c := f.motcua.with(t)
	for field, edit := range map[string]func(map[string]any){
		"applicant.id_number": func(b map[string]any) { delete(b["applicant"].(map[string]any), "id_number") },
		"applicant.name":      func(b map[string]any) { delete(b["applicant"].(map[string]any), "name") },
		"channel":             func(b map[string]any) { delete(b, "channel") },
		"tracking_number":     func(b map[string]any) { b["channel"] = "post"; delete(b, "tracking_number") },
		"procedure_id":        func(b map[string]any) { delete(b, "procedure_id") },
	} {
		body := intakeBody(f.p, f.procID, "direct", "036090001111", false)
		edit(body)
		var e apiError
		st := c.postJSON("/api/v1/officer/intake", body, &e)
		if st != 422 || e.Error.Code != "invalid_intake" || e.Error.Fields[field] == "" {
			t.Errorf("without %s: %d %+v", field, st, e.Error)
		}
	}
	var e apiError
	expectError(t, "a citizen's intake", f.as(t, "congdan").postJSON("/api/v1/officer/intake",
		intakeBody(f.p, f.procID, "direct", "036090001111", false), &e), e, 403, "staff_only")
	e = apiError{}
	expectError(t, "another agency's desk", f.as(t, "tnmt.motcua").postJSON("/api/v1/officer/intake",
		intakeBody(f.p, f.procID, "direct", "036090001111", false), &e), e, 403, "not_handling_agency")
}

// personAndCounterSlips: the desk finds the person's earlier dossier; the refusal slip is drawn without a dossier.
func (f *desk) personAndCounterSlips(t *testing.T) {
	c := f.motcua.with(t)
	var person struct {
		Dossiers []dossier `json:"dossiers"`
		Prefill  struct {
			Name string `json:"name"`
		} `json:"prefill"`
	}
	if st := c.do(http.MethodGet, "/api/v1/officer/intake/person?id_number=036090001234", "", nil, &person); st != 200 ||
		len(person.Dossiers) != 1 || *person.Dossiers[0].Code != f.walkIn.Code || person.Prefill.Name != "Lý Thị Hoa" {
		t.Fatalf("person: %d %+v", st, person)
	}
	notice := map[string]any{"procedure_id": f.procID, "applicant": map[string]any{"name": "Lý Thị Hoa"},
		"reasons": []string{"Thủ tục không thuộc thẩm quyền của Sở"}}
	body := mustJSON(notice)
	resp, err := c.http.Do(jsonRequest(t, c, f.a.URL()+"/api/v1/officer/intake/slips/refusal", body))
	if err != nil {
		t.Fatal(err)
	}
	pdf, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("refusal slip: %d", resp.StatusCode)
	}
	var e apiError
	expectError(t, "guidance without components", c.postJSON("/api/v1/officer/intake/slips/supplement", notice, &e), e, 422, "invalid_notice")
	if n := countDossiers(t, f.a); n != 3 {
		t.Errorf("%d dossiers, want the 3 registered (slips create none)", n)
	}
}

// deskPage: the desk's page registers a postal dossier, naming the missing tracking number first.
func (f *desk) deskPage(t *testing.T) {
	b := f.motcua.with(t).browser(t)
	page := b.get(fmt.Sprintf("/can-bo/tiep-nhan?so_giay_to=036090001234&thu_tuc=%d", f.procID))
	if page.Status != 200 {
		t.Fatalf("desk page: %d", page.Status)
	}
	page.has(t, "Lý Thị Hoa", f.walkIn.Code, "bản giấy, đã kiểm tra", "Phiếu từ chối tiếp nhận (mẫu 03)")
	form := url.Values{"procedure_id": {fmt.Sprint(f.procID)}, "channel": {"post"}, "name": {"Lý Thị Hoa"},
		"id_number": {"036090001234"}, "phone": {"0987001122"}, "idempotency_key": {"trang-quay-1"}}
	for k, v := range loadgen.SampleForm(f.p.FormFields, "Kê khai tại quầy") {
		form.Set("form_data."+k, v)
	}
	required := []string{}
	for _, c := range f.p.Components {
		if c.Required {
			required = append(required, fmt.Sprint(c.ID))
		}
	}
	bad := b.postFile(page, "/can-bo/tiep-nhan", form, "file_"+required[0], "ban-quet.pdf", samplePDF)
	if bad.Status != 422 {
		t.Fatalf("postal intake without its tracking number: %d", bad.Status)
	}
	bad.has(t, "Nhập số hiệu bưu gửi")
	form.Set("tracking_number", "RR987654321VN")
	form["paper"] = required[1:]
	done := b.postFile(bad, "/can-bo/tiep-nhan", form, "file_"+required[0], "ban-quet.pdf", samplePDF)
	if done.Status != 200 || !strings.HasPrefix(done.URL, "/can-bo/tiep-nhan/ho-so/") {
		t.Fatalf("registration: %d at %s", done.Status, done.URL)
	}
	done.has(t, "Đã tiếp nhận hồ sơ", "RR987654321VN", "In giấy tiếp nhận và hẹn trả kết quả (mẫu 01)", "Qua bưu chính")
	if n := countDossiers(t, f.a); n != 4 {
		t.Errorf("%d dossiers after the desk page, want 4", n)
	}
}

// form06: form 06 counts the desk's dossiers as in person and by post.
func (f *desk) form06(t *testing.T) {
	var stats struct {
		Items []struct {
			ReceivedDesk int `json:"received_desk"`
			ReceivedPost int `json:"received_post"`
		} `json:"items"`
	}
	agency := mustAgency(t, f.a, "000.00.03.H03")
	if st := f.as(t, "giamsat").do(http.MethodGet, fmt.Sprintf("/api/v1/stats?agency=%d", agency), "", nil, &stats); st != 200 || len(stats.Items) != 1 {
		t.Fatalf("stats: %d %+v", st, stats)
	}
	if got := stats.Items[0]; got.ReceivedDesk != 2 || got.ReceivedPost != 2 {
		t.Errorf("form 06 counts %d in person and %d by post, want 2 and 2", got.ReceivedDesk, got.ReceivedPost)
	}
}

// expectLog waits for the dossier's log to hold actions, in order, and returns it.
func expectLog(t *testing.T, a *app.App, code string, actions ...string) []domain.Event {
	t.Helper()
	var events []domain.Event
	waitFor(t, "the log of "+code, func() bool {
		d, err := a.Store.DossierByCode(context.Background(), code)
		if err != nil {
			return false
		}
		events, err = a.Store.Events(context.Background(), d.ID)
		return err == nil && len(events) >= len(actions)
	})
	for i, want := range actions {
		if events[i].Action != want {
			t.Fatalf("log of %s: row %d is %s, want %s (%+v)", code, i+1, events[i].Action, want, events)
		}
	}
	return events
}

// waitFor polls cond every 50 ms until it holds, failing the test after a minute.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// jsonRequest is a POST of body (JSON) to url with c's CSRF token.
func jsonRequest(t testing.TB, c client, url string, body []byte) *http.Request {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.csrf)
	return req
}
