// Package pdftools runs the real tools tests use to read back the PDFs dvc issues:
// poppler's pdfsig, pdftotext and pdftoppm (Debian poppler-utils), zbarimg (zbar-tools)
// and NSS's certutil (libnss3-tools). A missing tool fails the test with the package to
// install; nothing is skipped.
package pdftools

import (
	"bytes"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// packages names the Debian package of each tool.
var packages = map[string]string{
	"pdfsig": "poppler-utils", "pdftotext": "poppler-utils", "pdftoppm": "poppler-utils",
	"zbarimg": "zbar-tools", "certutil": "libnss3-tools", "pdftocairo": "poppler-utils", "qpdf": "qpdf",
}

// run runs tool with args and returns its standard output; a tool that is not installed
// fails the test with the package to install. okCodes lists the exit codes taken as
// success besides 0.
func run(tb testing.TB, tool string, args []string, okCodes ...int) string {
	tb.Helper()
	if _, err := exec.LookPath(tool); err != nil {
		tb.Fatalf("%s is missing: apt-get install -y %s", tool, packages[tool])
	}
	cmd := exec.Command(tool, args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		for _, c := range okCodes {
			if ee.ExitCode() == c {
				return out.String()
			}
		}
	}
	if err != nil {
		tb.Fatalf("%s %s: %v\n%s%s", tool, strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String()
}

// File writes pdf to a new file in the test's temporary directory and returns its path.
func File(tb testing.TB, pdf []byte) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		tb.Fatal(err)
	}
	return path
}

// Text is pdftotext's reading of pdf (raw order, no layout).
func Text(tb testing.TB, pdf []byte) string {
	tb.Helper()
	return run(tb, "pdftotext", []string{"-enc", "UTF-8", File(tb, pdf), "-"})
}

// Rewrite returns pdf as another producer writes it, like a result an officer uploads:
// redrawn by cairo (pdftocairo), then saved by qpdf with compressed object streams and
// a cross-reference stream (PDF 1.5), as office suites write.
func Rewrite(tb testing.TB, pdf []byte) []byte {
	tb.Helper()
	dir := tb.TempDir()
	cairo, packed := filepath.Join(dir, "cairo.pdf"), filepath.Join(dir, "packed.pdf")
	run(tb, "pdftocairo", []string{"-pdf", File(tb, pdf), cairo})
	run(tb, "qpdf", []string{"--object-streams=generate", cairo, packed})
	out, err := os.ReadFile(packed)
	if err != nil {
		tb.Fatal(err)
	}
	return out
}

// Flat is s with every run of white space made one space: text that a PDF wraps over
// lines reads back as one line.
func Flat(s string) string { return strings.Join(strings.Fields(s), " ") }

// QRCodes renders every page of pdf at 120 dpi in grey with pdftoppm and returns the text of
// every QR code zbarimg finds on them.
func QRCodes(tb testing.TB, pdf []byte) []string {
	tb.Helper()
	dir := tb.TempDir()
	run(tb, "pdftoppm", []string{"-r", "120", "-gray", "-png", File(tb, pdf), filepath.Join(dir, "page")})
	pages, err := filepath.Glob(filepath.Join(dir, "page*.png"))
	if err != nil || len(pages) == 0 {
		tb.Fatalf("pdftoppm made no page image (%v)", err)
	}
	// zbarimg exits 4 when it finds no code: the caller's check reports that.
	out := run(tb, "zbarimg", append([]string{"--nodbus", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"}, pages...), 4)
	var codes []string
	for _, line := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if line != "" {
			codes = append(codes, line)
		}
	}
	return codes
}

// Word is a word pdftotext -bbox finds, with its box in points from the page's top left.
type Word struct {
	Page                   int
	Text                   string
	XMin, YMin, XMax, YMax float64
}

var (
	pageTag = regexp.MustCompile(`<page `)
	wordTag = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
)

// Words lists the words of pdf with their boxes, page by page in pdftotext's order.
func Words(tb testing.TB, pdf []byte) []Word {
	tb.Helper()
	out := run(tb, "pdftotext", []string{"-bbox", "-enc", "UTF-8", File(tb, pdf), "-"})
	var words []Word
	pages := pageTag.Split(out, -1)
	for i, page := range pages[1:] {
		for _, m := range wordTag.FindAllStringSubmatch(page, -1) {
			w := Word{Page: i + 1, Text: html.UnescapeString(m[5])}
			for j, f := range []*float64{&w.XMin, &w.YMin, &w.XMax, &w.YMax} {
				*f, _ = strconv.ParseFloat(m[j+1], 64)
			}
			words = append(words, w)
		}
	}
	return words
}
