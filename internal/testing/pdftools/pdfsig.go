package pdftools

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Signature is one signature as pdfsig reports it.
type Signature struct {
	CommonName string // "Signer Certificate Common Name"
	Type       string // "Signature Type", e.g. adbe.pkcs7.detached
	Validation string // "Signature Validation", e.g. "Signature is Valid."
	// Certificate is "Certificate Validation", e.g. "Certificate is Trusted." or
	// "Certificate issuer isn't Trusted."
	Certificate string
	Whole       bool // "Total document signed"
}

// Valid reports whether pdfsig found the signature valid.
func (s Signature) Valid() bool { return s.Validation == "Signature is Valid." }

// Pdfsig runs pdfsig on pdf and returns the signatures it lists (none for an unsigned
// file). nssDir, when not empty, is the NSS database of trusted certificates (see
// TrustStore); otherwise pdfsig uses its default one.
func Pdfsig(tb testing.TB, pdf []byte, nssDir string) []Signature {
	tb.Helper()
	args := []string{File(tb, pdf)}
	if nssDir != "" {
		args = append([]string{"-nssdir", "sql:" + nssDir}, args...)
	}
	// pdfsig exits 2 for a file without signatures.
	out := run(tb, "pdfsig", args, 2)
	var sigs []Signature
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "Signature #") {
			sigs = append(sigs, Signature{})
			continue
		}
		if len(sigs) == 0 {
			continue
		}
		s := &sigs[len(sigs)-1]
		key, value, _ := strings.Cut(strings.TrimPrefix(line, "- "), ": ")
		switch key {
		case "Signer Certificate Common Name":
			s.CommonName = value
		case "Signature Type":
			s.Type = value
		case "Signature Validation":
			s.Validation = value
		case "Certificate Validation":
			s.Certificate = value
		case "Total document signed":
			s.Whole = true
		}
	}
	return sigs
}

// TrustStore makes an NSS database (certutil) that trusts roots as certificate
// authorities, for Pdfsig's nssDir.
func TrustStore(tb testing.TB, roots ...*x509.Certificate) string {
	tb.Helper()
	dir := tb.TempDir()
	run(tb, "certutil", []string{"-N", "-d", "sql:" + dir, "--empty-password"})
	for i, c := range roots {
		path := filepath.Join(dir, "root.pem")
		if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), 0o600); err != nil {
			tb.Fatal(err)
		}
		run(tb, "certutil", []string{"-A", "-d", "sql:" + dir, "-n", "root" + string(rune('0'+i)), "-t", "CT,C,C", "-i", path})
	}
	return dir
}
