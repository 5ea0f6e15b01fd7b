package app_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// staffBrowser drives the HTML pages as a browser does: the session cookie from the login,
// the CSRF token read from each page's forms, redirects followed.
type staffBrowser struct {
	t    testing.TB
	base string
	http *http.Client
}

func (c client) browser(t testing.TB) staffBrowser {
	return staffBrowser{t: t, base: c.base, http: c.http}
}

// staffPage is an answered HTML page.
type staffPage struct {
	Status int
	URL    string
	Body   string
	Header http.Header
}

func (b staffBrowser) do(req *http.Request) staffPage {
	b.t.Helper()
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return staffPage{Status: resp.StatusCode, URL: resp.Request.URL.RequestURI(), Body: string(raw), Header: resp.Header}
}

func (b staffBrowser) get(path string) staffPage {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.do(req)
}

// csrf is the token in p's forms.
func (p staffPage) csrf(t testing.TB) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(p.Body)
	if m == nil {
		t.Fatalf("no csrf_token on %s", p.URL)
	}
	return m[1]
}

// post sends a form from page from (its CSRF token added) to path.
func (b staffBrowser) post(from staffPage, path string, form url.Values) staffPage {
	b.t.Helper()
	form.Set("csrf_token", from.csrf(b.t))
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.do(req)
}

// postFile sends a multipart form with one file.
func (b staffBrowser) postFile(from staffPage, path string, form url.Values, field, name string, content []byte) staffPage {
	b.t.Helper()
	form.Set("csrf_token", from.csrf(b.t))
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	fw, _ := mw.CreateFormFile(field, name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.do(req)
}

// has fails unless the page's text holds every s (HTML-escaped as the page shows it).
func (p staffPage) has(t testing.TB, ss ...string) {
	t.Helper()
	for _, s := range ss {
		if !strings.Contains(p.Body, html.EscapeString(s)) && !strings.Contains(p.Body, s) {
			t.Errorf("%s (%d) does not show %q", p.URL, p.Status, s)
		}
	}
}

var decisionButton = regexp.MustCompile(`<button [^>]*id="decision-([a-z_]+)"`)

// buttons lists the decision buttons of a dossier page, sorted.
func (p staffPage) buttons() []string {
	var out []string
	for _, m := range decisionButton.FindAllStringSubmatch(p.Body, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return out
}

func dossierStatus(t *testing.T, a *app.App, code string) (status int, assignee string) {
	t.Helper()
	if err := a.Store.DB().QueryRow(`SELECT status, assignee_name FROM dossiers WHERE code = $1`, code).Scan(&status, &assignee); err != nil {
		t.Fatal(err)
	}
	return status, assignee
}

// TestConsolePages drives the officers' console over HTTP as a staffBrowser: access rules,
// the inbox, a dossier through receive → transfer → supplement request → finish →
// deliver by its forms with exactly the allowed buttons and the refusals, the
// supervisors' audit and statistics, and the admin pages.
func TestConsolePages(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	as := func(t *testing.T, username string) staffBrowser {
		return newClient(t, a.URL()).login(username, demo.Password).browser(t)
	}
	citizenAPI := newClient(t, a.URL()).login("congdan", demo.Password)
	var eduID int64
	noErr(t, a.Store.DB().Get(&eduID, `SELECT id FROM procedures WHERE code = '1.004496'`))
	code := citizenAPI.submit(eduID)
	citizenAPI.waitLogged(code)
	dossierPath := "/can-bo/ho-so/" + code
	decide := dossierPath + "/quyet-dinh"

	t.Run("Access", func(t *testing.T) {
		anon := newClient(t, a.URL())
		anon.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		p := anon.browser(t).get(dossierPath)
		if p.Status != http.StatusSeeOther || p.Header.Get("Location") != "/dang-nhap?next="+url.QueryEscape(dossierPath) {
			t.Fatalf("anonymous: %d %q", p.Status, p.Header.Get("Location"))
		}
		p = citizenAPI.browser(t).get("/can-bo")
		if p.Status != http.StatusForbidden {
			t.Fatalf("citizen: %d", p.Status)
		}
		p.has(t, "Chức năng này dành cho cán bộ.")
		if p := as(t, "motcua").get("/can-bo/nhat-ky"); p.Status != http.StatusForbidden {
			t.Fatalf("audit for a clerk: %d", p.Status)
		}
		if p := as(t, "chuyenvien").get("/can-bo/thong-ke"); p.Status != http.StatusForbidden {
			t.Fatalf("statistics for a specialist: %d", p.Status)
		}
		if p := as(t, "lanhdao").get("/can-bo/quan-tri/can-bo"); p.Status != http.StatusForbidden {
			t.Fatalf("admin for a leader: %d", p.Status)
		}
		if p := as(t, "tnmt.chuyenvien").get(dossierPath); p.Status != http.StatusForbidden {
			t.Fatalf("another agency's dossier: %d", p.Status)
		}
		for _, asset := range []string{"/static/console.css", "/static/console.js"} {
			if p := anon.browser(t).get(asset); p.Status != http.StatusOK || len(p.Body) < 100 {
				t.Fatalf("%s: %d", asset, p.Status)
			}
		}
	})

	t.Run("Lifecycle", func(t *testing.T) {
		motcua, lanhdao, chuyenvien := as(t, "motcua"), as(t, "lanhdao"), as(t, "chuyenvien")
		inbox := motcua.get("/can-bo")
		if inbox.Status != 200 {
			t.Fatalf("inbox: %d", inbox.Status)
		}
		inbox.has(t, code, `class="sla sla-`, "Nhận xử lý", `<label for="f-status">`)
		if p := motcua.get("/can-bo?sla=overdue"); strings.Contains(p.Body, code) {
			t.Error("the overdue filter shows a dossier on time")
		}
		if p := motcua.get("/can-bo?q=nguyen+van+an"); !strings.Contains(p.Body, `data-code="`+code+`"`) {
			t.Error("the text filter (without accents) does not find the applicant")
		}
		if p := motcua.get("/can-bo?status=abc"); p.Status != 400 || !strings.Contains(p.Body, "Giá trị không hợp lệ.") {
			t.Errorf("a bad filter: %d", p.Status)
		}

		p := motcua.get(dossierPath)
		if p.Status != 200 {
			t.Fatalf("dossier staffPage: %d", p.Status)
		}
		p.has(t, "Nguyễn Văn An", "001203004567", "giay-to.pdf", "Nộp hồ sơ trực tuyến", "Phiếu kiểm soát quá trình")
		if got, want := p.buttons(), []string{"claim", "receive", "refuse", "request_supplement"}; !slices.Equal(got, want) {
			t.Fatalf("reception's buttons: %v, want %v", got, want)
		}
		if m := regexp.MustCompile(`href="(/api/v1/dossiers/[^"]+/files/\d+)"`).FindStringSubmatch(p.Body); m == nil {
			t.Error("no document link")
		} else if f := motcua.get(m[1]); f.Status != 200 || !strings.HasPrefix(f.Body, "%PDF") {
			t.Errorf("document download: %d", f.Status)
		}

		// Refusals re-render the page with the reason; nothing changes.
		r := motcua.post(p, decide, url.Values{"decision": {"finish"}, "result_ref": {"x"}})
		if r.Status != http.StatusConflict {
			t.Fatalf("a decision the state does not allow: %d", r.Status)
		}
		r.has(t, "Không thể thực hiện thao tác")
		r = motcua.post(p, decide, url.Values{"decision": {"refuse"}, "note": {"Ghi chú đã nhập"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("a refusal without reasons: %d", r.Status)
		}
		r.has(t, "Phải nêu lý do từ chối tiếp nhận.", "Ghi chú đã nhập", `id="error-refuse"`)
		if st, _ := dossierStatus(t, a, code); st != 1 {
			t.Fatalf("refused decisions changed the dossier: status %d", st)
		}

		r = motcua.post(p, decide, url.Values{"decision": {"receive"}, "note": {"Hồ sơ đầy đủ"}})
		if r.Status != 200 || r.URL != dossierPath+"?da=receive" {
			t.Fatalf("receive: %d %s", r.Status, r.URL)
		}
		r.has(t, "Đã thực hiện: Tiếp nhận hồ sơ.", "Hồ sơ đầy đủ")
		if st, _ := dossierStatus(t, a, code); st != 2 {
			t.Fatalf("after receive: status %d", st)
		}
		// The same form sent twice (a double click) is refused by the workflow.
		if again := motcua.post(p, decide, url.Values{"decision": {"receive"}}); again.Status != http.StatusConflict {
			t.Fatalf("a second receive: %d", again.Status)
		}
		if got, want := r.buttons(), []string{"request_supplement", "transfer"}; !slices.Equal(got, want) {
			t.Fatalf("after receive: %v, want %v", got, want)
		}
		r = motcua.post(r, decide, url.Values{"decision": {"transfer"}, "direction": {"next"}})
		if r.Status != 200 {
			t.Fatalf("transfer: %d", r.Status)
		}
		if st, _ := dossierStatus(t, a, code); st != 4 {
			t.Fatalf("after transfer: status %d", st)
		}
		if got := r.buttons(); len(got) != 0 {
			t.Fatalf("reception still has buttons: %v", got)
		}

		p = lanhdao.get(dossierPath)
		if got, want := p.buttons(), []string{"assign", "claim", "extend", "request_payment", "request_supplement", "stop", "transfer"}; !slices.Equal(got, want) {
			t.Fatalf("leader's buttons: %v, want %v", got, want)
		}
		specialist := regexp.MustCompile(`<option value="(\d+)">Lê Minh Đức`).FindStringSubmatch(p.Body)
		if specialist == nil {
			t.Fatal("the transfer form does not offer the specialist")
		}
		r = lanhdao.post(p, decide, url.Values{"decision": {"transfer"}, "direction": {"next"}, "to_officer_id": {specialist[1]}, "note": {"Đề nghị thẩm định"}})
		if _, who := dossierStatus(t, a, code); r.Status != 200 || who != "Lê Minh Đức" {
			t.Fatalf("transfer to the specialist: %d %q", r.Status, who)
		}

		if in := chuyenvien.get("/can-bo"); !strings.Contains(in.Body, `data-code="`+code+`"`) {
			t.Fatal("the specialist's inbox does not list the dossier")
		}
		p = chuyenvien.get(dossierPath)
		if got, want := p.buttons(), []string{"request_payment", "request_supplement", "transfer"}; !slices.Equal(got, want) {
			t.Fatalf("specialist's buttons: %v, want %v", got, want)
		}
		r = chuyenvien.post(p, decide, url.Values{"decision": {"request_supplement"}, "components": {"Bản sao giấy phép thành lập\nSơ đồ mặt bằng"}})
		if st, _ := dossierStatus(t, a, code); r.Status != 200 || st != 5 {
			t.Fatalf("request supplement: %d, status %d", r.Status, st)
		}
		r.has(t, "Sơ đồ mặt bằng", "Phiếu yêu cầu bổ sung")
		if got := r.buttons(); len(got) != 0 {
			t.Fatalf("buttons while waiting for the citizen: %v", got)
		}
		var res struct {
			Status int `json:"status"`
		}
		if st := citizenAPI.with(t).postJSON("/api/v1/dossiers/"+code+"/supplement", map[string]any{"note": "Đã bổ sung"}, &res); st != 200 {
			t.Fatalf("supplement: %d", st)
		}
		p = chuyenvien.get(dossierPath)
		r = chuyenvien.post(p, decide, url.Values{"decision": {"transfer"}, "direction": {"next"}, "note": {"Đủ điều kiện"}})
		if st, _ := dossierStatus(t, a, code); r.Status != 200 || st != 4 {
			t.Fatalf("specialist transfer: %d, status %d", r.Status, st)
		}

		p = lanhdao.get(dossierPath)
		me := regexp.MustCompile(`<option value="(\d+)">Trần Quốc Hùng`).FindStringSubmatch(p.Body)
		if me == nil {
			t.Fatal("the assignment form does not offer the leader")
		}
		r = lanhdao.post(p, dossierPath+"/phan-cong", url.Values{"officer_id": {"abc"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Chọn cán bộ được phân công.") {
			t.Fatalf("assign without an officer: %d", r.Status)
		}
		r = lanhdao.post(p, dossierPath+"/phan-cong", url.Values{"officer_id": {me[1]}})
		if _, who := dossierStatus(t, a, code); r.Status != 200 || who != "Trần Quốc Hùng" {
			t.Fatalf("assign: %d %q", r.Status, who)
		}
		r.has(t, "Đã phân công xử lý hồ sơ.")
		if !slices.Contains(r.buttons(), "finish") {
			t.Fatalf("no finish at the last step: %v", r.buttons())
		}
		bad := lanhdao.postFile(r, decide, url.Values{"decision": {"finish"}}, "result_file", "ketqua.exe", []byte("MZ\x90\x00 not a document"))
		if bad.Status != http.StatusUnsupportedMediaType {
			t.Fatalf("finish with a forbidden file: %d", bad.Status)
		}
		bad.has(t, "Chỉ chấp nhận tệp PDF")
		r = lanhdao.postFile(r, decide, url.Values{"decision": {"finish"}, "note": {"Đồng ý"}}, "result_file", "QD-55-SGDDT.pdf", samplePDF)
		if st, _ := dossierStatus(t, a, code); r.Status != 200 || st != 9 {
			t.Fatalf("finish: %d, status %d: %s", r.Status, st, r.Body)
		}
		r.has(t, "QD-55-SGDDT.pdf")

		p = motcua.get(dossierPath)
		if got, want := p.buttons(), []string{"claim", "deliver"}; !slices.Equal(got, want) {
			t.Fatalf("reception's buttons at the end: %v, want %v", got, want)
		}
		r = motcua.post(p, decide, url.Values{"decision": {"deliver"}, "method": {"desk"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("deliver without who received it: %d", r.Status)
		}
		r.has(t, "Phải ghi tên người nhận kết quả.")
		r = motcua.post(p, decide, url.Values{"decision": {"deliver"}, "method": {"desk"}, "received_by": {"Nguyễn Văn An"}})
		if st, _ := dossierStatus(t, a, code); r.Status != 200 || st != 10 {
			t.Fatalf("deliver: %d, status %d", r.Status, st)
		}
		if got := r.buttons(); len(got) != 0 || !strings.Contains(r.Body, `id="no-decisions"`) {
			t.Fatalf("buttons on a delivered dossier: %v", got)
		}
		for _, kind := range []string{"receipt", "supplement", "delivery", "log"} {
			href := "/api/v1/dossiers/" + code + "/slips/" + kind + ".pdf"
			if !strings.Contains(r.Body, `href="`+href+`"`) {
				t.Errorf("no %s slip link", kind)
				continue
			}
			if s := motcua.get(href); s.Status != 200 || s.Header.Get("Content-Type") != "application/pdf" {
				t.Errorf("slip %s: %d", kind, s.Status)
			}
		}
		if strings.Contains(r.Body, "/slips/refusal.pdf") {
			t.Error("a refusal slip is offered for a dossier never refused")
		}
	})

	t.Run("Supervisor", func(t *testing.T) {
		sup := as(t, "giamsat")
		p := sup.get("/can-bo/nhat-ky?action=receive")
		if p.Status != 200 {
			t.Fatalf("audit: %d", p.Status)
		}
		p.has(t, code, "Hoàng Thị Thu", "Hồ sơ đầy đủ")
		m := regexp.MustCompile(`href="(/api/v1/audit/events\?[^"]+)" id="audit-csv"`).FindStringSubmatch(p.Body)
		if m == nil {
			t.Fatal("no CSV link")
		}
		f := sup.get(html.UnescapeString(m[1]))
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(f.Body, "\ufeff"))).ReadAll()
		if f.Status != 200 || err != nil || len(rows) != 2 || rows[1][0] != code || rows[1][4] != "Tiếp nhận hồ sơ" {
			t.Fatalf("audit CSV: %d %v %v", f.Status, rows, err)
		}
		if p := sup.get("/can-bo/nhat-ky?from=hôm-qua"); p.Status != 400 || !strings.Contains(p.Body, "Ngày dạng YYYY-MM-DD") || !strings.Contains(p.Body, `value="hôm-qua"`) {
			t.Fatalf("a bad date: %d", p.Status)
		}

		p = sup.get("/can-bo/thong-ke")
		if p.Status != 200 {
			t.Fatalf("stats: %d", p.Status)
		}
		p.has(t, "<svg", "<rect", "Sở Giáo dục và Đào tạo", "Tỷ lệ đúng hạn")
		m = regexp.MustCompile(`href="(/api/v1/stats\?[^"]+)" id="stats-csv"`).FindStringSubmatch(p.Body)
		if m == nil {
			t.Fatal("no statistics CSV link")
		}
		f = sup.get(html.UnescapeString(m[1]))
		if f.Status != 200 || !strings.HasPrefix(f.Header.Get("Content-Type"), "text/csv") || !strings.Contains(f.Body, "Sở Giáo dục và Đào tạo,0,1") {
			t.Fatalf("stats CSV: %d %q", f.Status, f.Body)
		}
		if p := sup.get("/can-bo/thong-ke?from=2026-12-01&to=2026-11-01"); p.Status != 400 || !strings.Contains(p.Body, "Phải sau ngày bắt đầu.") {
			t.Fatalf("a backwards period: %d", p.Status)
		}
		if p := as(t, "lanhdao").get("/can-bo/thong-ke?group_by=field"); p.Status != 200 {
			t.Fatalf("stats for a leader: %d", p.Status)
		}
	})

	t.Run("AdminStaff", func(t *testing.T) {
		admin := as(t, "quantri")
		p := admin.get("/can-bo/quan-tri/can-bo")
		p.has(t, `id="staff-motcua"`, `<label for="st-username">`)
		var agency string
		noErr(t, a.Store.DB().Get(&agency, `SELECT id::text FROM agencies WHERE code = '000.00.03.H03'`))
		form := url.Values{"username": {"chuyenvien3"}, "password": {"123"}, "full_name": {"Ma Thị Hoa"}, "agency_id": {agency}, "roles": {"specialist"}}
		r := admin.post(p, "/can-bo/quan-tri/can-bo", form)
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `value="chuyenvien3"`) || !strings.Contains(r.Body, `value="specialist" checked`) {
			t.Fatalf("a weak password: %d", r.Status)
		}
		form.Set("password", "tamthoi2026")
		r = admin.post(p, "/can-bo/quan-tri/can-bo", form)
		if r.Status != 200 || !strings.Contains(r.Body, `id="staff-chuyenvien3"`) {
			t.Fatalf("create: %d", r.Status)
		}
		r.has(t, "Đã tạo tài khoản cán bộ.")
		if again := admin.post(p, "/can-bo/quan-tri/can-bo", form); again.Status != http.StatusConflict || !strings.Contains(again.Body, "Tên đăng nhập đã được sử dụng.") {
			t.Fatalf("a taken username: %d", again.Status)
		}
		id := regexp.MustCompile(`action="/can-bo/quan-tri/can-bo/(\d+)"[^>]*id="staff-update-chuyenvien3"`).FindStringSubmatch(r.Body)
		if id == nil {
			t.Fatal("no update form for the new officer")
		}
		newcomer := newClient(t, a.URL()).login("chuyenvien3", "tamthoi2026").browser(t)
		if p := newcomer.get("/can-bo"); p.Status != 200 {
			t.Fatalf("the new officer's inbox: %d", p.Status)
		}
		if bad := admin.post(r, "/can-bo/quan-tri/can-bo/"+id[1], url.Values{}); bad.Status != http.StatusUnprocessableEntity ||
			!strings.Contains(bad.Body, "Phải chọn ít nhất một vai trò.") {
			t.Fatalf("no role: %d", bad.Status)
		}
		r = admin.post(r, "/can-bo/quan-tri/can-bo/"+id[1], url.Values{"roles": {"specialist", "leader"}, "disabled": {"on"}})
		if r.Status != 200 || !strings.Contains(r.Body, `id="staff-chuyenvien3" class="disabled"`) {
			t.Fatalf("disable: %d", r.Status)
		}
		newcomer.http.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		if p := newcomer.get("/can-bo"); p.Status != http.StatusSeeOther {
			t.Fatalf("a disabled officer's session: %d", p.Status)
		}
	})

	t.Run("AdminHolidays", func(t *testing.T) {
		admin := as(t, "quantri")
		p := admin.get("/can-bo/quan-tri/ngay-nghi?year=2026")
		p.has(t, "Quốc khánh", `<label for="h-day">`)
		r := admin.post(p, "/can-bo/quan-tri/ngay-nghi", url.Values{"day": {"31/12/2026"}, "kind": {"holiday"}, "name": {"Nghỉ cuối năm"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Ngày dạng YYYY-MM-DD.") || !strings.Contains(r.Body, `value="Nghỉ cuối năm"`) {
			t.Fatalf("a bad date: %d", r.Status)
		}
		r = admin.post(p, "/can-bo/quan-tri/ngay-nghi", url.Values{"day": {"2026-12-31"}, "kind": {"weekday"}})
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Chọn ngày nghỉ hoặc ngày làm bù.") {
			t.Fatalf("a bad kind: %d", r.Status)
		}
		r = admin.post(p, "/can-bo/quan-tri/ngay-nghi", url.Values{"day": {"2026-12-31"}, "kind": {"holiday"}, "name": {"Nghỉ cuối năm"}})
		if r.Status != 200 || !strings.Contains(r.Body, `id="day-2026-12-31"`) {
			t.Fatalf("add: %d", r.Status)
		}
		rules, err := a.Store.Rules(context.Background(), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
		if err != nil || !slices.Contains(rules.Calendar.Holidays, "2026-12-31") {
			t.Fatalf("the new holiday is not in the working calendar: %v %v", rules.Calendar.Holidays, err)
		}
		r = admin.post(r, "/can-bo/quan-tri/ngay-nghi/xoa", url.Values{"day": {"2026-12-31"}})
		if r.Status != 200 || strings.Contains(r.Body, `id="day-2026-12-31"`) {
			t.Fatalf("remove: %d", r.Status)
		}
		if again := admin.post(p, "/can-bo/quan-tri/ngay-nghi/xoa", url.Values{"day": {"2026-12-31"}}); again.Status != http.StatusNotFound {
			t.Fatalf("remove twice: %d", again.Status)
		}
	})

	t.Run("AdminCatalogue", func(t *testing.T) {
		admin := as(t, "quantri")
		p := admin.get("/can-bo/quan-tri/danh-muc")
		p.has(t, "Sở Giáo dục và Đào tạo", "1.004496", `<label for="catalogue-file">`)
		export := admin.get("/api/v1/admin/catalogue")
		if export.Status != 200 {
			t.Fatalf("export: %d", export.Status)
		}
		r := admin.postFile(p, "/can-bo/quan-tri/danh-muc", url.Values{}, "catalogue", "danh-muc.json", []byte(export.Body))
		if r.Status != 200 || !strings.Contains(r.Body, `id="import-summary"`) {
			t.Fatalf("re-import: %d", r.Status)
		}
		broken := strings.Replace(export.Body, `"fields":[`, `"fields":[{"code":"","name":""},`, 1)
		if broken == export.Body {
			t.Fatal("could not break the catalogue")
		}
		r = admin.postFile(p, "/can-bo/quan-tri/danh-muc", url.Values{}, "catalogue", "danh-muc.json", []byte(broken))
		if r.Status != http.StatusUnprocessableEntity || strings.Count(r.Body, "<tr><td>fields.json") < 2 {
			t.Fatalf("a broken catalogue: %d", r.Status)
		}
		r.has(t, "chưa nhập dữ liệu nào")
		r = admin.postFile(p, "/can-bo/quan-tri/danh-muc", url.Values{}, "catalogue", "danh-muc.json", []byte("{not json"))
		if r.Status != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Tệp không phải danh mục JSON hợp lệ") {
			t.Fatalf("not JSON: %d", r.Status)
		}
	})

	t.Run("CSRF", func(t *testing.T) {
		motcua := as(t, "motcua")
		forged := staffPage{Body: `name="csrf_token" value="forged-token-forged-token-forged"`, URL: "forged"}
		before, _ := dossierStatus(t, a, code)
		if r := motcua.post(forged, decide, url.Values{"decision": {"stop"}, "reasons": {"x"}}); r.Status != http.StatusForbidden {
			t.Fatalf("a forged form: %d", r.Status)
		}
		if after, _ := dossierStatus(t, a, code); after != before {
			t.Fatal("a forged form changed the dossier")
		}
	})
}
