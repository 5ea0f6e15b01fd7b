package app_test

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
)

// browser drives the pages as a browser does: cookies, forms with their csrf_token,
// redirects reported rather than followed.
type browser struct {
	t    testing.TB
	base string
	http *http.Client
}

func newBrowser(t testing.TB, base string) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 60 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// page is one answer: status, body (HTML), redirect target.
type page struct {
	Status   int
	Body     string
	Location string
}

func (p page) has(t testing.TB, what ...string) {
	t.Helper()
	for _, w := range what {
		if !strings.Contains(p.Body, w) {
			t.Errorf("page (%d) lacks %q", p.Status, w)
		}
	}
}

func (b *browser) send(req *http.Request) page {
	b.t.Helper()
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode >= 500 {
		b.t.Errorf("%s %s: %d", req.Method, req.URL, resp.StatusCode)
	}
	return page{Status: resp.StatusCode, Body: string(raw), Location: resp.Header.Get("Location")}
}

func (b *browser) get(path string) page {
	b.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, b.base+path, nil)
	return b.send(req)
}

var csrfField = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// csrf is the token of the page's forms (the page at path is fetched for it).
func (b *browser) csrf(path string) string {
	b.t.Helper()
	m := csrfField.FindStringSubmatch(b.get(path).Body)
	if m == nil {
		b.t.Fatalf("no csrf_token on %s", path)
	}
	return m[1]
}

// post sends an urlencoded form from the page at from (for its CSRF token) to path.
func (b *browser) post(from, path string, form url.Values) page {
	b.t.Helper()
	if form.Get("csrf_token") == "" {
		form.Set("csrf_token", b.csrf(from))
	}
	req, _ := http.NewRequest(http.MethodPost, b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(req)
}

// postFiles sends a multipart form with files (field name → file name and content).
func (b *browser) postFiles(path string, form url.Values, files map[string][2]string) page {
	b.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for field, f := range files {
		w, _ := mw.CreateFormFile(field, f[0])
		_, _ = w.Write([]byte(f[1]))
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, b.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return b.send(req)
}

func expectPage(t testing.TB, what string, p page, status int, location string) {
	t.Helper()
	if p.Status != status || (location != "" && !strings.HasPrefix(p.Location, location)) {
		t.Fatalf("%s: got %d %q, want %d %q", what, p.Status, p.Location, status, location)
	}
}

// fieldValue is the value attribute of the input named name.
func fieldValue(body, name string) string {
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `"[^>]*value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		m = regexp.MustCompile(`value="([^"]*)"[^>]*name="` + regexp.QuoteMeta(name) + `"`).FindStringSubmatch(body)
	}
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// TestPortalPages drives every citizen page over HTTP as a browser would, each with its
// refusals: the right 4xx, the message next to the field, what was typed kept.
func TestPortalPages(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	base := a.URL()
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	proc, err := a.Store.ProcedureDetail(context.Background(), procID)
	if err != nil || len(proc.Components) < 2 {
		t.Fatalf("procedure: %v, %d components", err, len(proc.Components))
	}

	t.Run("PublicPages", func(t *testing.T) {
		b := newBrowser(t, base)
		for path, want := range map[string][]string{
			"/":                              {"Dịch vụ công trực tuyến", "Văn bản", "Thủ tục hành chính", "Tra cứu", "Thống kê", "Hướng dẫn", "Hỏi đáp", "Đăng nhập", "Sở Giáo dục và Đào tạo"},
			"/van-ban":                       {"61/2018/NĐ-CP"},
			"/huong-dan":                     {"Tạo và gửi hồ sơ trực tuyến"},
			"/hoi-dap":                       {"Mã hồ sơ và mã cập nhật"},
			"/dich-vu-cong":                  {"Sở, ban, ngành"},
			"/thu-tuc?q=truong+hoc":          {"trường trung học", "Lĩnh vực"},
			"/thu-tuc/" + fmt.Sprint(procID): {proc.Name, "Thành phần hồ sơ", "Nộp hồ sơ trực tuyến", proc.Components[0].Name},
			"/thong-ke":                      {"<svg", "Hồ sơ đã giải quyết theo thời hạn"},
			"/tra-cuu":                       {"Mã hồ sơ", "số CMND/CCCD"},
			"/bo-sung":                       {"Mã cập nhật"},
			"/dev/mailbox":                   {"Hộp thư phát triển"},
		} {
			p := b.get(path)
			if p.Status != http.StatusOK {
				t.Errorf("%s: %d", path, p.Status)
			}
			p.has(t, want...)
		}
		for path, status := range map[string]int{"/thu-tuc?agency=x": 400, "/thong-ke?from=hom-qua": 400, "/thu-tuc/999999": 404,
			"/tra-cuu?by=form": 400, "/tra-cuu?code=khong-phai-ma": 400, "/tra-cuu?id_number=12": 400,
			"/tra-cuu?code=000.00.03.H03-200101-9999": 404, "/static/khong-co.js": 404} {
			if p := b.get(path); p.Status != status || (strings.HasPrefix(path, "/tra-cuu") && !strings.Contains(p.Body, `class="error field-error"`)) {
				t.Errorf("%s: %d, want %d with a field message", path, p.Status, status)
			}
		}
		if p := b.get("/ho-so"); p.Status != http.StatusSeeOther || p.Location != "/dang-nhap?next=%2Fho-so" {
			t.Errorf("my dossiers, anonymous: %d %q", p.Status, p.Location)
		}
	})

	t.Run("CSRF", func(t *testing.T) {
		b := newBrowser(t, base)
		b.get("/dang-nhap")
		p := b.post("/dang-nhap", "/dang-nhap", url.Values{"csrf_token": {"gia-mao"}, "username": {"congdan"}, "password": {demo.Password}})
		expectPage(t, "login with a forged token", p, http.StatusForbidden, "")
		p.has(t, "chống giả mạo")
		fresh := newBrowser(t, base) // no cookie at all
		req, _ := http.NewRequest(http.MethodPost, base+"/dang-nhap", strings.NewReader("username=congdan"))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		expectPage(t, "login without the cookie", fresh.send(req), http.StatusForbidden, "")
	})

	reg := url.Values{"username": {"trangpage"}, "password": {"matkhau2026"}, "password_confirm": {"matkhau2026"},
		"full_name": {"Lường Thị Trang"}, "email": {"trang@example.vn"}, "phone": {"0987654321"}, "id_number": {"001305001234"},
		"captcha_answer": {testCaptcha}}
	b := newBrowser(t, base)
	t.Run("Register", func(t *testing.T) {
		b.t = t
		form := b.get("/dang-ky")
		form.has(t, `src="data:image/png;base64,`, `name="captcha_id"`, `for="captcha_answer"`)
		bad := url.Values{}
		for k, v := range reg {
			bad[k] = v
		}
		bad.Set("id_number", "12345")
		p := b.post("/dang-ky", "/dang-ky", bad)
		expectPage(t, "bad ID number", p, http.StatusUnprocessableEntity, "")
		p.has(t, "CMND (9 số), CCCD (12 số)", `value="Lường Thị Trang"`, `id="id_number-error"`, `src="data:image/png;base64,`)
		if strings.Contains(p.Body, "matkhau2026") {
			t.Error("the password is sent back in the page")
		}
		bad = url.Values{}
		for k, v := range reg {
			bad[k] = v
		}
		bad.Set("captcha_answer", "SAI")
		bad.Set("captcha_id", fieldValue(form.Body, "captcha_id"))
		p = b.post("/dang-ky", "/dang-ky", bad)
		expectPage(t, "wrong captcha", p, http.StatusBadRequest, "")
		p.has(t, "Mã xác nhận không đúng", `value="trang@example.vn"`)
		bad.Set("captcha_answer", testCaptcha)
		bad.Set("password_confirm", "matkhau2027")
		expectPage(t, "passwords differ", b.post("/dang-ky", "/dang-ky", bad), http.StatusUnprocessableEntity, "")
		taken := url.Values{}
		for k, v := range reg {
			taken[k] = v
		}
		taken.Set("username", "congdan")
		expectPage(t, "a taken name", b.post("/dang-ky", "/dang-ky", taken), http.StatusConflict, "")
		expectPage(t, "register", b.post("/dang-ky", "/dang-ky", reg), http.StatusSeeOther, "/ho-so")
		home := b.get("/")
		home.has(t, "Lường Thị Trang", "Đăng xuất", "Hồ sơ của tôi")
	})

	t.Run("LoginLogout", func(t *testing.T) {
		o := newBrowser(t, base)
		p := o.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"}, "password": {"sai-mat-khau1"}})
		expectPage(t, "wrong password", p, http.StatusUnauthorized, "")
		p.has(t, "Tên đăng nhập hoặc mật khẩu không đúng", `value="congdan"`, `id="password-error"`)
		expectPage(t, "citizen login", o.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password},
			"next": {"/thu-tuc"}}), http.StatusSeeOther, "/thu-tuc")
		expectPage(t, "open redirect refused", newBrowser(t, base).post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"},
			"password": {demo.Password}, "next": {"//evil.example"}}), http.StatusSeeOther, "/ho-so")
		expectPage(t, "logout", o.post("/", "/dang-xuat", url.Values{}), http.StatusSeeOther, "/")
		if p := o.get("/ho-so"); p.Status != http.StatusSeeOther {
			t.Errorf("after logout: %d", p.Status)
		}
		staff := newBrowser(t, base)
		expectPage(t, "staff login", staff.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"motcua"}, "password": {demo.Password}}),
			http.StatusSeeOther, "/can-bo")
		expectPage(t, "staff on citizens' pages", staff.get("/ho-so"), http.StatusForbidden, "")
	})

	t.Run("ProfileAndPassword", func(t *testing.T) {
		b.t = t
		b.get("/ca-nhan").has(t, `value="Lường Thị Trang"`, "trangpage")
		p := b.post("/ca-nhan", "/ca-nhan", url.Values{"full_name": {"Lường Thị Trang"}, "date_of_birth": {"2999-01-01"},
			"address": {"Tổ 7, phường Sông Cầu, Bắc Kạn"}, "phone": {"0987654321"}, "email": {"trang@example.vn"}, "gender": {"female"}})
		expectPage(t, "future birth date", p, http.StatusUnprocessableEntity, "")
		p.has(t, "Ngày sinh không hợp lệ", `value="Tổ 7, phường Sông Cầu, Bắc Kạn"`)
		expectPage(t, "profile", b.post("/ca-nhan", "/ca-nhan", url.Values{"full_name": {"Lường Thị Trang"}, "date_of_birth": {"1990-05-17"},
			"address": {"Tổ 7, phường Sông Cầu, Bắc Kạn"}, "phone": {"0987654321"}, "email": {"trang@example.vn"}, "gender": {"female"}}),
			http.StatusSeeOther, "/ca-nhan?da-luu=1")
		b.get("/ca-nhan?da-luu=1").has(t, "Đã lưu thông tin cá nhân", `value="1990-05-17"`)
		p = b.post("/ca-nhan/mat-khau", "/ca-nhan/mat-khau", url.Values{"current_password": {"khongdung1"}, "new_password": {"matkhau2027"}, "new_password_confirm": {"matkhau2027"}})
		expectPage(t, "wrong current password", p, http.StatusBadRequest, "")
		p.has(t, `id="current_password-error"`)
		p = b.post("/ca-nhan/mat-khau", "/ca-nhan/mat-khau", url.Values{"current_password": {"matkhau2026"}, "new_password": {"abc"}, "new_password_confirm": {"abc"}})
		expectPage(t, "weak password", p, http.StatusUnprocessableEntity, "")
		expectPage(t, "confirmation differs", b.post("/ca-nhan/mat-khau", "/ca-nhan/mat-khau", url.Values{"current_password": {"matkhau2026"},
			"new_password": {"matkhau2027"}, "new_password_confirm": {"matkhau2028"}}), http.StatusBadRequest, "")
		expectPage(t, "change password", b.post("/ca-nhan/mat-khau", "/ca-nhan/mat-khau", url.Values{"current_password": {"matkhau2026"},
			"new_password": {"matkhau2027"}, "new_password_confirm": {"matkhau2027"}}), http.StatusSeeOther, "/ca-nhan/mat-khau?da-doi=1")
	})

	t.Run("ForgotAndReset", func(t *testing.T) {
		o := newBrowser(t, base)
		expectPage(t, "empty request", o.post("/quen-mat-khau", "/quen-mat-khau", url.Values{}), http.StatusBadRequest, "")
		p := o.post("/quen-mat-khau", "/quen-mat-khau", url.Values{"username": {"trangpage"}})
		expectPage(t, "forgot", p, http.StatusOK, "")
		p.has(t, "Nếu tài khoản tồn tại")
		o.post("/quen-mat-khau", "/quen-mat-khau", url.Values{"username": {"khong-ton-tai"}}).has(t, "Nếu tài khoản tồn tại")
		mailbox := o.get("/dev/mailbox")
		m := regexp.MustCompile(`<a href="(http[^"]+/dat-lai-mat-khau\?token=[^"]+)">`).FindStringSubmatch(mailbox.Body)
		if m == nil {
			t.Fatalf("no clickable reset link in the mailbox")
		}
		link, _ := url.Parse(html.UnescapeString(m[1]))
		resetPath := link.Path + "?" + link.RawQuery
		form := o.get(resetPath)
		form.has(t, `name="token"`)
		token := fieldValue(form.Body, "token")
		weak := o.post(resetPath, "/dat-lai-mat-khau", url.Values{"token": {token}, "new_password": {"abc"}, "new_password_confirm": {"abc"}})
		expectPage(t, "weak new password", weak, http.StatusUnprocessableEntity, "")
		weak.has(t, `id="new_password-error"`)
		expectPage(t, "reset", o.post(resetPath, "/dat-lai-mat-khau", url.Values{"token": {token}, "new_password": {"matkhau2030"},
			"new_password_confirm": {"matkhau2030"}}), http.StatusSeeOther, "/dang-nhap?da-dat-lai=1")
		expectPage(t, "the link twice", o.post(resetPath, "/dat-lai-mat-khau", url.Values{"token": {token}, "new_password": {"matkhau2031"},
			"new_password_confirm": {"matkhau2031"}}), http.StatusBadRequest, "")
		b = newBrowser(t, base) // the reset ended every session
		expectPage(t, "login with the new password", b.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"trangpage"}, "password": {"matkhau2030"}}),
			http.StatusSeeOther, "/ho-so")
	})

	var ref, code, updateCode string
	t.Run("OnlineForm", func(t *testing.T) {
		b.t = t
		p := b.post("/thu-tuc/"+fmt.Sprint(procID), "/thu-tuc/"+fmt.Sprint(procID)+"/nop", url.Values{})
		expectPage(t, "start a dossier", p, http.StatusSeeOther, "/ho-so/")
		formPath := p.Location
		ref = strings.TrimSuffix(strings.TrimPrefix(formPath, "/ho-so/"), "/sua")
		form := b.get(formPath)
		form.has(t, `value="Lường Thị Trang"`, `value="001305001234"`, `name="idempotency_key"`, "Lưu", "Gửi hồ sơ", "Đóng",
			`enctype="multipart/form-data"`)
		for _, c := range proc.Components {
			form.has(t, fmt.Sprintf(`name="file_%d"`, c.ID), "Chọn tệp cho: "+html.EscapeString(c.Name))
		}
		key := fieldValue(form.Body, "idempotency_key")
		csrf := csrfField.FindStringSubmatch(form.Body)[1]
		values := func(action string) url.Values {
			v := url.Values{"csrf_token": {csrf}, "idempotency_key": {key}, "action": {action}, "applicant_name": {"Lường Thị Trang"},
				"id_number": {"001305001234"}, "phone": {"0987654321"}, "email": {"trang@example.vn"}, "address": {"Tổ 7, phường Sông Cầu"},
				"content": {"Đề nghị cho phép trường hoạt động giáo dục"}}
			for _, f := range proc.FormFields {
				switch {
				case len(f.Options) > 0:
					v.Set("form_data."+f.Name, f.Options[0])
				case f.Type == "number":
					v.Set("form_data."+f.Name, "1")
				case f.Type == "date":
					v.Set("form_data."+f.Name, "2026-01-15")
				default:
					v.Set("form_data."+f.Name, "Nội dung kê khai")
				}
			}
			return v
		}
		// Send with nothing attached: 422, a message next to each required component, what was typed kept.
		p = b.postFiles(formPath, values("send"), nil)
		expectPage(t, "send without files", p, http.StatusUnprocessableEntity, "")
		p.has(t, "Chưa đính kèm: "+html.EscapeString(proc.Components[0].Name), "Đề nghị cho phép trường hoạt động giáo dục",
			fmt.Sprintf(`id="file_%d-error"`, proc.Components[0].ID))
		// A bad phone number and a file of a forbidden type: both reported, the good file kept.
		bad := values("save")
		bad.Set("phone", "12")
		p = b.postFiles(formPath, bad, map[string][2]string{
			fmt.Sprintf("file_%d", proc.Components[0].ID): {"to-trinh.pdf", string(samplePDF)},
			fmt.Sprintf("file_%d", proc.Components[1].ID): {"virus.exe", "MZ\x90\x00 not a document"},
		})
		expectPage(t, "bad phone and a forbidden file", p, http.StatusUnprocessableEntity, "")
		p.has(t, `id="phone-error"`, "Số điện thoại không hợp lệ", "Chỉ chấp nhận tệp PDF", "to-trinh.pdf", `value="12"`)
		// Save with the other files: 303 back to the form, which lists them.
		files := map[string][2]string{}
		for _, c := range proc.Components[1:] {
			files[fmt.Sprintf("file_%d", c.ID)] = [2]string{fmt.Sprintf("giay-to-%d.pdf", c.ID), string(samplePDF)}
		}
		expectPage(t, "save", b.postFiles(formPath, values("save"), files), http.StatusSeeOther, formPath+"?da-luu=1")
		saved := b.get(formPath + "?da-luu=1")
		saved.has(t, "Đã lưu hồ sơ", "to-trinh.pdf", fmt.Sprintf("giay-to-%d.pdf", proc.Components[1].ID))
		key = fieldValue(saved.Body, "idempotency_key")
		// Send twice with the same key (a double click): one dossier, one code, the same success page.
		first := b.postFiles(formPath, values("send"), nil)
		second := b.postFiles(formPath, values("send"), nil)
		expectPage(t, "send", first, http.StatusSeeOther, "/ho-so/"+ref+"/da-gui")
		expectPage(t, "send again", second, http.StatusSeeOther, "/ho-so/"+ref+"/da-gui")
		var n int
		if err := a.Store.DB().Get(&n, `SELECT count(*) FROM dossiers d JOIN accounts a ON a.id = d.owner_id
			WHERE a.username = 'trangpage' AND d.code IS NOT NULL`); err != nil || n != 1 {
			t.Fatalf("submitted dossiers: %d %v", n, err)
		}
		other := values("send")
		other.Set("idempotency_key", "another-key")
		expectPage(t, "send under another key", b.postFiles(formPath, other, nil), http.StatusConflict, "")
		sent := b.get("/ho-so/" + ref + "/da-gui")
		sent.has(t, "Gửi hồ sơ thành công", "Mã cập nhật")
		code = regexp.MustCompile(`id="dossier-code">([^<]+)<`).FindStringSubmatch(sent.Body)[1]
		updateCode = regexp.MustCompile(`id="update-code">([^<]+)<`).FindStringSubmatch(sent.Body)[1]
		if !strings.HasPrefix(code, proc.AgencyCode+"-") || len(updateCode) < 6 {
			t.Fatalf("codes: %q %q", code, updateCode)
		}
		newBrowser(t, base).get("/ho-so/" + ref + "/da-gui") // anonymous: redirected to login, no 500
		intruder := newBrowser(t, base)
		intruder.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password}})
		expectPage(t, "another citizen's dossier", intruder.get("/ho-so/"+ref), http.StatusNotFound, "")
	})
	if code == "" {
		t.FailNow()
	}
	waitEvents(t, a, code, domain.ActionSubmitted)

	t.Run("MyDossiersAndLookup", func(t *testing.T) {
		b.t = t
		b.get("/ho-so?loai=sent").has(t, code, "Quá trình xử lý", "Nộp hồ sơ trực tuyến")
		if p := b.get("/ho-so?loai=returned"); strings.Contains(p.Body, code) {
			t.Error("a sent dossier listed as returned")
		}
		expectPage(t, "unknown category", b.get("/ho-so?loai=khac"), http.StatusBadRequest, "")
		b.get("/ho-so/"+ref).has(t, code, updateCode, "Rút hồ sơ", "Quá trình xử lý")
		anon := newBrowser(t, base)
		p := anon.get("/tra-cuu?code=" + code)
		expectPage(t, "lookup", p, http.StatusOK, "")
		p.has(t, "L. T. Trang", "Quá trình xử lý", "Nộp hồ sơ trực tuyến", proc.Name)
		if strings.Contains(p.Body, "Lường Thị Trang") {
			t.Error("the public lookup shows the full name")
		}
		anon.get("/tra-cuu?id_number=001305001234").has(t, code)
		b.get("/tra-cuu?code="+code).has(t, "Lường Thị Trang")
		p = b.post("/ho-so/"+ref, "/ho-so/"+ref+"/danh-gia", url.Values{"rating": {"satisfied"}})
		expectPage(t, "rating before delivery", p, http.StatusConflict, "")
		p.has(t, "Chỉ đánh giá được hồ sơ đã trả kết quả")
	})

	t.Run("SupplementByUpdateCode", func(t *testing.T) {
		motcua := newClient(t, base).login("motcua", demo.Password)
		var st struct{ Status int }
		if s := motcua.postJSON("/api/v1/officer/dossiers/"+code+"/actions/request_supplement",
			map[string]any{"components": []string{proc.Components[0].Name}, "note": "Tờ trình chưa có chữ ký"}, &st); s != 200 || st.Status != 5 {
			t.Fatalf("request supplement: %d %+v", s, st)
		}
		b.t = t
		b.get("/ho-so?loai=supplement").has(t, code, "Bổ sung hồ sơ")
		anon := newBrowser(t, base)
		p := anon.post("/bo-sung", "/bo-sung", url.Values{"code": {code}, "update_code": {"SAIMA123"}})
		expectPage(t, "wrong update code", p, http.StatusForbidden, "")
		p.has(t, `id="update_code-error"`, html.EscapeString(code))
		expectPage(t, "no codes", anon.post("/bo-sung", "/bo-sung", url.Values{}), http.StatusBadRequest, "")
		p = anon.post("/bo-sung", "/bo-sung", url.Values{"code": {code}, "update_code": {updateCode}})
		expectPage(t, "codes accepted", p, http.StatusOK, "")
		p.has(t, "Tờ trình chưa có chữ ký", fmt.Sprintf(`name="file_%d"`, proc.Components[0].ID))
		csrf := csrfField.FindStringSubmatch(p.Body)[1]
		send := url.Values{"csrf_token": {csrf}, "code": {code}, "update_code": {updateCode}, "step": {"send"}, "note": {"Đã ký lại tờ trình"}}
		bad := anon.postFiles("/bo-sung", send, map[string][2]string{fmt.Sprintf("file_%d", proc.Components[0].ID): {"x.exe", "MZ not a document"}})
		expectPage(t, "a forbidden file", bad, http.StatusUnsupportedMediaType, "")
		bad.has(t, "Chỉ chấp nhận tệp PDF", "Đã ký lại tờ trình")
		done := anon.postFiles("/bo-sung", send, map[string][2]string{fmt.Sprintf("file_%d", proc.Components[0].ID): {"to-trinh-da-ky.pdf", string(samplePDF)}})
		expectPage(t, "supplement", done, http.StatusSeeOther, "/bo-sung/da-gui?code="+url.QueryEscape(code))
		anon.get(done.Location).has(t, "Đã gửi bổ sung hồ sơ")
		waitEvents(t, a, code, domain.ActionSupplemented)
		expectPage(t, "supplement twice", anon.postFiles("/bo-sung", send, nil), http.StatusConflict, "")
	})

	t.Run("WithdrawAndDeleteDraft", func(t *testing.T) {
		b.t = t
		p := b.post("/ho-so/"+ref, "/ho-so/"+ref+"/rut", url.Values{"note": {"Không còn nhu cầu"}})
		expectPage(t, "withdraw", p, http.StatusSeeOther, "/ho-so/"+ref)
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(b.get("/ho-so?loai=refused").Body, code) {
			if time.Now().After(deadline) {
				t.Fatal("the withdrawn dossier is not under refused")
			}
			time.Sleep(200 * time.Millisecond)
		}
		p = b.post("/ho-so/"+ref, "/ho-so/"+ref+"/rut", url.Values{"note": {"Lần nữa"}})
		if p.Status < 400 || p.Status >= 500 {
			t.Errorf("withdraw twice: %d", p.Status)
		}
		draft := b.post("/thu-tuc/"+fmt.Sprint(procID), "/thu-tuc/"+fmt.Sprint(procID)+"/nop", url.Values{})
		draftRef := strings.TrimSuffix(strings.TrimPrefix(draft.Location, "/ho-so/"), "/sua")
		b.get("/ho-so?loai=unsent").has(t, "bản nháp số "+draftRef)
		expectPage(t, "delete draft", b.post("/ho-so/"+draftRef, "/ho-so/"+draftRef+"/xoa", url.Values{}), http.StatusSeeOther, "/ho-so?loai=unsent")
		expectPage(t, "deleted draft", b.get("/ho-so/"+draftRef), http.StatusNotFound, "")
	})
}

// waitEvents waits until the dossier's processing log has a row of action (the workflow
// writes it shortly after the decision), without spending the lookup's rate limit.
func waitEvents(t *testing.T, a *app.App, code, action string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := a.Store.DossierByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		es, err := a.Store.Events(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Action == action {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: no %s in the log after 30s", code, action)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
