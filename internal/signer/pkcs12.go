package signer

import (
	"context"
	"crypto"
	"crypto/x509"
	"fmt"
	"os"

	"software.sslmate.com/src/go-pkcs12"
)

// P12File is a PKCS#12 file (.p12, .pfx) holding a private key, its certificate and
// optionally the issuing chain, with the password that opens it.
type P12File struct {
	Path     string
	Password string
}

// Files names the PKCS#12 file of each agency (by agency code) and a default used for
// agencies without their own; an empty Default path means no default.
type Files struct {
	Default  P12File
	Agencies map[string]P12File
}

// FileKeystore holds keys read from PKCS#12 files. Build it with LoadPKCS12.
type FileKeystore struct {
	def      *Key
	agencies map[string]Key
}

// LoadPKCS12 reads every file of f. It fails when a file cannot be read or opened with
// its password, or holds no private key that can sign (RSA or ECDSA).
func LoadPKCS12(f Files) (*FileKeystore, error) {
	ks := &FileKeystore{agencies: map[string]Key{}}
	if f.Default.Path != "" {
		k, err := readP12(f.Default)
		if err != nil {
			return nil, err
		}
		ks.def = &k
	}
	for code, file := range f.Agencies {
		k, err := readP12(file)
		if err != nil {
			return nil, fmt.Errorf("signer: agency %s: %w", code, err)
		}
		ks.agencies[code] = k
	}
	return ks, nil
}

// Key returns the agency's key, or the default one. Error: signing_key_missing when
// there is neither.
func (ks *FileKeystore) Key(_ context.Context, agencyCode string) (Key, error) {
	if k, ok := ks.agencies[agencyCode]; ok {
		return k, nil
	}
	if ks.def != nil {
		return *ks.def, nil
	}
	return Key{}, ErrKeyMissing
}

// Roots returns the self-signed certificates found in the files' chains, the roots a
// Verifier should trust for what this keystore signs.
func (ks *FileKeystore) Roots() []*x509.Certificate {
	var roots []*x509.Certificate
	seen := map[string]bool{}
	keys := []Key{}
	if ks.def != nil {
		keys = append(keys, *ks.def)
	}
	for _, k := range ks.agencies {
		keys = append(keys, k)
	}
	for _, k := range keys {
		for _, c := range k.Chain {
			if c.IsCA && c.CheckSignatureFrom(c) == nil && !seen[string(c.Raw)] {
				seen[string(c.Raw)] = true
				roots = append(roots, c)
			}
		}
	}
	return roots
}

func readP12(f P12File) (Key, error) {
	data, err := os.ReadFile(f.Path)
	if err != nil {
		return Key{}, fmt.Errorf("signer: %w", err)
	}
	priv, cert, chain, err := pkcs12.DecodeChain(data, f.Password)
	if err != nil {
		return Key{}, fmt.Errorf("signer: %s: %w", f.Path, err)
	}
	s, ok := priv.(crypto.Signer)
	if !ok {
		return Key{}, fmt.Errorf("signer: %s: the private key (%T) cannot sign", f.Path, priv)
	}
	return Key{Signer: s, Chain: append([]*x509.Certificate{cert}, orderChain(cert, chain)...)}, nil
}

// orderChain puts the CA certificates of a PKCS#12 file in issuing order from cert up,
// as the CMS signer requires (each certificate issued by the next); certificates that
// are not on cert's path are dropped.
func orderChain(cert *x509.Certificate, cas []*x509.Certificate) []*x509.Certificate {
	var out []*x509.Certificate
	cur := cert
	for range cas {
		var next *x509.Certificate
		for _, c := range cas {
			if c != cur && cur.CheckSignatureFrom(c) == nil {
				next = c
				break
			}
		}
		if next == nil || next == cur {
			break
		}
		out = append(out, next)
		if next.CheckSignatureFrom(next) == nil {
			break
		}
		cur = next
	}
	return out
}
