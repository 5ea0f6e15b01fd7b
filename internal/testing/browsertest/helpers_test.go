package browsertest_test

import (
	"bytes"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/go-pdf/fpdf"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/signer"
	"github.com/dvc-project/dvc/internal/testing/browsertest"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// fetchBytes downloads, in the page and with its session, the link sel points to.
func fetchBytes(t *testing.T, b *browsertest.Browser, sel string) []byte {
	t.Helper()
	var b64 string
	js := fmt.Sprintf(`fetch(document.querySelector(%q).href).then(r => { if (!r.ok) throw new Error('HTTP ' + r.status); return r.arrayBuffer() })
		.then(buf => { const u = new Uint8Array(buf); let s = ''; for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode.apply(null, u.subarray(i, i + 8192)); return btoa(s) })`, sel)
	b.Run(t, chromedp.Evaluate(js, &b64, func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams { return p.WithAwaitPromise(true) }))
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || !bytes.HasPrefix(raw, []byte("%PDF-")) {
		t.Fatalf("%s: not a PDF (%v)", sel, err)
	}
	return raw
}

// checkIssued: pdfsig finds one valid signature over the whole file from a trusted
// certificate, and zbarimg one QR code naming the dossier.
func checkIssued(t *testing.T, what string, pdf []byte, trust, code string) {
	t.Helper()
	sigs := pdftools.Pdfsig(t, pdf, trust)
	if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole || sigs[0].Certificate != "Certificate is Trusted." {
		t.Errorf("%s: pdfsig: %+v", what, sigs)
	}
	if codes := pdftools.QRCodes(t, pdf); len(codes) != 1 || !strings.Contains(codes[0], "code="+code) {
		t.Errorf("%s: QR codes %q", what, codes)
	}
}

// renderWidths saves the first page of pdf as name-360.png and name-1280.png in the
// artefact directory (pdftoppm).
func renderWidths(t *testing.T, name string, pdf []byte) {
	t.Helper()
	dir := browsertest.ArtefactDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(t.TempDir(), name+".pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, w := range []int{360, 1280} {
		out := filepath.Join(dir, fmt.Sprintf("%s-%d", name, w))
		cmd := exec.Command("pdftoppm", "-png", "-singlefile", "-f", "1", "-l", "1", "-scale-to-x", fmt.Sprint(w), "-scale-to-y", "-1", in, out)
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("pdftoppm: %v %s", err, msg)
		}
	}
}

// pdfFile writes a one-page PDF saying text (no diacritics: a core font) and returns
// its path.
func pdfFile(t *testing.T, name, text string) string {
	t.Helper()
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "B", 16)
	p.MultiCell(170, 10, asciiOnly(text), "", "L", false)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// asciiOnly drops what a core PDF font cannot show.
func asciiOnly(s string) string {
	return strings.Map(func(r rune) rune {
		if r > 126 {
			return '?'
		}
		return r
	}, s)
}

// procedureID is the id of the procedure with code.
func procedureID(t *testing.T, a *app.App, code string) int64 {
	t.Helper()
	var id int64
	if err := a.Store.DB().Get(&id, `SELECT id FROM procedures WHERE code = $1`, code); err != nil {
		t.Fatal(err)
	}
	return id
}

// devCA is the demo CA `dvc dev` made under the stack's data directory.
func devCA(t *testing.T, a *app.App) *x509.Certificate {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(a.Config.DataDir, "signing", signer.DevCACert))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(raw)
	if block == nil {
		t.Fatal("the demo CA is not PEM")
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
