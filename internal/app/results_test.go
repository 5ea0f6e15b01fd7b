package app_test

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/signer"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// storeDocument is a document of GET /me/documents.
type storeDocument struct {
	ID          int64   `json:"id"`
	Kind        string  `json:"kind"`
	Name        string  `json:"name"`
	SourceCode  string  `json:"source_code"`
	Issuer      string  `json:"issuer"`
	ValidUntil  *string `json:"valid_until"`
	DownloadURL string  `json:"download_url"`
	Downloaded  *string `json:"downloaded_at"`
}

// verdict is the answer of POST /lookup/verify.
type verdict struct {
	Genuine     bool   `json:"genuine"`
	Message     string `json:"message"`
	DossierCode string `json:"dossier_code"`
	Kind        string `json:"kind"`
}

// resultsFlow carries a dossier of 2.001914 (Cấp bản sao văn bằng, chứng chỉ từ sổ gốc)
// through its route to a signed result: the clerk receives it and hands it to the
// specialist, who sends it to the leader, who sends it to the clerk of the last step.
type resultsFlow struct {
	t        *testing.T
	a        *app.App
	spec     *specChecker
	citizen  client
	officers map[string]client
	ids      map[string]int64
}

func newResultsFlow(t *testing.T, a *app.App) *resultsFlow {
	f := &resultsFlow{t: t, a: a, spec: loadSpec(t, a.URL()), officers: map[string]client{}, ids: map[string]int64{}}
	f.citizen = f.as("congdan")
	admin := f.as("quantri")
	for _, u := range []string{"motcua", "chuyenvien", "lanhdao", "vanthu"} {
		f.officers[u] = f.as(u)
		f.ids[u] = staffID(t, admin, u)
	}
	return f
}

func (f *resultsFlow) as(username string) client {
	c := newClient(f.t, f.a.URL()).login(username, demo.Password)
	c.spec = f.spec
	return c
}

// act sends an officer's decision and fails the test unless it is applied.
func (f *resultsFlow) act(who, code, action string, body map[string]any) {
	f.t.Helper()
	var s stateBody
	if st := f.officers[who].with(f.t).postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+action, body, &s); st != 200 {
		f.t.Fatalf("%s %s: %d", who, action, st)
	}
}

// toResult submits a dossier of procedure id and takes it to "result ready" with a
// signed result; it returns the code.
func (f *resultsFlow) toResult(procID int64) string {
	f.t.Helper()
	code := f.citizen.with(f.t).submit(procID)
	f.citizen.with(f.t).waitLogged(code)
	f.act("motcua", code, "receive", nil)
	f.act("motcua", code, "transfer", map[string]any{"to_officer_id": f.ids["chuyenvien"]})
	f.act("chuyenvien", code, "transfer", map[string]any{"to_officer_id": f.ids["lanhdao"]})
	f.act("lanhdao", code, "transfer", map[string]any{"to_officer_id": f.ids["vanthu"]})
	var result struct {
		Name string `json:"name"`
	}
	if st := f.officers["vanthu"].with(f.t).uploadTo("/api/v1/officer/dossiers/"+code+"/files", nil, "ban-sao-bang-tot-nghiep.pdf",
		pdfSaying("Ban sao bang tot nghiep THPT"), &result); st != 201 {
		f.t.Fatalf("result upload: %d", st)
	}
	f.act("vanthu", code, "finish", map[string]any{"result_ref": result.Name})
	return code
}

// documents is the citizen c's store.
func documents(t *testing.T, c client) []storeDocument {
	t.Helper()
	var out struct {
		Items []storeDocument `json:"items"`
	}
	if st := c.with(t).do(http.MethodGet, "/api/v1/me/documents", "", nil, &out); st != 200 {
		t.Fatalf("my documents: %d", st)
	}
	return out.Items
}

// get downloads path as c and returns the status and the body.
func get(t *testing.T, c client, path string) (int, []byte) {
	t.Helper()
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

// TestDocumentStore: the components a citizen submits and the result delivered online
// land in their store (and nobody else's), signed, with its QR code; the public lookup
// says the result is genuine and a changed copy is not; the QR code's fields match the
// dossier; a second dossier takes the result from the store, and the officers see where
// it came from; the store stays the account's when its profile changes.
func TestDocumentStore(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	f := newResultsFlow(t, a)
	copyProc, centreProc := procID(t, a, "2.001914"), procID(t, a, "1.005090")
	code := f.toResult(copyProc)

	var e apiError
	expectError(t, "a delivery by post without its tracking number",
		f.officers["motcua"].postJSON("/api/v1/officer/dossiers/"+code+"/actions/deliver", map[string]any{"method": "post"}, &e), e, 422, "invalid_decision")
	f.act("motcua", code, "deliver", map[string]any{"method": "online"})

	docs := documents(t, f.citizen)
	var result storeDocument
	components := 0
	for _, d := range docs {
		switch {
		case d.Kind == "result":
			result = d
		case d.Kind == "component" && d.SourceCode == code:
			components++
		}
	}
	if result.ID == 0 || result.SourceCode != code || result.Issuer != "Sở Giáo dục và Đào tạo" || result.ValidUntil != nil ||
		!strings.Contains(result.Name, "bản sao văn bằng") {
		t.Fatalf("the result in the store: %+v (store %+v)", result, docs)
	}
	if components == 0 {
		t.Errorf("the submitted components are not in the store: %+v", docs)
	}
	trust := pdftools.TrustStore(t, devRoot(t, a))
	st, pdf := get(t, f.citizen, result.DownloadURL)
	if st != 200 {
		t.Fatalf("download: %d", st)
	}
	checkSigned(t, "the stored result", pdf, trust, code)
	if again := documents(t, f.citizen); again[0].Downloaded == nil && again[len(again)-1].Downloaded == nil {
		t.Errorf("the download was not recorded: %+v", again)
	}

	t.Run("NotSharedAcrossCitizens", func(t *testing.T) {
		other := newClient(t, a.URL())
		var s session
		if st := other.postJSON("/api/v1/auth/register", registration("congdan.thu2"), &s); st != http.StatusCreated {
			t.Fatalf("register: %d", st)
		}
		other = other.withCSRF(s.CSRF)
		other.spec = f.spec
		if docs := documents(t, other); len(docs) != 0 {
			t.Fatalf("another citizen's store: %+v", docs)
		}
		var e apiError
		expectError(t, "another citizen's document", other.do(http.MethodGet, result.DownloadURL, "", nil, &e), e, 404, "document_not_found")
		expectError(t, "an officer's store", f.officers["motcua"].do(http.MethodGet, "/api/v1/me/documents", "", nil, &e), e, 403, "citizens_only")
	})

	t.Run("PublicVerification", func(t *testing.T) {
		var v verdict
		if st := f.citizen.with(t).uploadTo("/api/v1/lookup/verify", nil, "ket-qua.pdf", pdf, &v); st != 200 || !v.Genuine ||
			!strings.HasPrefix(v.Message, "Văn bản hợp lệ, do Sở Giáo dục và Đào tạo ký ngày ") || v.DossierCode != code || v.Kind != "result" {
			t.Fatalf("verify the result: %d %+v", st, v)
		}
		tampered := bytes.Replace(pdf, []byte("/Producer ("), []byte("/Producer )"), 1)
		v = verdict{}
		if st := f.citizen.with(t).uploadTo("/api/v1/lookup/verify", nil, "ket-qua.pdf", tampered, &v); st != 200 || v.Genuine {
			t.Fatalf("verify a changed copy: %d %+v", st, v)
		}
		var e apiError
		expectError(t, "an image", f.citizen.with(t).uploadTo("/api/v1/lookup/verify", nil, "anh.png", samplePNG(t), &e), e, 415, "pdf_required")
	})

	t.Run("QRCodeFields", func(t *testing.T) {
		codes := pdftools.QRCodes(t, pdf)
		u, err := url.Parse(codes[0])
		if err != nil || u.Query().Get("procedure") != "2.001914" || len(u.Query().Get("applicant")) != 16 || strings.Contains(codes[0], "001203004567") {
			t.Fatalf("QR code %q", codes[0])
		}
		var l struct {
			QR struct {
				Valid   bool   `json:"valid"`
				Message string `json:"message"`
			} `json:"qr"`
		}
		if st := f.citizen.with(t).do(http.MethodGet, "/api/v1/lookup?"+u.RawQuery, "", nil, &l); st != 200 || !l.QR.Valid {
			t.Fatalf("lookup of the scanned code: %d %+v", st, l)
		}
		q := u.Query()
		q.Set("applicant", "0000000000000000")
		if st := f.citizen.with(t).do(http.MethodGet, "/api/v1/lookup?"+q.Encode(), "", nil, &l); st != 200 || l.QR.Valid || l.QR.Message == "" {
			t.Fatalf("lookup of a forged code: %d %+v", st, l)
		}
	})

	t.Run("TakenFromTheStore", func(t *testing.T) {
		c := f.citizen.with(t)
		var p procedureDetail
		c.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", centreProc), "", nil, &p)
		body := applicant(centreProc)
		var d dossier
		if st := c.postJSON("/api/v1/dossiers", body, &d); st != http.StatusCreated {
			t.Fatalf("draft: %d", st)
		}
		form := map[string]string{"component_id": fmt.Sprint(p.Components[0].ID), "document_id": fmt.Sprint(result.ID)}
		var file struct {
			Name   string `json:"name"`
			Origin *struct {
				SourceCode string `json:"source_code"`
				Kind       string `json:"kind"`
			} `json:"origin"`
		}
		if st := c.postForm(fmt.Sprintf("/api/v1/dossiers/%d/files", d.ID), form, &file); st != http.StatusCreated ||
			file.Origin == nil || file.Origin.SourceCode != code || file.Origin.Kind != "result" {
			t.Fatalf("take from the store: %d %+v", st, file)
		}
		var e apiError
		form["document_id"] = "999999"
		expectError(t, "a document not in the store", c.postForm(fmt.Sprintf("/api/v1/dossiers/%d/files", d.ID), form, &e), e, 404, "document_not_found")
		var sent dossier
		if st := c.submitDraft(d.ID, &sent); st != http.StatusCreated {
			t.Fatalf("submit: %d", st)
		}
		c.waitLogged(*sent.Code)
		var od struct {
			Dossier struct {
				Files []struct {
					Origin *struct {
						SourceCode string `json:"source_code"`
						Issuer     string `json:"issuer"`
					} `json:"origin"`
				} `json:"files"`
			} `json:"dossier"`
		}
		if st := f.officers["motcua"].with(t).do(http.MethodGet, "/api/v1/officer/dossiers/"+*sent.Code, "", nil, &od); st != 200 ||
			len(od.Dossier.Files) != 1 || od.Dossier.Files[0].Origin == nil || od.Dossier.Files[0].Origin.SourceCode != code ||
			od.Dossier.Files[0].Origin.Issuer != "Sở Giáo dục và Đào tạo" {
			t.Fatalf("the officer's view: %d %+v", st, od)
		}
		_, page := get(t, f.officers["motcua"], "/can-bo/ho-so/"+*sent.Code)
		if !strings.Contains(string(page), "Lấy từ kho dữ liệu của công dân: Kết quả giải quyết của hồ sơ "+code) {
			t.Errorf("the console does not say the document came from the store")
		}
	})

	t.Run("SurvivesProfileChange", func(t *testing.T) {
		c := f.citizen.with(t)
		before := documents(t, c)
		profile := map[string]string{"full_name": "Nguyễn Văn An", "gender": "male", "date_of_birth": "1985-03-12",
			"address": "Số 5, phường Đức Xuân, Bắc Kạn", "phone": "0912000111", "email": "an.moi@example.vn"}
		var me session
		if st := c.do(http.MethodPut, "/api/v1/me", "application/json", mustJSON(profile), &me); st != 200 {
			t.Fatalf("update profile: %d", st)
		}
		after := documents(t, c)
		same := len(after) == len(before)
		for i := range after {
			same = same && after[i].ID == before[i].ID
		}
		if st, _ := get(t, c, result.DownloadURL); !same || st != 200 {
			t.Fatalf("after a profile change: download %d, store %+v (was %+v)", st, after, before)
		}
	})
}

// postForm posts a multipart form of fields only to path.
func (c client) postForm(path string, fields map[string]string, out any) int {
	c.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.send(req, out)
}

// procID is the id of the procedure with code.
func procID(t *testing.T, a *app.App, code string) int64 {
	t.Helper()
	var id int64
	if err := a.Store.DB().Get(&id, `SELECT id FROM procedures WHERE code = $1`, code); err != nil {
		t.Fatal(err)
	}
	return id
}

// devRoot is the demo CA `dvc dev` made under the stack's data directory.
func devRoot(t *testing.T, a *app.App) *x509.Certificate {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(a.Config.DataDir, "signing", signer.DevCACert))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(b)
	if block == nil {
		t.Fatal("the demo CA is not PEM")
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkSigned runs pdfsig and zbarimg on a document the system issued: one valid,
// trusted signature over the whole file, and a QR code naming the dossier; with one
// byte changed, pdfsig reports the signature broken.
func checkSigned(t *testing.T, what string, pdf []byte, trust, code string) {
	t.Helper()
	sigs := pdftools.Pdfsig(t, pdf, trust)
	if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole || sigs[0].Certificate != "Certificate is Trusted." {
		t.Errorf("%s: pdfsig: %+v", what, sigs)
	}
	codes := pdftools.QRCodes(t, pdf)
	if len(codes) != 1 || !strings.Contains(codes[0], "code="+code) {
		t.Errorf("%s: QR codes %q, want one naming %s", what, codes, code)
	}
	i := bytes.Index(pdf, []byte("/Producer ("))
	if i < 0 {
		t.Fatalf("%s: no /Producer to change", what)
	}
	tampered := bytes.Clone(pdf)
	tampered[i+len("/Producer (")] ^= 0x01
	if sigs := pdftools.Pdfsig(t, tampered, trust); len(sigs) != 1 || sigs[0].Valid() {
		t.Errorf("%s: pdfsig accepts a modified byte: %+v", what, sigs)
	}
}
