package signer

import (
	"bytes"
	"context"
	"crypto/x509"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/qr"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

const (
	education     = "000.00.03.H03"
	educationName = "Sở Giáo dục và Đào tạo tỉnh Bắc Kạn"
	password      = "mật-khẩu demo"
)

// The demo CA every test signs with, made once in TestMain.
var (
	devFiles Files
	devRoot  *x509.Certificate
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "signer-test-")
	if err != nil {
		panic(err)
	}
	devFiles, devRoot, err = DevCA{Dir: dir, Password: password, Province: "Bắc Kạn",
		Agencies: []DevAgency{{Code: education, Name: educationName}}}.Ensure()
	if err != nil {
		panic(err)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// document is a small unsigned PDF saying text.
func document(t testing.TB, text string) []byte {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 12)
	p.Cell(100, 10, text)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func fileSigner(t testing.TB) *PAdES {
	t.Helper()
	ks, err := LoadPKCS12(devFiles)
	if err != nil {
		t.Fatal(err)
	}
	return New(ks, Options{Reason: "Phát hành phiếu của bộ phận một cửa", Location: "Bắc Kạn"})
}

// flip returns doc with one byte changed inside the first signed range: the first
// character of the producer's name in the document information.
func flip(t *testing.T, doc []byte) []byte {
	t.Helper()
	i := bytes.Index(doc, []byte("/Producer ("))
	if i < 0 {
		t.Fatal("no /Producer to change")
	}
	out := bytes.Clone(doc)
	out[i+len("/Producer (")] ^= 0x01
	return out
}

func TestSignPdfsig(t *testing.T) {
	signed, err := fileSigner(t).Sign(context.Background(), education, document(t, "Giay tiep nhan"))
	if err != nil {
		t.Fatal(err)
	}
	if signed.Signer != educationName || signed.SHA256 != Digest(signed.PDF) || time.Since(signed.SignedAt) > time.Minute {
		t.Errorf("signed: %q %q %v", signed.Signer, signed.SHA256, signed.SignedAt)
	}
	t.Run("OK", func(t *testing.T) {
		sigs := pdftools.Pdfsig(t, signed.PDF, pdftools.TrustStore(t, devRoot))
		if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole || sigs[0].CommonName != educationName ||
			sigs[0].Certificate != "Certificate is Trusted." {
			t.Fatalf("pdfsig: %+v", sigs)
		}
	})
	t.Run("UntrustedWithoutTheDevCA", func(t *testing.T) {
		sigs := pdftools.Pdfsig(t, signed.PDF, pdftools.TrustStore(t))
		if len(sigs) != 1 || !sigs[0].Valid() || sigs[0].Certificate == "Certificate is Trusted." {
			t.Fatalf("pdfsig: %+v", sigs)
		}
	})
	t.Run("ModifiedByte", func(t *testing.T) {
		sigs := pdftools.Pdfsig(t, flip(t, signed.PDF), "")
		if len(sigs) != 1 || sigs[0].Valid() || sigs[0].Validation == "" {
			t.Fatalf("pdfsig accepts a modified file: %+v", sigs)
		}
	})
}

func TestDefaultKey(t *testing.T) {
	signed, err := fileSigner(t).Sign(context.Background(), "000.00.99.H03", document(t, "Phieu"))
	if err != nil {
		t.Fatal(err)
	}
	sigs := pdftools.Pdfsig(t, signed.PDF, "")
	if len(sigs) != 1 || !sigs[0].Valid() || sigs[0].CommonName != "Ủy ban nhân dân tỉnh Bắc Kạn" {
		t.Fatalf("pdfsig: %+v", sigs)
	}
}

func TestSignErrors(t *testing.T) {
	t.Run("ErrKeyMissing", func(t *testing.T) {
		ks, err := LoadPKCS12(Files{Agencies: map[string]P12File{education: devFiles.Agencies[education]}})
		if err != nil {
			t.Fatal(err)
		}
		_, err = New(ks, Options{}).Sign(context.Background(), "000.00.99.H03", document(t, "x"))
		if e, ok := domain.AsError(err); !ok || e.Code != "signing_key_missing" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrPDFInvalid", func(t *testing.T) {
		doc := document(t, "x")
		for _, bad := range [][]byte{nil, []byte("hello"), doc[:len(doc)/2], append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0xff}, 300)...)} {
			_, err := fileSigner(t).Sign(context.Background(), education, bad)
			if e, ok := domain.Public(err); !ok || e.Code != "pdf_invalid" || e.Kind != domain.Unprocessable {
				t.Errorf("%q: got %v", bad[:min(len(bad), 12)], err)
			}
		}
	})
	t.Run("ErrWrongPassword", func(t *testing.T) {
		f := devFiles.Default
		f.Password = "sai"
		if _, err := LoadPKCS12(Files{Default: f}); err == nil {
			t.Fatal("a wrong password opened the file")
		}
	})
}

func TestCountersign(t *testing.T) {
	s := fileSigner(t)
	first, err := s.Sign(context.Background(), "000.00.99.H03", document(t, "Ket qua"))
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.Sign(context.Background(), education, first.PDF)
	if err != nil {
		t.Fatal(err)
	}
	sigs := pdftools.Pdfsig(t, second.PDF, "")
	if len(sigs) != 2 || !sigs[0].Valid() || !sigs[1].Valid() || sigs[1].CommonName != educationName {
		t.Fatalf("pdfsig: %+v", sigs)
	}
	got, err := NewVerifier(devRoot).Verify(second.PDF)
	if err != nil || !got.Sound() || got.Signer != educationName {
		t.Fatalf("verify: %+v %v", got, err)
	}
	if !strings.HasPrefix(string(second.PDF), string(first.PDF)) {
		t.Error("the second signature rewrote the first signed bytes")
	}
}

func TestSignOtherProducers(t *testing.T) {
	doc := pdftools.Rewrite(t, document(t, "Quyet dinh cap phep"))
	if !bytes.Contains(doc, []byte("/ObjStm")) {
		t.Fatal("the rewritten file has no object stream")
	}
	signed, err := fileSigner(t).Sign(context.Background(), education, doc)
	if err != nil {
		t.Fatal(err)
	}
	sigs := pdftools.Pdfsig(t, signed.PDF, "")
	if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole || sigs[0].CommonName != educationName {
		t.Fatalf("pdfsig: %+v", sigs)
	}
	if !strings.Contains(pdftools.Text(t, signed.PDF), "Quyet dinh cap phep") {
		t.Error("the signed file lost its text")
	}
	if got, err := NewVerifier(devRoot).Verify(signed.PDF); err != nil || !got.Sound() {
		t.Fatalf("verify: %+v %v", got, err)
	}
}

// TestStamp signs a result from another producer with its QR code as the signature's
// appearance: zbarimg reads it on the rendered page and pdfsig finds the signature valid.
func TestStamp(t *testing.T) {
	text := "https://dichvucong.backan.gov.vn/tra-cuu?code=000.00.03.H03-261123-0007&procedure=1.004440"
	png, err := qr.PNG(text, 8)
	if err != nil {
		t.Fatal(err)
	}
	for name, doc := range map[string][]byte{"fpdf": document(t, "Quyet dinh"), "qpdf": pdftools.Rewrite(t, document(t, "Quyet dinh"))} {
		t.Run(name, func(t *testing.T) {
			signed, err := fileSigner(t).SignStamped(context.Background(), education, doc, Stamp{Image: png, X: 40, Y: 40, Size: 85})
			if err != nil {
				t.Fatal(err)
			}
			sigs := pdftools.Pdfsig(t, signed.PDF, "")
			if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole {
				t.Fatalf("pdfsig: %+v", sigs)
			}
			if codes := pdftools.QRCodes(t, signed.PDF); len(codes) != 1 || codes[0] != text {
				t.Fatalf("QR codes: %q", codes)
			}
			if !strings.Contains(pdftools.Text(t, signed.PDF), "Quyet dinh") {
				t.Error("the stamped file lost its text")
			}
		})
	}
	t.Run("ErrNoPage", func(t *testing.T) {
		_, err := fileSigner(t).SignStamped(context.Background(), education, document(t, "x"), Stamp{Image: png, Page: 3, Size: 85})
		if e, ok := domain.Public(err); !ok || e.Code != "stamp_page_missing" {
			t.Fatalf("got %v", err)
		}
	})
}

// TestReasonText: a reason whose UTF-16 form holds the byte of a parenthesis ("ĩ" is
// U+0129) is written without diacritics, and the file stays valid.
func TestReasonText(t *testing.T) {
	if got := pdfText("Xác nhận nghĩa vụ"); got != "Xac nhan nghia vu" {
		t.Errorf("pdfText: %q", got)
	}
	if got := pdfText("Đã ký số – Bắc Kạn"); got != "Đã ký số – Bắc Kạn" {
		t.Errorf("pdfText changed a safe text: %q", got)
	}
	ks, err := LoadPKCS12(devFiles)
	if err != nil {
		t.Fatal(err)
	}
	s := New(ks, Options{Reason: "Xác nhận nghĩa vụ (bản chính)", Location: "Đồng Tháp"})
	signed, err := s.Sign(context.Background(), education, document(t, "x"))
	if err != nil {
		t.Fatal(err)
	}
	if sigs := pdftools.Pdfsig(t, signed.PDF, ""); len(sigs) != 1 || !sigs[0].Valid() {
		t.Fatalf("pdfsig: %+v", sigs)
	}
}

// BenchmarkSign is the time to sign a one-page PDF with a PKCS#12 key of the demo CA
// (docs/results.md quotes it).
func BenchmarkSign(b *testing.B) {
	s, doc := fileSigner(b), document(b, "Giay tiep nhan")
	for b.Loop() {
		if _, err := s.Sign(context.Background(), education, doc); err != nil {
			b.Fatal(err)
		}
	}
}
