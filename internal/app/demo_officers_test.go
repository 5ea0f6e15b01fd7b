package app_test

import (
	"net/http"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestDemoAgencyOfficers: a citizen submits to Sở Xây dựng (not one of the featured
// agencies), and its generated officers receive it, take it through every step of the
// route (leader, specialist, Công an tỉnh's opinion, leader, clerk) and deliver the
// result.
func TestDemoAgencyOfficers(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.009972'`); err != nil {
		t.Fatal(err)
	}
	citizen := newClient(t, a.URL()).login("congdan", demo.Password)
	code := citizen.submit(procID)
	citizen.waitLogged(code)
	as := func(username string) client { return newClient(t, a.URL()).login(username, demo.Password) }
	act := func(c client, action string, body map[string]any) stateBody {
		t.Helper()
		if body == nil {
			body = map[string]any{}
		}
		var s stateBody
		if st := c.postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+action, body, &s); st != http.StatusOK {
			t.Fatalf("%s: %d", action, st)
		}
		return s
	}
	motcua := as("sxd.motcua")
	act(motcua, "receive", nil)
	act(motcua, "transfer", nil)
	claim := func(c client) {
		t.Helper()
		var s stateBody
		if st := c.postJSON("/api/v1/officer/dossiers/"+code+"/claim", nil, &s); st != http.StatusOK {
			t.Fatalf("claim: %d", st)
		}
	}
	lanhdao, chuyenvien := as("sxd.lanhdao"), as("sxd.chuyenvien")
	claim(lanhdao)
	act(lanhdao, "transfer", map[string]any{"note": "Đồng ý"})
	claim(chuyenvien)
	act(chuyenvien, "transfer_interagency", map[string]any{"note": "Đề nghị có ý kiến về phòng cháy, chữa cháy"})
	act(as("cat.motcua"), "receive_interagency", nil) // Công an tỉnh
	police := as("cat.chuyenvien")
	claim(police)
	act(police, "return_interagency", map[string]any{"note": "Đủ điều kiện"})
	claim(lanhdao)
	act(lanhdao, "transfer", map[string]any{"note": "Đồng ý cấp phép"})
	vanthu := as("sxd.vanthu")
	var s stateBody
	if st := vanthu.postJSON("/api/v1/officer/dossiers/"+code+"/claim", nil, &s); st != http.StatusOK {
		t.Fatalf("the clerk claims: %d", st)
	}
	var result struct {
		Name string `json:"name"`
	}
	if st := vanthu.uploadTo("/api/v1/officer/dossiers/"+code+"/files", nil, "GPXD.pdf", samplePDF, &result); st != http.StatusCreated {
		t.Fatalf("result upload: %d", st)
	}
	if s := act(vanthu, "finish", map[string]any{"result_ref": result.Name}); s.Status != 9 {
		t.Fatalf("finish: %+v", s)
	}
	if s := act(motcua, "deliver", map[string]any{"method": "desk", "received_by": "Nguyễn Văn An"}); s.Status != 10 {
		t.Fatalf("deliver: %+v", s)
	}
}
