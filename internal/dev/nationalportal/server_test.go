package nationalportal_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/nationalportal"
)

func start(t *testing.T) *nationalportal.Server {
	t.Helper()
	s, err := nationalportal.Start("127.0.0.1:0", nationalportal.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func get(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestPageAndForm(t *testing.T) {
	s := start(t)
	status, body := get(t, s.URL()+"/")
	if status != http.StatusOK || !strings.Contains(body, "Môi trường thử nghiệm – cổng DVC quốc gia giả lập") ||
		!strings.Contains(body, "Nộp hồ sơ") || !strings.Contains(body, "2.000488") {
		t.Fatalf("page %d:\n%.500s", status, body)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"procedure_code": "2.000488", "owner": "Hoàng Thị Mai", "id_number": "001199000123", "delivery": "pull"} {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("files", "Tờ khai.pdf")
	_, _ = fw.Write([]byte("%PDF-1.4"))
	_ = mw.Close()
	resp, err := noRedirect.Post(s.URL()+"/control/submit", mw.FormDataContentType(), &buf)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("submit: %d", resp.StatusCode)
	}
	st := s.State()
	if len(st.Sent) != 1 || st.Sent[0].Submission.Owner != "Hoàng Thị Mai" || len(st.Sent[0].Submission.Files) != 1 {
		t.Fatalf("sent %+v", st.Sent)
	}
	if _, body := get(t, s.URL()+"/"); !strings.Contains(body, st.Sent[0].Code) {
		t.Error("the page does not list the submitted dossier")
	}
	resp, _ = noRedirect.PostForm(s.URL()+"/control/submit", url.Values{"procedure_code": {"2.000488"}})
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(string(b), "Chưa nhập họ tên chủ hồ sơ.") {
		t.Errorf("incomplete form: %d", resp.StatusCode)
	}
}

func TestFaultControl(t *testing.T) {
	s := start(t)
	post := func(body string) int {
		resp, err := http.Post(s.URL()+"/control/fault", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if post(`{"mode":"delay","delay":"3s","count":2}`) != http.StatusOK {
		t.Fatal("delay refused")
	}
	if f := s.State().Fault; f.Mode != nationalportal.FaultDelay || f.Delay.Seconds() != 3 || f.Count != 2 || f.Scope != nationalportal.ScopeMessages {
		t.Errorf("fault %+v", f)
	}
	if post(`{"mode":"explode"}`) != http.StatusBadRequest || post(`{"mode":"delay","delay":"soon"}`) != http.StatusBadRequest {
		t.Error("bad faults accepted")
	}
	resp, _ := noRedirect.PostForm(s.URL()+"/control/fault", url.Values{"mode": {"refuse"}, "message": {"Sai mã"}})
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || s.State().Fault.Message != "Sai mã" {
		t.Errorf("form: %d %+v", resp.StatusCode, s.State().Fault)
	}
}

// envelope posts a service request with a fresh session.
func envelope(t *testing.T, s *nationalportal.Server, data string) map[string]any {
	t.Helper()
	resp, err := http.Post(s.URL()+nationalportal.PathAuth, "application/json", strings.NewReader(`{"username":"dvc","password":"dvc-dev"}`))
	if err != nil {
		t.Fatal(err)
	}
	var auth struct{ Session string }
	_ = json.NewDecoder(resp.Body).Decode(&auth)
	resp.Body.Close()
	body := `{"session":"` + auth.Session + `","madonvi":"000.00.00.H03","service":"DongBoHoSoMC","isUpdating":"False","data":` + data + `}`
	resp, err = http.Post(s.URL()+nationalportal.PathIntegration, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return out
}

func TestWireRules(t *testing.T) {
	s := start(t)
	ok := `{"MaHoSo":"A-1","MaTTHC":"2.000488","TenTTHC":"T","MaLinhVuc":"LLTP","TenLinhVuc":"L","LoaiDoiTuong":"1","TrichYeuHoSo":"x","NgayTiepNhan":"20260302090000","TrangThaiHoSo":"2","HinhThuc":"0","DonViXuLy":"Sở Tư pháp","TaiLieuNop":[]}`
	for _, tc := range []struct{ name, data, want string }{
		{"number", "[" + strings.Replace(ok, `"TrangThaiHoSo":"2"`, `"TrangThaiHoSo":2`, 1) + "]", "TrangThaiHoSo không phải chuỗi"},
		{"status 11", "[" + strings.Replace(ok, `"TrangThaiHoSo":"2"`, `"TrangThaiHoSo":"11"`, 1) + "]", "không thuộc 1–10"},
		{"bad date", "[" + strings.Replace(ok, `"20260302090000"`, `"2026-03-02"`, 1) + "]", "NgayTiepNhan"},
		{"missing", "[" + strings.Replace(ok, `"MaTTHC":"2.000488",`, ``, 1) + "]", "thiếu MaTTHC"},
		{"null list", "[" + strings.Replace(ok, `"TaiLieuNop":[]`, `"TaiLieuNop":null`, 1) + "]", "TaiLieuNop không phải chuỗi"},
		{"boolean", "[" + strings.Replace(ok, `"TaiLieuNop":[]`, `"TaiLieuNop":[{"IsDeleted":false}]`, 1) + "]", "IsDeleted không phải chuỗi"},
		{"not a list", ok, "danh sách"},
		{"accepted", "[" + ok + "]", ""},
		{"exists", "[" + ok + "]", "đã tồn tại"},
	} {
		out := envelope(t, s, tc.data)
		msg, _ := out["message"].(string)
		if tc.want == "" && out["error_code"] != "0" || tc.want != "" && !strings.Contains(msg, tc.want) {
			t.Errorf("%s: %v", tc.name, out)
		}
	}
	if st := s.State(); len(st.Received["A-1"].Snapshots) != 1 || len(st.Refusals) != 7 {
		t.Errorf("bookkeeping: %+v", st)
	}
}
