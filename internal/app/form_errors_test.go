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

// TestFormErrorsInOneAnswer: the online form reports a refused file, the empty required
// declaration fields and the missing documents in one answer (an unchosen select says
// "Chưa chọn"), and the JSON API reports a bad applicant and a bad content together.
func TestFormErrorsInOneAnswer(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var proc struct {
		ID         int64 `json:"id"`
		Components []struct {
			ID   int64  `json:"id"`
			Name string `json:"name"`
		} `json:"components"`
	}
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '2.000488'`); err != nil {
		t.Fatal(err)
	}
	newClient(t, a.URL()).do(http.MethodGet, fmt.Sprint("/api/v1/procedures/", procID), "", nil, &proc)
	b := newBrowser(t, a.URL())
	b.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password}})
	formPath := b.post(fmt.Sprint("/thu-tuc/", procID), fmt.Sprint("/thu-tuc/", procID, "/nop"), url.Values{}).Location
	form := b.get(formPath)
	sent := b.postFiles(formPath, url.Values{"csrf_token": {csrfField.FindStringSubmatch(form.Body)[1]},
		"idempotency_key": {fieldValue(form.Body, "idempotency_key")}, "action": {"send"},
		"applicant_name": {"Nguyễn Văn An"}, "id_number": {"001203004567"}, "phone": {"0912345678"}},
		map[string][2]string{fmt.Sprint("file_", proc.Components[0].ID): {"to-khai.exe", "MZ\x90\x00 not a document"}})
	body := html.UnescapeString(sent.Body)
	if sent.Status != http.StatusUnsupportedMediaType { // the first refusal, the file, gives the status
		t.Fatalf("send with a bad file and empty fields: %d", sent.Status)
	}
	for _, want := range []string{"(tệp to-khai.exe)", "Chưa chọn: Loại phiếu yêu cầu cấp", "Chưa nhập: Mục đích sử dụng phiếu",
		"Chưa nhập: Số lượng phiếu yêu cầu cấp", "Chưa đính kèm: " + proc.Components[1].Name} {
		if !strings.Contains(body, want) {
			t.Errorf("the first answer lacks %q", want)
		}
	}
	if strings.Contains(body, "Chưa nhập: Loại phiếu") {
		t.Error("an unchosen select is reported as not typed")
	}

	var e apiError
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	st := citizen.postJSON("/api/v1/dossiers", map[string]any{"procedure_id": procID, "phone": "12",
		"postal_send": true, "content": strings.Repeat("x", 2001)}, &e)
	if st != 422 || e.Error.Fields["phone"] == "" || e.Error.Fields["content"] == "" || e.Error.Fields["postal_address"] == "" {
		t.Fatalf("a draft with a bad phone and a bad content: %d %+v", st, e.Error)
	}
}
