package qr

import (
	"bytes"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

const (
	base = "https://dichvucong.backan.gov.vn/"
	code = "000.00.03.H03-261123-0007"
	cccd = "001203004567"
)

var key = []byte("khóa bí mật của tỉnh")

func TestPayloadText(t *testing.T) {
	p, err := NewPayload(base, key, code, "1.004440", cccd)
	if err != nil {
		t.Fatal(err)
	}
	want := "https://dichvucong.backan.gov.vn/tra-cuu?applicant=" + ApplicantHash(key, cccd) + "&code=" + code + "&procedure=1.004440"
	if p.Text() != want || p.LookupURL != "https://dichvucong.backan.gov.vn/tra-cuu?code="+code {
		t.Fatalf("text %q\nlookup %q", p.Text(), p.LookupURL)
	}
	back, err := Parse(p.Text())
	if err != nil || back != p {
		t.Fatalf("parse: %+v %v", back, err)
	}
}

func TestApplicantHash(t *testing.T) {
	h := ApplicantHash(key, cccd)
	if len(h) != 16 || strings.Contains(h, cccd) {
		t.Fatalf("hash %q", h)
	}
	if ApplicantHash(key, " 0012 0300 4567 ") != h {
		t.Error("spaces change the hash")
	}
	if ApplicantHash(key, "b1234567") != ApplicantHash(key, "B1234567") {
		t.Error("a passport number's case changes the hash")
	}
	if ApplicantHash([]byte("another province"), cccd) == h || ApplicantHash(key, "001203004568") == h {
		t.Error("the hash ignores its key or its input")
	}
}

func TestPayloadErrors(t *testing.T) {
	cases := []struct {
		name, base, code string
		key              []byte
		want             string
	}{
		{"ErrBaseRelative", "/tra-cuu", code, key, "lookup_base_url_invalid"},
		{"ErrBaseScheme", "ftp://x.gov.vn", code, key, "lookup_base_url_invalid"},
		{"ErrBaseQuery", "https://x.gov.vn/?a=b", code, key, "lookup_base_url_invalid"},
		{"ErrKey", base, code, nil, "qr_key_missing"},
		{"ErrNoCode", base, " ", key, "dossier_code_missing"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewPayload(c.base, c.key, c.code, "1.004440", cccd)
			if e, ok := domain.AsError(err); !ok || e.Code != c.want {
				t.Fatalf("got %v, want %s", err, c.want)
			}
		})
	}
	for _, bad := range []string{"", "hello", "https://x.gov.vn/tra-cuu", "https://x.gov.vn/khac?code=1"} {
		if _, err := Parse(bad); !domain.IsKind(err, domain.Unprocessable) {
			t.Errorf("Parse(%q): %v", bad, err)
		}
	}
}

// TestDrawDecodes draws codes on a page, renders it with pdftoppm and reads them with
// zbarimg.
func TestDrawDecodes(t *testing.T) {
	p, err := NewPayload("https://dichvucong.backan.gov.vn/cong-dan", key, code, "1.004440", cccd)
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("Giấy tờ số "+code+"; ", 12)
	doc := fpdf.New("P", "mm", "A4", "")
	doc.AddPage()
	for _, d := range []struct {
		text       string
		x, y, size float64
	}{{p.Text(), 20, 20, 30}, {long, 110, 20, 60}} {
		if err := Draw(doc, d.text, d.x, d.y, d.size); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := doc.Output(&buf); err != nil {
		t.Fatal(err)
	}
	codes := pdftools.QRCodes(t, buf.Bytes())
	if len(codes) != 2 {
		t.Fatalf("zbarimg found %d codes: %q", len(codes), codes)
	}
	var found int
	for _, c := range codes {
		if c == p.Text() || c == long {
			found++
		}
	}
	if found != 2 {
		t.Fatalf("decoded %q", codes)
	}
	if strings.Contains(strings.Join(codes, " "), cccd) {
		t.Error("the ID number is in a QR code")
	}
}
