package app_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestStartDraftTwice: clicking "Nộp hồ sơ trực tuyến" twice opens the same untouched
// draft; once the citizen has typed into it, the next click starts a new one.
func TestStartDraftTwice(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var procID, owner int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	noErr(t, a.Store.DB().Get(&owner, `SELECT id FROM accounts WHERE username = 'congdan'`))
	drafts := func() int {
		var n int
		noErr(t, a.Store.DB().Get(&n, `SELECT count(*) FROM dossiers WHERE owner_id = $1 AND status = 0`, owner))
		return n
	}
	b := newBrowser(t, a.URL())
	expectPage(t, "login", b.post("/dang-nhap", "/dang-nhap", url.Values{"username": {"congdan"}, "password": {demo.Password}}), http.StatusSeeOther, "")
	procPage, start := fmt.Sprint("/thu-tuc/", procID), fmt.Sprint("/thu-tuc/", procID, "/nop")
	first := b.post(procPage, start, url.Values{})
	second := b.post(procPage, start, url.Values{})
	expectPage(t, "first click", first, http.StatusSeeOther, "/ho-so/")
	if second.Location != first.Location || drafts() != 1 {
		t.Fatalf("two clicks: %s and %s, %d drafts", first.Location, second.Location, drafts())
	}
	csrf := csrfField.FindStringSubmatch(b.get(first.Location).Body)[1]
	saved := b.post(first.Location, first.Location, url.Values{"csrf_token": {csrf}, "action": {"save"},
		"applicant_name": {"Nguyễn Văn An"}, "id_number": {"001203004567"}, "phone": {"0912345678"},
		"email": {"congdan@example.vn"}, "content": {"Đề nghị cho phép trường hoạt động"}})
	if saved.Status >= 400 {
		t.Fatalf("save the draft: %d", saved.Status)
	}
	third := b.post(procPage, start, url.Values{})
	if third.Location == first.Location || drafts() != 2 {
		t.Fatalf("a click after typing into the draft reopened it (%s), %d drafts", third.Location, drafts())
	}
}
