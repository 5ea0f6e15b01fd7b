package app_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestCitizenDossierPages: the owner's dossier page shows what was declared and links
// the dossier's slips; the supplement page lists the files already sent; sending a
// supplement redirects (owner and update-code holder alike), so a refresh sends nothing.
func TestCitizenDossierPages(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '2.001914'`); err != nil {
		t.Fatal(err)
	}
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	motcua := newClient(t, a.URL()).login("motcua", demo.Password)
	code := citizen.submit(procID)
	citizen.waitLogged(code)
	var row struct {
		ID         int64  `db:"id"`
		Copies     string `db:"copies"`
		UpdateCode string `db:"update_code"`
	}
	noErr(t, a.Store.DB().Get(&row, `SELECT id, form_data->>'so_ban_sao' AS copies, update_code FROM dossiers WHERE code = $1`, code))
	act := func(action string, body map[string]any) {
		t.Helper()
		if st := motcua.postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+action, body, nil); st != 200 {
			t.Fatalf("%s: %d", action, st)
		}
	}
	act("receive", nil)
	b := newBrowser(t, a.URL())
	b.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password}})
	own := fmt.Sprint("/ho-so/", row.ID)
	p := b.get(own)
	body := html.UnescapeString(p.Body)
	for _, want := range []string{"Loại văn bằng, chứng chỉ", "Năm tốt nghiệp hoặc năm cấp", "Số bản sao đề nghị cấp</dt><dd>" + row.Copies,
		`id="slips"`, "/api/v1/dossiers/" + code + "/slips/receipt.pdf", "/slips/log.pdf"} {
		if !strings.Contains(body, want) {
			t.Errorf("the owner's dossier page lacks %q", want)
		}
	}
	if slip := b.get("/api/v1/dossiers/" + code + "/slips/receipt.pdf"); slip.Status != 200 || !strings.HasPrefix(slip.Body, "%PDF-") {
		t.Errorf("the linked receipt: %d", slip.Status)
	}

	act("request_supplement", map[string]any{"components": []string{"Đơn có chữ ký"}})
	form := b.get(own + "/bo-sung")
	form.has(t, "Đã gửi", "giay-to.pdf")
	sent := b.post(own+"/bo-sung", own+"/bo-sung", url.Values{"note": {"Đã ký đơn"}})
	expectPage(t, "the owner's supplement", sent, http.StatusSeeOther, own+"?da-bo-sung=1")
	b.get(sent.Location).has(t, `id="notice"`)
	again := b.post(own, own+"/bo-sung", url.Values{"note": {"Đã ký đơn"}})
	if again.Status != http.StatusConflict {
		t.Errorf("the same supplement a second time: %d", again.Status)
	}

	// A second request in the reception stage is the leader's, with a reason (one request a stage).
	lanhdao := newClient(t, a.URL()).login("lanhdao", demo.Password)
	if st := lanhdao.postJSON("/api/v1/officer/dossiers/"+code+"/actions/request_supplement", map[string]any{
		"components": []string{"Bản sao CCCD rõ hơn"}, "approval_reason": "Bản sao lần trước bị mờ"}, nil); st != 200 {
		t.Fatalf("the leader's further request_supplement: %d", st)
	}
	anon := newBrowser(t, a.URL())
	step1 := anon.post("/bo-sung", "/bo-sung", url.Values{"code": {code}, "update_code": {row.UpdateCode}})
	step1.has(t, "Đã gửi", "giay-to.pdf")
	if strings.Contains(step1.Body, "/api/v1/dossiers/") {
		t.Error("the update-code holder is offered download links the API refuses them")
	}
	done := anon.post("/bo-sung", "/bo-sung", url.Values{"code": {code}, "update_code": {row.UpdateCode}, "step": {"send"}})
	expectPage(t, "the supplement by update code", done, http.StatusSeeOther, "/bo-sung/da-gui?code="+url.QueryEscape(code))
	anon.get(done.Location).has(t, code, `id="notice"`)
}
