package signer

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"software.sslmate.com/src/go-pkcs12"
)

// DevAgency is an agency to give a demo certificate: its electronic code and its name
// (the certificate's subject, shown by PDF readers as the signer).
type DevAgency struct {
	Code, Name string
}

// DevCA describes the demo signing setup `dvc dev` creates under Dir.
type DevCA struct {
	Dir      string
	Password string      // of every PKCS#12 file
	Province string      // e.g. "Bắc Kạn": the default certificate's holder is its People's Committee
	Agencies []DevAgency // one PKCS#12 file each
}

// The demo CA's files under DevCA.Dir, and the agencies' files under its "agencies"
// folder, named "<agency code>.p12".
const (
	DevCACert   = "ca.pem"
	DevCAKey    = "ca-key.pem"
	DevDefault  = "default.p12"
	devAgencies = "agencies"
)

// oidDocumentSigning is the extended key usage for signing documents (RFC 9336).
var oidDocumentSigning = asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}

var agencyCodePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

// Ensure creates what is missing of the demo setup (the CA, the default file, one file
// per agency) and keeps what exists, so it can run at every start. It returns the Files
// to load and the CA certificate to trust. The certificates are for demonstration only.
func (d DevCA) Ensure() (Files, *x509.Certificate, error) {
	if d.Dir == "" || d.Password == "" || d.Province == "" {
		return Files{}, nil, errors.New("signer: dev CA: a directory, a password and the province are required")
	}
	if err := os.MkdirAll(filepath.Join(d.Dir, devAgencies), 0o700); err != nil {
		return Files{}, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	caCert, caKey, err := d.ensureCA()
	if err != nil {
		return Files{}, nil, err
	}
	files := Files{Default: P12File{Path: filepath.Join(d.Dir, DevDefault), Password: d.Password},
		Agencies: map[string]P12File{}}
	holder := "Ủy ban nhân dân tỉnh " + d.Province
	if err := d.ensureP12(files.Default.Path, holder, caCert, caKey); err != nil {
		return Files{}, nil, err
	}
	for _, a := range d.Agencies {
		if !agencyCodePattern.MatchString(a.Code) {
			return Files{}, nil, fmt.Errorf("signer: dev CA: agency code %q cannot name a file", a.Code)
		}
		path := filepath.Join(d.Dir, devAgencies, a.Code+".p12")
		if err := d.ensureP12(path, a.Name, caCert, caKey); err != nil {
			return Files{}, nil, err
		}
		files.Agencies[a.Code] = P12File{Path: path, Password: d.Password}
	}
	return files, caCert, nil
}

// ensureCA reads the demo CA, creating it on first use.
func (d DevCA) ensureCA() (*x509.Certificate, crypto.Signer, error) {
	certPath, keyPath := filepath.Join(d.Dir, DevCACert), filepath.Join(d.Dir, DevCAKey)
	if certPEM, err := os.ReadFile(certPath); err == nil {
		return readCA(certPEM, keyPath)
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          serial(),
		Subject:               pkix.Name{CommonName: "dvc Demo CA (chỉ dùng thử nghiệm)", Organization: []string{"dvc"}, Country: []string{"VN"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(20, 0, 0),
		IsCA:                  true,
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	keyDER, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	// The key first: a certificate without its key would block every later start.
	if err := writeNew(keyPath, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})); err != nil {
		return nil, nil, err
	}
	if err := writeNew(certPath, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})); err != nil {
		return nil, nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	return cert, key, nil
}

func readCA(certPEM []byte, keyPath string) (*x509.Certificate, crypto.Signer, error) {
	block, _ := pem.Decode(certPEM)
	if block == nil {
		return nil, nil, errors.New("signer: dev CA: the CA certificate is not PEM")
	}
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	keyPEM, err := os.ReadFile(keyPath)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	kb, _ := pem.Decode(keyPEM)
	if kb == nil {
		return nil, nil, errors.New("signer: dev CA: the CA key is not PEM")
	}
	key, err := x509.ParsePKCS8PrivateKey(kb.Bytes)
	if err != nil {
		return nil, nil, fmt.Errorf("signer: dev CA: %w", err)
	}
	s, ok := key.(crypto.Signer)
	if !ok {
		return nil, nil, errors.New("signer: dev CA: the CA key cannot sign")
	}
	return cert, s, nil
}

// ensureP12 writes a PKCS#12 file for holder at path unless one is there.
func (d DevCA) ensureP12(path, holder string, ca *x509.Certificate, caKey crypto.Signer) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return fmt.Errorf("signer: dev CA: %w", err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber: serial(),
		Subject: pkix.Name{CommonName: holder, Organization: []string{holder},
			Province: []string{d.Province}, Country: []string{"VN"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(5, 0, 0),
		BasicConstraintsValid: true,
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageEmailProtection},
		UnknownExtKeyUsage:    []asn1.ObjectIdentifier{oidDocumentSigning},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, ca, &key.PublicKey, caKey)
	if err != nil {
		return fmt.Errorf("signer: dev CA: %s: %w", holder, err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return fmt.Errorf("signer: dev CA: %w", err)
	}
	p12, err := pkcs12.Modern2023.Encode(key, cert, []*x509.Certificate{ca}, d.Password)
	if err != nil {
		return fmt.Errorf("signer: dev CA: %s: %w", holder, err)
	}
	return writeNew(path, p12)
}

// writeNew writes a file that must not exist yet, readable by its owner only. It
// writes a temporary file and links it into place, so an interrupted start never leaves
// a partial file that later starts would keep.
func writeNew(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".new-*")
	if err != nil {
		return fmt.Errorf("signer: dev CA: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return fmt.Errorf("signer: dev CA: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("signer: dev CA: %w", err)
	}
	if err := os.Link(tmp.Name(), path); err != nil {
		return fmt.Errorf("signer: dev CA: %w", err)
	}
	return nil
}

// serial is a random certificate serial number of 127 bits.
func serial() *big.Int {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	b[0] &= 0x7f
	return new(big.Int).SetBytes(b)
}
