package api

import (
	"bytes"
	"encoding/json"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/validate"
)

// fuzzContext is a gin context for a POST with body and content type, its body capped
// as the server caps it.
func fuzzContext(contentType string, body []byte, limit int64) *gin.Context {
	w := httptest.NewRecorder()
	c, _ := gin.CreateTestContext(w)
	req := httptest.NewRequest(http.MethodPost, "/api/v1/x", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Body = http.MaxBytesReader(w, req.Body, limit)
	c.Request = req
	return c
}

// refusal checks that err is a client error with a stable code (never an internal one).
func refusal(t *testing.T, err error) *domain.Error {
	t.Helper()
	e, ok := domain.Public(err)
	if !ok || e.Code == "" || e.Message == "" {
		t.Fatalf("not an application error: %v", err)
	}
	if st := httpx.Status(e); st < 400 || st >= 500 {
		t.Fatalf("%v answers %d", err, st)
	}
	return e
}

// FuzzDecodeJSON: the request decoder either fills the target from exactly one UTF-8
// JSON object with known fields, or refuses with a 4xx and a stable code.
func FuzzDecodeJSON(f *testing.F) {
	for _, s := range []struct{ ct, body string }{
		{"application/json", `{"procedure_id": 1, "applicant_name": "Nguyễn Văn An", "form_data": {"muc_dich": "Xin việc"}}`},
		{"application/json; charset=utf-8", `{"procedure_id": 1}`},
		{"application/json", `{"procedure_id": 1} {"procedure_id": 2}`},
		{"application/json", `{"procedure_id": "1"}`},
		{"application/json", `{"procedure_id": 1e400}`},
		{"application/json", `{"nope": 1}`},
		{"application/json", "{\"applicant_name\": \"\xff\xfe\"}"},
		{"application/json", `[1,2,3]`},
		{"application/json", ``},
		{"application/json", `{"form_data": {"a": null}, "postal_send": "yes"}`},
		{"text/plain", `{}`},
		{"application/json; charset=\"", `{}`},
		{"application/json", `{"applicant_name": "\ud800"}`},
		{"application/json", strings.Repeat(`{"a":`, 10000)},
	} {
		f.Add(s.ct, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		var req service.Draft
		err := decodeJSON(fuzzContext(contentType, body, 4096), &req)
		if err != nil {
			_ = refusal(t, err)
			return
		}
		mt, _, perr := mime.ParseMediaType(contentType)
		if perr != nil || mt != "application/json" || !utf8.Valid(body) || len(body) > 4096 {
			t.Fatalf("accepted %q %q", contentType, body)
		}
		var check map[string]json.RawMessage
		if err := json.Unmarshal(body, &check); err != nil {
			t.Fatalf("accepted a body that is not one JSON object: %q: %v", body, err)
		}
	})
}

// FuzzDraftContent: the draft's content (trích yếu, declaration form fields, postal
// address) is either accepted as storable text within its limits, or refused with
// invalid_draft naming the fields.
func FuzzDraftContent(f *testing.F) {
	f.Add("Xin cấp phiếu lý lịch tư pháp", "muc_dich", "Bổ sung hồ sơ xin việc", "Tổ 5, phường Đức Xuân, Bắc Kạn", true, false)
	f.Add("", "", "", "", true, true)
	f.Add("a\x00b", "so_luong", "2", "", false, false)
	f.Add(strings.Repeat("ữ", 2001), strings.Repeat("k", 65), "\xff", "\u202e", false, true)
	f.Add("Nội dung\nnhiều dòng\tcó tab", "ngày", "2026-11-23", "   ", true, false)
	f.Fuzz(func(t *testing.T, content, key, value, postal string, send, receive bool) {
		r := service.Draft{Content: content, FormData: map[string]string{key: value}, PostalSend: send, PostalReceive: receive, PostalAddress: postal}
		got, err := r.DraftContent()
		if err != nil {
			if e := refusal(t, err); e.Code != "invalid_draft" || len(e.Fields) == 0 {
				t.Fatalf("refusal %+v", e)
			}
			return
		}
		if !validate.Text(got.Content, 2000) || !validate.Text(got.PostalAddress, 500) || len(key) > 64 {
			t.Fatalf("accepted %+v", got)
		}
		for k, v := range got.FormData {
			if len(k) > 64 || !validate.Text(v, 2000) {
				t.Fatalf("accepted form field %q = %q", k, v)
			}
		}
		if (send || receive) && got.PostalAddress == "" {
			t.Fatal("postal delivery without an address")
		}
	})
}

// FuzzUploadForm: the multipart decoder of uploads gives a positive component id and a
// file, or refuses with invalid_upload / file_too_large; the kept name is always a
// storable base name, and the download's Content-Disposition reads back as an attachment
// with that name.
func FuzzUploadForm(f *testing.F) {
	build := func(component, filename string, content []byte) []byte {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		_ = mw.SetBoundary("ranh-gioi")
		_ = mw.WriteField("component_id", component)
		fw, _ := mw.CreateFormFile("file", filename)
		_, _ = fw.Write(content)
		_ = mw.Close()
		return buf.Bytes()
	}
	f.Add("multipart/form-data; boundary=ranh-gioi", build("12", "Tờ khai.pdf", []byte("%PDF-1.4\n")))
	f.Add("multipart/form-data; boundary=ranh-gioi", build("-1", `..\..\etc\passwd`, []byte("x")))
	f.Add("multipart/form-data; boundary=ranh-gioi", build("9223372036854775808", "a\u202efdp.exe", nil))
	f.Add("multipart/form-data; boundary=ranh-gioi", build("1", "\"; filename=evil.html", []byte("<html>")))
	f.Add("multipart/form-data; boundary=ranh-gioi", []byte("--ranh-gioi\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\ntruncated"))
	f.Add("multipart/form-data", build("1", "a.pdf", nil))
	f.Add("application/x-www-form-urlencoded", []byte("component_id=1&file=x"))
	f.Fuzz(func(t *testing.T, contentType string, body []byte) {
		c := fuzzContext(contentType, body, 2048)
		id, up, err := uploadForm(c, true)
		if err != nil {
			if e := refusal(t, err); e.Code != "invalid_upload" && e.Code != "file_too_large" {
				t.Fatalf("refusal %+v", e)
			}
			return
		}
		if id <= 0 || up.file == nil {
			t.Fatalf("accepted component %d, file %v", id, up)
		}
		up.close()
		checkUploadName(t, up.Name)
	})
}

// FuzzUploadName: whatever name a client gives its file, the kept name is a base name
// of storable text without format characters, and it goes into Content-Disposition and
// comes back unchanged.
func FuzzUploadName(f *testing.F) {
	for _, s := range []string{"Tờ khai.pdf", `C:\Users\an\Desktop\đơn.docx`, "../../etc/passwd", "a\u202efdp.exe", "\u200b", ".", "..",
		"a\x00b.pdf", "\xff\xfe.pdf", `"; filename*=utf-8''evil.html`, "a\r\nSet-Cookie: x=1", "Nguye\u0302\u0303n.pdf", strings.Repeat("ễ", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) { checkUploadName(t, raw) })
}

func checkUploadName(t *testing.T, raw string) {
	t.Helper()
	name := service.UploadName(raw)
	if name == "" || strings.ContainsAny(name, `/\`) || name == "." || name == ".." || !validate.Text(name, 255) ||
		strings.ContainsFunc(name, func(r rune) bool { return unicode.Is(unicode.Cf, r) || r == '\n' || r == '\t' }) {
		t.Fatalf("uploadName(%q) = %q", raw, name)
	}
	disp, params, err := mime.ParseMediaType(attachmentDisposition(name))
	if err != nil || disp != "attachment" || params["filename"] != name {
		t.Fatalf("Content-Disposition of %q = %q: %q %v %v", name, attachmentDisposition(name), disp, params, err)
	}
	if strings.ContainsAny(attachmentDisposition(name), "\r\n") {
		t.Fatalf("header injection with %q", name)
	}
}
