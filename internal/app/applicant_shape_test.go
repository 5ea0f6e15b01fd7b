package app_test

import (
	"net/http"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestApplicantShape: the applicant is "applicant" {name, id_number, phone, email,
// address} in a draft request, in the dossier, in the officer's inbox and in the public
// lookup (name and address, masked for strangers); the old flat fields remain, as the
// OpenAPI document (deprecated) says.
func TestApplicantShape(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	spec := loadSpec(t, a.URL())
	as := func(username string) client {
		c := newClient(t, a.URL()).login(username, demo.Password)
		c.spec = spec
		return c
	}
	citizen := as("congdan")
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	id := citizen.draftWith(procID, map[string]any{"applicant_name": "", "id_number": "", "applicant": map[string]any{
		"name": "Trần Thị Bình", "id_number": "001305009876", "phone": "0912000111", "email": "binh@example.vn", "address": "Tổ 5, phường Sông Cầu"}})
	type applicant struct {
		Name     string `json:"name"`
		IDNumber string `json:"id_number"`
		Phone    string `json:"phone"`
		Address  string `json:"address"`
	}
	var d struct {
		Code          *string   `json:"code"`
		Applicant     applicant `json:"applicant"`
		ApplicantName string    `json:"applicant_name"`
	}
	if st := citizen.submitDraft(id, &d); st != http.StatusCreated || d.Applicant.Name != "Trần Thị Bình" ||
		d.Applicant.Address != "Tổ 5, phường Sông Cầu" || d.Applicant.IDNumber != "001305009876" || d.ApplicantName != "Trần Thị Bình" {
		t.Fatalf("the submitted dossier: %d %+v", st, d)
	}
	citizen.waitLogged(*d.Code)
	var inbox struct {
		Items []struct {
			Applicant applicant `json:"applicant"`
		} `json:"items"`
	}
	if st := as("motcua").do(http.MethodGet, "/api/v1/officer/inbox", "", nil, &inbox); st != 200 || len(inbox.Items) != 1 ||
		inbox.Items[0].Applicant.Name != "Trần Thị Bình" {
		t.Fatalf("the inbox: %d %+v", st, inbox)
	}
	var l struct {
		Applicant applicant `json:"applicant"`
		Owner     string    `json:"owner"`
		Masked    bool      `json:"masked"`
	}
	anonymous := newClient(t, a.URL())
	anonymous.spec = spec
	if st := anonymous.do(http.MethodGet, "/api/v1/lookup?code="+*d.Code, "", nil, &l); st != 200 || !l.Masked ||
		l.Applicant.Name != l.Owner || l.Applicant.Name == "Trần Thị Bình" || l.Applicant.IDNumber != "" || l.Applicant.Phone != "" || l.Applicant.Name == "" {
		t.Fatalf("the anonymous lookup: %d %+v", st, l)
	}
	if st := citizen.do(http.MethodGet, "/api/v1/lookup?code="+*d.Code, "", nil, &l); st != 200 || l.Masked || l.Applicant.Name != "Trần Thị Bình" {
		t.Fatalf("the owner's lookup: %d %+v", st, l)
	}
}
