package signer

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pkcs7"

	"github.com/dvc-project/dvc/internal/domain"
)

// Signature is what Verify finds about the last signature of a PDF.
type Signature struct {
	Signer       string    // the signing certificate's subject common name
	Organization string    // its subject organisation, if any
	SignedAt     time.Time // the signing-time attribute (else the dictionary's /M)
	// Valid: the signed bytes match the signature and the signature verifies with the
	// certificate it names.
	Valid bool
	// WholeFile: the signature covers the whole file; false when bytes were added after
	// signing (an incremental update that could change what is shown).
	WholeFile bool
	// Trusted: the certificate chains, at the signing time, to a root the Verifier trusts.
	Trusted     bool
	SHA256      string            // hex SHA-256 of the whole file
	Certificate *x509.Certificate // the signing certificate
	Problem     string            // why it is not valid, trusted or whole (English, for logs)
}

// Sound reports whether the signature is valid, covers the whole file and is trusted.
func (s Signature) Sound() bool { return s.Valid && s.WholeFile && s.Trusted }

// ErrNotSigned: the PDF carries no signature (422).
var ErrNotSigned = domain.NewError(domain.Unprocessable, "signature_missing", "Văn bản không có chữ ký số.")

// oidSigningTime is the CMS signing-time attribute.
var oidSigningTime = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 5}

// Verifier checks signed PDFs against the roots the system trusts.
type Verifier struct {
	roots *x509.CertPool
}

// NewVerifier returns a Verifier trusting roots (e.g. the dev CA, or the provincial and
// national CAs' roots).
func NewVerifier(roots ...*x509.Certificate) *Verifier {
	pool := x509.NewCertPool()
	for _, r := range roots {
		pool.AddCert(r)
	}
	return &Verifier{roots: pool}
}

// Verify checks the last signature of doc (the one covering the most bytes). A broken
// signature is no error: it comes back with Valid false and the Problem. Errors:
// pdf_invalid (422) when doc cannot be read as a PDF, signature_missing (422) when it
// carries no signature.
func (v *Verifier) Verify(doc []byte) (sig Signature, err error) {
	defer func() { // the PDF reader panics on some malformed files
		if r := recover(); r != nil {
			sig, err = Signature{}, wrap(ErrPDFInvalid, fmt.Errorf("%v", r))
		}
	}()
	return v.verify(doc)
}

func (v *Verifier) verify(doc []byte) (Signature, error) {
	rdr, err := openPDF(doc)
	if err != nil {
		return Signature{}, err
	}
	sig := Signature{SHA256: Digest(doc)}
	dict, err := lastSignature(rdr)
	if err != nil {
		return sig, err
	}
	ranges, err := byteRange(dict, len(doc))
	if err != nil {
		sig.Problem = err.Error()
		return sig, nil
	}
	contents := []byte(dict.Key("Contents").RawString())
	sig.WholeFile = ranges[2]+ranges[3] == int64(len(doc))
	if !sig.WholeFile {
		sig.Problem = "bytes were added after the signature"
	}
	if err := gapHolds(doc, ranges, contents); err != nil {
		sig.Problem = err.Error()
		return sig, nil
	}
	p7, err := pkcs7.Parse(contents)
	if err != nil {
		sig.Problem = "signature: " + err.Error()
		return sig, nil
	}
	cert := p7.GetOnlySigner()
	if cert == nil {
		sig.Problem = "signature: not exactly one signer"
		return sig, nil
	}
	sig.Certificate, sig.Signer = cert, cert.Subject.CommonName
	if len(cert.Subject.Organization) > 0 {
		sig.Organization = cert.Subject.Organization[0]
	}
	if err := p7.UnmarshalSignedAttribute(oidSigningTime, &sig.SignedAt); err != nil {
		sig.SignedAt = dictTime(dict)
	}
	p7.Content = append(append([]byte{}, doc[ranges[0]:ranges[0]+ranges[1]]...), doc[ranges[2]:ranges[2]+ranges[3]]...)
	if err := p7.Verify(); err != nil {
		sig.Problem = "signature: " + err.Error()
		return sig, nil
	}
	sig.Valid = true
	if err := p7.VerifyWithChain(v.roots); err != nil {
		sig.Problem = "certificate: " + err.Error()
		return sig, nil
	}
	sig.Trusted = true
	return sig, nil
}

// lastSignature finds the signature fields of the form and returns the value of the one
// whose signed range ends last.
func lastSignature(rdr *pdf.Reader) (pdf.Value, error) {
	var best pdf.Value
	end := int64(-1)
	var walk func(fields pdf.Value, depth int)
	walk = func(fields pdf.Value, depth int) {
		for i := 0; i < fields.Len() && depth < 8; i++ {
			f := fields.Index(i)
			walk(f.Key("Kids"), depth+1)
			v := f.Key("V")
			if v.Key("Type").Name() != "Sig" && v.Key("ByteRange").Len() == 0 {
				continue
			}
			br := v.Key("ByteRange")
			if n := br.Len(); n >= 4 && br.Index(n-2).Int64()+br.Index(n-1).Int64() > end {
				best, end = v, br.Index(n-2).Int64()+br.Index(n-1).Int64()
			}
		}
	}
	walk(rdr.Trailer().Key("Root").Key("AcroForm").Key("Fields"), 0)
	if end < 0 {
		return pdf.Value{}, ErrNotSigned
	}
	return best, nil
}

// byteRange reads the signature's /ByteRange [a b c d]: two ranges, from the start of
// the file, around the /Contents value.
func byteRange(dict pdf.Value, size int) ([4]int64, error) {
	var r [4]int64
	br := dict.Key("ByteRange")
	if br.Len() != 4 {
		return r, fmt.Errorf("byte range: %d numbers, want 4", br.Len())
	}
	for i := range r {
		r[i] = br.Index(i).Int64()
	}
	if r[0] != 0 || r[1] <= 0 || r[2] <= r[1] || r[3] < 0 || r[2]+r[3] > int64(size) {
		return r, fmt.Errorf("byte range %v does not fit a file of %d bytes", r, size)
	}
	return r, nil
}

// gapHolds checks that the bytes the signature leaves out are exactly the hexadecimal
// /Contents string, so nothing else escapes the signature.
func gapHolds(doc []byte, r [4]int64, contents []byte) error {
	gap := doc[r[1]:r[2]]
	if len(gap) < 2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		return errors.New("the unsigned gap is not the signature's hexadecimal string")
	}
	raw := make([]byte, hex.DecodedLen(len(gap)-2))
	if _, err := hex.Decode(raw, gap[1:len(gap)-1]); err != nil {
		return fmt.Errorf("the unsigned gap: %w", err)
	}
	if !bytes.HasPrefix(raw, bytes.TrimRight(contents, "\x00")) {
		return errors.New("the unsigned gap does not hold the signature")
	}
	return nil
}

// dictTime reads the signature dictionary's /M date, D:YYYYMMDDHHmmSS+HH'mm'.
func dictTime(dict pdf.Value) time.Time {
	s := dict.Key("M").Text()
	if len(s) > 2 && s[:2] == "D:" {
		s = s[2:]
	}
	for _, layout := range []string{"20060102150405-07'00'", "20060102150405Z07'00'", "20060102150405Z", "20060102150405"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
