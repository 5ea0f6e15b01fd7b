package app_test

import (
	"bytes"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

type session struct {
	Account struct {
		ID       int64  `json:"id"`
		FullName string `json:"full_name"`
	} `json:"account"`
	CSRF string `json:"csrf_token"`
}

// registration is a valid registration body; the test captcha answers it.
func registration(username string) map[string]string {
	return map[string]string{"username": username, "password": "matkhau2026", "password_confirm": "matkhau2026",
		"full_name": "Lường Thị Xuân", "email": username + "@example.vn", "phone": "0987654321", "id_number": "001305009999",
		"captcha_id": "test", "captcha_answer": testCaptcha}
}

// expectError checks a refusal's status and stable code.
func expectError(t *testing.T, what string, status int, e apiError, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus || e.Error.Code != wantCode || e.Error.Message == "" {
		t.Errorf("%s: got %d %q (%s), want %d %q", what, status, e.Error.Code, e.Error.Message, wantStatus, wantCode)
	}
}

// TestCitizenAPI drives the citizen's side over HTTP on the running stack, each endpoint
// with its success and its refusals, every response checked against the OpenAPI document.
func TestCitizenAPI(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	spec := loadSpec(t, a.URL())
	top := t
	cur := t // the running (sub)test, for clients made inside it
	fresh := func() client { c := newClient(cur, a.URL()); c.spec = spec; return c }
	procID := func(code string) int64 {
		var id int64
		if err := a.Store.DB().Get(&id, `SELECT id FROM procedures WHERE code = $1`, code); err != nil {
			t.Fatal(err)
		}
		return id
	}

	t.Run("Captcha", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		var ch struct{ ID, Image string }
		if code := fresh().do(http.MethodGet, "/api/v1/captcha", "", nil, &ch); code != 200 || len(ch.ID) != 32 ||
			!strings.HasPrefix(ch.Image, "data:image/png;base64,") {
			t.Fatalf("captcha: %d %q", code, ch.ID)
		}
		// A real captcha with a wrong answer is refused, and cannot be tried twice.
		body := registration("nguoidung0")
		body["captcha_id"], body["captcha_answer"] = ch.ID, "WRONG"
		var e apiError
		expectError(t, "wrong captcha", fresh().postJSON("/api/v1/auth/register", body, &e), e, 400, "invalid_captcha")
	})

	t.Run("RegisterRefusals", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		var e apiError
		weak := registration("nguoidung1")
		weak["password"], weak["password_confirm"] = "123", "123"
		expectError(t, "weak password", fresh().postJSON("/api/v1/auth/register", weak, &e), e, 422, "weak_password")
		badID := registration("nguoidung2")
		badID["id_number"] = "12345"
		e = apiError{}
		expectError(t, "bad ID number", fresh().postJSON("/api/v1/auth/register", badID, &e), e, 422, "invalid_account")
		if e.Error.Fields["id_number"] == "" {
			t.Errorf("no message on id_number: %v", e.Error.Fields)
		}
		e = apiError{}
		expectError(t, "duplicate username", fresh().postJSON("/api/v1/auth/register", registration("CongDan"), &e), e, 409, "username_taken")
	})

	var other client // a second citizen, for access checks
	t.Run("RegisterLoginProfilePassword", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		c := fresh()
		var s session
		if code := c.postJSON("/api/v1/auth/register", registration("nguoidung3"), &s); code != 201 || s.CSRF == "" {
			t.Fatalf("register: %d", code)
		}
		c.csrf = s.CSRF
		var me session
		if code := c.do(http.MethodGet, "/api/v1/me", "", nil, &me); code != 200 || me.Account.FullName != "Lường Thị Xuân" {
			t.Fatalf("me: %d %+v", code, me)
		}
		profile := map[string]string{"full_name": "Lường Thị Xuân Mai", "gender": "female", "date_of_birth": "1990-05-17",
			"address": "Tổ 3, phường Sông Cầu, Bắc Kạn", "phone": "0987654321", "email": "mai@example.vn"}
		if code := c.do(http.MethodPut, "/api/v1/me", "application/json", mustJSON(profile), &me); code != 200 {
			t.Fatalf("update profile: %d", code)
		}
		profile["date_of_birth"] = "2999-01-01"
		var e apiError
		expectError(t, "future birth date", c.do(http.MethodPut, "/api/v1/me", "application/json", mustJSON(profile), &e), e, 422, "invalid_profile")
		noCSRF := c
		noCSRF.csrf = ""
		e = apiError{}
		expectError(t, "missing CSRF token", noCSRF.do(http.MethodPut, "/api/v1/me", "application/json", mustJSON(profile), &e), e, 403, "csrf_failed")
		pw := func(cur, next string) (int, apiError) {
			var e apiError
			return c.do(http.MethodPut, "/api/v1/me/password", "application/json",
				mustJSON(map[string]string{"current_password": cur, "new_password": next}), &e), e
		}
		st, e := pw("sai-mat-khau1", "matkhaumoi2027")
		expectError(t, "wrong current password", st, e, 400, "wrong_password")
		st, e = pw("matkhau2026", "ngan")
		expectError(t, "weak new password", st, e, 422, "weak_password")
		if st, _ := pw("matkhau2026", "matkhaumoi2027"); st != 204 {
			t.Fatalf("change password: %d", st)
		}
		if code := c.postJSON("/api/v1/auth/logout", nil, nil); code != 204 {
			t.Fatalf("logout: %d", code)
		}
		e = apiError{}
		expectError(t, "me after logout", c.do(http.MethodGet, "/api/v1/me", "", nil, &e), e, 401, "login_required")
		e = apiError{}
		expectError(t, "old password", fresh().postJSON("/api/v1/auth/login", map[string]string{"username": "nguoidung3", "password": "matkhau2026"}, &e),
			e, 401, "invalid_credentials")
		other = fresh().login("nguoidung3", "matkhaumoi2027")
	})

	t.Run("LoginThrottleAndNoEnumeration", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		for i := range 5 {
			var e apiError
			expectError(t, fmt.Sprintf("wrong password %d", i), fresh().postJSON("/api/v1/auth/login",
				map[string]string{"username": "giamsat", "password": "sai"}, &e), e, 401, "invalid_credentials")
		}
		var e apiError
		expectError(t, "sixth attempt, right password", fresh().postJSON("/api/v1/auth/login",
			map[string]string{"username": "giamsat", "password": demo.Password}, &e), e, 429, "too_many_attempts")
		var nobody apiError
		fresh().postJSON("/api/v1/auth/login", map[string]string{"username": "khongtontai", "password": "sai"}, &nobody)
		if nobody.Error.Message != (apiError{}).Error.Message && nobody.Error.Code != "invalid_credentials" {
			t.Errorf("unknown account answered differently: %+v", nobody)
		}
	})

	t.Run("Catalogue", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		c := fresh()
		var agencies struct {
			Items []struct {
				ID   int64
				Code string
			}
		}
		if code := c.do(http.MethodGet, "/api/v1/agencies", "", nil, &agencies); code != 200 || len(agencies.Items) < 5 {
			t.Fatalf("agencies: %d", code)
		}
		var page struct {
			Items []struct {
				Code string `json:"code"`
			} `json:"items"`
			Total       int `json:"total"`
			FieldCounts []struct {
				Name  string `json:"name"`
				Count int    `json:"count"`
			} `json:"field_counts"`
		}
		if code := c.do(http.MethodGet, "/api/v1/procedures?q=thanh+lap+truong", "", nil, &page); code != 200 || page.Total < 1 ||
			!slices.ContainsFunc(page.Items, func(p struct {
				Code string `json:"code"`
			}) bool {
				return p.Code == "1.004475"
			}) {
			t.Fatalf("accent-insensitive search: %d %+v", code, page)
		}
		counted := 0
		for _, f := range page.FieldCounts {
			counted += f.Count
		}
		if counted != page.Total || page.FieldCounts[0].Count < 1 {
			t.Fatalf("field counts %+v do not add up to %d", page.FieldCounts, page.Total)
		}
		var fields struct {
			Items []struct{ Count int } `json:"items"`
		}
		if code := c.do(http.MethodGet, fmt.Sprintf("/api/v1/fields?agency=%d", agencies.Items[2].ID), "", nil, &fields); code != 200 {
			t.Fatalf("fields: %d", code)
		}
		var detail procedureDetail
		if code := c.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", procID("2.000488")), "", nil, &detail); code != 200 ||
			len(detail.Components) != 2 || len(detail.FormFields) != 3 {
			t.Fatalf("procedure detail: %d %+v", code, detail)
		}
		var e apiError
		expectError(t, "bad page", c.do(http.MethodGet, "/api/v1/procedures?page=x", "", nil, &e), e, 400, "invalid_query")
		e = apiError{}
		expectError(t, "missing procedure", c.do(http.MethodGet, "/api/v1/procedures/999999", "", nil, &e), e, 404, "procedure_not_found")
	})

	owner := fresh().login("congdan", demo.Password)
	judicial := procID("2.000488")
	var submitted dossier
	var updateCode string
	t.Run("DraftsFilesSubmit", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		owner, other := owner.with(t), other.with(t)
		_ = other
		var e apiError
		expectError(t, "draft without login", fresh().postJSON("/api/v1/dossiers", map[string]any{"procedure_id": judicial}, &e), e, 401, "login_required")
		e = apiError{}
		expectError(t, "draft of a missing procedure", owner.postJSON("/api/v1/dossiers", map[string]any{"procedure_id": 999999}, &e), e, 404, "procedure_not_found")

		var d dossier
		var full struct {
			dossier
			ApplicantName string `json:"applicant_name"`
		}
		if code := owner.postJSON("/api/v1/dossiers", map[string]any{"procedure_id": judicial, "content": "Xin cấp phiếu lý lịch tư pháp"}, &full); code != 201 {
			t.Fatalf("draft: %d", code)
		}
		d = full.dossier
		if full.ApplicantName != "Nguyễn Văn An" {
			t.Errorf("applicant not prefilled from the profile: %q", full.ApplicantName)
		}
		ref := fmt.Sprint(d.ID)
		// Another citizen sees nothing of it.
		for _, try := range []func(*apiError) int{
			func(e *apiError) int { return other.do(http.MethodGet, "/api/v1/dossiers/"+ref, "", nil, e) },
			func(e *apiError) int { return other.do(http.MethodDelete, "/api/v1/dossiers/"+ref, "", nil, e) },
			func(e *apiError) int { return other.upload(ref, 1, "a.pdf", samplePDF, e) },
		} {
			var e apiError
			expectError(t, "another citizen's draft", try(&e), e, 404, "dossier_not_found")
		}
		e = apiError{}
		expectError(t, "submit without Idempotency-Key", owner.postJSON("/api/v1/dossiers/"+ref+"/submit", nil, &e), e, 400, "missing_idempotency_key")
		e = apiError{}
		expectError(t, "submit with nothing attached", owner.submitDraft(d.ID, &e), e, 422, "missing_components")
		if len(e.Error.Fields) != 5 { // two components and three form fields
			t.Errorf("missing list: %v", e.Error.Fields)
		}
		var detail procedureDetail
		owner.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", judicial), "", nil, &detail)
		comp := detail.Components[0].ID
		e = apiError{}
		expectError(t, "an executable", owner.upload(ref, comp, "virus.pdf", []byte("MZ\x90\x00 this is not a pdf"), &e), e, 415, "forbidden_file_type")
		e = apiError{}
		big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 11<<20)...)
		expectError(t, "a file too large", owner.upload(ref, comp, "big.pdf", big, &e), e, 413, "file_too_large")
		e = apiError{}
		expectError(t, "a component of another procedure", owner.upload(ref, 999999, "a.pdf", samplePDF, &e), e, 400, "component_not_found")
		var f struct {
			ID   int64  `json:"id"`
			Type string `json:"type"`
		}
		if code := owner.upload(ref, comp, "to-khai.pdf", samplePDF, &f); code != 201 || f.Type != "application/pdf" {
			t.Fatalf("upload: %d %+v", code, f)
		}
		// The file is served to its owner and to an officer of the agency, not to others.
		resp, err := owner.http.Get(a.URL() + fmt.Sprintf("/api/v1/dossiers/%s/files/%d", ref, f.ID))
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("download: %v %v", resp, err)
		}
		resp.Body.Close()
		e = apiError{}
		expectError(t, "another citizen's file", other.do(http.MethodGet, fmt.Sprintf("/api/v1/dossiers/%s/files/%d", ref, f.ID), "", nil, &e), e, 404, "dossier_not_found")
		officer := fresh().login("vanthu", demo.Password) // a clerk of another agency
		e = apiError{}
		expectError(t, "an officer of another agency", officer.do(http.MethodGet, fmt.Sprintf("/api/v1/dossiers/%s/files/%d", ref, f.ID), "", nil, &e), e, 404, "dossier_not_found")

		var extra struct {
			ID int64 `json:"id"`
		}
		owner.upload(ref, comp, "nham.pdf", samplePDF, &extra)
		if code := owner.do(http.MethodDelete, fmt.Sprintf("/api/v1/dossiers/%s/files/%d", ref, extra.ID), "", nil, nil); code != 204 {
			t.Fatalf("delete file: %d", code)
		}
		var scrap dossier
		owner.postJSON("/api/v1/dossiers", map[string]any{"procedure_id": judicial}, &scrap)
		if code := owner.do(http.MethodDelete, fmt.Sprint("/api/v1/dossiers/", scrap.ID), "", nil, nil); code != 204 {
			t.Fatalf("delete draft: %d", code)
		}
		e = apiError{}
		expectError(t, "deleted draft", owner.do(http.MethodGet, fmt.Sprint("/api/v1/dossiers/", scrap.ID), "", nil, &e), e, 404, "dossier_not_found")
		owner.upload(ref, detail.Components[1].ID, "cccd.png", samplePNG(t), nil)
		body := map[string]any{"procedure_id": judicial, "content": "Xin cấp phiếu", "form_data": map[string]string{
			"loai_phieu": "Phiếu số 1", "muc_dich": "Bổ sung hồ sơ xin việc", "so_luong": "2"}}
		if code := owner.do(http.MethodPut, "/api/v1/dossiers/"+ref, "application/json", mustJSON(body), nil); code != 200 {
			t.Fatalf("update draft: %d", code)
		}
		var sent struct {
			dossier
			UpdateCode string `json:"update_code"`
		}
		if code := owner.submitDraft(d.ID, &sent); code != 201 || sent.Code == nil || len(sent.UpdateCode) != 10 {
			t.Fatalf("submit: %d %+v", code, sent)
		}
		submitted, updateCode = sent.dossier, sent.UpdateCode
		e = apiError{}
		expectError(t, "edit after sending", owner.do(http.MethodPut, "/api/v1/dossiers/"+ref, "application/json", mustJSON(body), &e), e, 409, "not_draft")
		e = apiError{}
		expectError(t, "delete after sending", owner.do(http.MethodDelete, "/api/v1/dossiers/"+ref, "", nil, &e), e, 409, "not_draft")
		owner.waitLogged(*submitted.Code)

		var mine struct {
			Items []dossier `json:"items"`
			Total int       `json:"total"`
		}
		if code := owner.do(http.MethodGet, "/api/v1/me/dossiers?category=sent", "", nil, &mine); code != 200 ||
			!slicesContainsCode(mine.Items, *submitted.Code) {
			t.Fatalf("my sent dossiers: %d %+v", code, mine)
		}
		owner.do(http.MethodGet, "/api/v1/me/dossiers?category=unsent", "", nil, &mine)
		if slicesContainsCode(mine.Items, *submitted.Code) {
			t.Fatal("a sent dossier listed as unsent")
		}
		e = apiError{}
		expectError(t, "unknown category", owner.do(http.MethodGet, "/api/v1/me/dossiers?category=x", "", nil, &e), e, 400, "invalid_query")
		var byCode struct {
			Events []struct{ Action string } `json:"events"`
		}
		if code := owner.do(http.MethodGet, "/api/v1/dossiers/"+*submitted.Code, "", nil, &byCode); code != 200 || len(byCode.Events) == 0 {
			t.Fatalf("dossier by code: %d", code)
		}
		var mails int
		if err := a.Store.DB().Get(&mails, `SELECT count(*) FROM notifications WHERE dossier_id = $1 AND kind = 'submitted' AND body LIKE '%' || $2 || '%'`,
			submitted.ID, updateCode); err != nil {
			t.Fatal(err)
		}
		if mails != 1 {
			t.Fatalf("submission e-mail with the update code: %d", mails)
		}
	})

	t.Run("ConcurrentSubmitOneKey", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		owner, other := owner.with(t), other.with(t)
		_ = other
		id := owner.draft(judicial)
		req := func() (int, dossier) {
			r, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/dossiers/%d/submit", a.URL(), id), nil)
			r.Header.Set("Idempotency-Key", "mot-khoa-duy-nhat")
			var d dossier
			return owner.send(r, &d), d
		}
		var wg sync.WaitGroup
		codes := make([]string, 10)
		created := 0
		var mu sync.Mutex
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				status, d := req()
				mu.Lock()
				defer mu.Unlock()
				if status == 201 {
					created++
				}
				if d.Code != nil {
					codes[i] = *d.Code
				}
			}()
		}
		wg.Wait()
		for _, c := range codes {
			if c == "" || c != codes[0] {
				t.Fatalf("codes %v", codes)
			}
		}
		var n int
		if err := a.Store.DB().Get(&n, `SELECT count(*) FROM dossiers WHERE code = $1`, codes[0]); err != nil {
			t.Fatal(err)
		}
		if created != 1 || n != 1 {
			t.Fatalf("%d created answers, %d dossiers", created, n)
		}
		r, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/dossiers/%d/submit", a.URL(), id), nil)
		r.Header.Set("Idempotency-Key", "khoa-khac")
		var e apiError
		expectError(t, "another key", owner.send(r, &e), e, 409, "already_submitted")
	})

	motcua := lifecycle{t: t, a: a}.actor("motcua")
	t.Run("SupplementWithdrawRating", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		owner, other := owner.with(t), other.with(t)
		_ = other
		l := lifecycle{t: t, a: a}
		code := *submitted.Code
		deskJ := workflows.Actor{ID: 0, Name: "Một cửa Sở Tư pháp", Roles: []string{domain.RoleReception}, AgencyID: mustAgency(t, a, "000.00.04.H03")}
		l.must(code, workflows.UpdateRequestSupplement, workflows.Decision{Actor: deskJ, Components: []string{"Ảnh CCCD rõ nét"}})
		anon := fresh()
		var e apiError
		expectError(t, "supplement with a wrong update code", anon.postJSON("/api/v1/dossiers/"+code+"/supplement",
			map[string]string{"update_code": "0000000000"}, &e), e, 403, "wrong_update_code")
		e = apiError{}
		expectError(t, "supplement with no code, not signed in", anon.postJSON("/api/v1/dossiers/"+code+"/supplement",
			map[string]string{}, &e), e, 401, "login_required")
		var res struct {
			Status int `json:"status"`
		}
		if st := anon.postJSON("/api/v1/dossiers/"+code+"/supplement", map[string]any{"update_code": updateCode, "note": "Đã bổ sung",
			"form_data": map[string]string{"muc_dich": "Xin việc tại Sở Tư pháp"}}, &res); st != 200 || res.Status != 1 {
			t.Fatalf("supplement with the update code: %d %+v", st, res)
		}
		var purpose string
		if err := a.Store.DB().Get(&purpose, `SELECT form_data->>'muc_dich' FROM dossiers WHERE code = $1`, code); err != nil {
			t.Fatal(err)
		}
		if purpose != "Xin việc tại Sở Tư pháp" {
			t.Fatalf("corrected field not kept: %q", purpose)
		}
		e = apiError{}
		expectError(t, "rating before delivery", owner.postJSON("/api/v1/dossiers/"+code+"/rating", map[string]string{"rating": "satisfied"}, &e), e, 409, "not_delivered")
		if st := owner.postJSON("/api/v1/dossiers/"+code+"/withdraw", map[string]string{"note": "Không cần nữa"}, &res); st != 200 || res.Status != 7 {
			t.Fatalf("withdraw: %d %+v", st, res)
		}
		e = apiError{}
		expectError(t, "withdraw twice", owner.postJSON("/api/v1/dossiers/"+code+"/withdraw", map[string]string{}, &e), e, 409, "decision_refused")

		// A delivered dossier can be rated once.
		edu := owner.submit(procID("1.004496"))
		owner.waitLogged(edu)
		lanhdao, chuyenvien := l.actor("lanhdao"), l.actor("chuyenvien")
		for _, step := range []struct {
			name string
			d    workflows.Decision
		}{{workflows.UpdateReceive, workflows.Decision{Actor: motcua}}, {workflows.UpdateTransfer, workflows.Decision{Actor: motcua}},
			{workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao}}, {workflows.UpdateTransfer, workflows.Decision{Actor: chuyenvien}},
			{workflows.UpdateFinish, workflows.Decision{Actor: lanhdao, ResultRef: "QĐ"}},
			{workflows.UpdateDeliver, workflows.Decision{Actor: motcua, Method: "post", TrackingNumber: "EB123456789VN"}}} {
			l.must(edu, step.name, step.d)
		}
		e = apiError{}
		expectError(t, "bad rating", owner.postJSON("/api/v1/dossiers/"+edu+"/rating", map[string]string{"rating": "great"}, &e), e, 400, "invalid_rating")
		if st := owner.postJSON("/api/v1/dossiers/"+edu+"/rating", map[string]string{"rating": "very_satisfied", "comment": "Nhanh"}, nil); st != 201 {
			t.Fatalf("rating: %d", st)
		}
		e = apiError{}
		expectError(t, "second rating", owner.postJSON("/api/v1/dossiers/"+edu+"/rating", map[string]string{"rating": "satisfied"}, &e), e, 409, "already_rated")
	})

	t.Run("ForgotAndResetPassword", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		var known, unknown struct{ Message string }
		if st := fresh().postJSON("/api/v1/auth/forgot", map[string]string{"username": "nguoidung3"}, &known); st != 202 {
			t.Fatalf("forgot: %d", st)
		}
		fresh().postJSON("/api/v1/auth/forgot", map[string]string{"username": "khongtontai"}, &unknown)
		if known.Message != unknown.Message {
			t.Fatal("forgotten password reveals whether the account exists")
		}
		var body string
		if err := a.Store.DB().Get(&body, `SELECT body FROM notifications WHERE kind = 'password_reset' ORDER BY id DESC LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		m := regexp.MustCompile(`token=([A-Za-z0-9_-]+)`).FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link in %q", body)
		}
		var e apiError
		expectError(t, "weak new password", fresh().postJSON("/api/v1/auth/reset", map[string]string{"token": m[1], "new_password": "abc"}, &e), e, 422, "weak_password")
		if st := fresh().postJSON("/api/v1/auth/reset", map[string]string{"token": m[1], "new_password": "datlai2027"}, nil); st != 204 {
			t.Fatalf("reset: %d", st)
		}
		e = apiError{}
		expectError(t, "token reused", fresh().postJSON("/api/v1/auth/reset", map[string]string{"token": m[1], "new_password": "datlai2028"}, &e), e, 400, "invalid_token")
		fresh().login("nguoidung3", "datlai2027")
	})

	t.Run("LookupMaskingAndRateLimit", func(t *testing.T) {
		cur = t
		defer func() { cur = top }()
		anon := fresh()
		var l struct {
			Owner  string `json:"owner"`
			Masked bool   `json:"masked"`
		}
		if st := anon.do(http.MethodGet, "/api/v1/lookup?code="+*submitted.Code, "", nil, &l); st != 200 || !l.Masked || l.Owner != "N. V. An" {
			t.Fatalf("anonymous lookup: %d %+v", st, l)
		}
		if st := anon.do(http.MethodGet, "/api/v1/lookup?code="+*submitted.Code+"&update_code="+updateCode, "", nil, &l); st != 200 || l.Masked || l.Owner != "Nguyễn Văn An" {
			t.Fatalf("lookup with the update code: %d %+v", st, l)
		}
		var list struct {
			Items []struct{ Code string } `json:"items"`
		}
		if st := anon.do(http.MethodGet, "/api/v1/lookup?id_number=001203004567", "", nil, &list); st != 200 || len(list.Items) < 2 {
			t.Fatalf("lookup by ID number: %d %+v", st, list)
		}
		var e apiError
		expectError(t, "bad ID number", anon.do(http.MethodGet, "/api/v1/lookup?id_number=12", "", nil, &e), e, 400, "invalid_code")
		limited := false
		for range 40 {
			e = apiError{}
			if st := anon.do(http.MethodGet, "/api/v1/lookup?code="+*submitted.Code, "", nil, &e); st == 429 {
				limited = e.Error.Code == "too_many_requests"
				break
			}
		}
		if !limited {
			t.Fatal("40 lookups in a row were never limited")
		}
	})
}

func slicesContainsCode(ds []dossier, code string) bool {
	for _, d := range ds {
		if d.Code != nil && *d.Code == code {
			return true
		}
	}
	return false
}

func mustAgency(t *testing.T, a *app.App, code string) int64 {
	t.Helper()
	var id int64
	if err := a.Store.DB().Get(&id, `SELECT id FROM agencies WHERE code = $1`, code); err != nil {
		t.Fatal(err)
	}
	return id
}

func samplePNG(t *testing.T) []byte {
	return []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
}
