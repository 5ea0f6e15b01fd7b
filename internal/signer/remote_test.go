package signer

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// remote starts the stand-in on 127.0.0.1:0 with the demo keys (without a default key
// when noDefault) and returns a signer speaking to it with token.
func remote(t *testing.T, noDefault bool, token string) (*PAdES, *httptest.Server) {
	t.Helper()
	files := devFiles
	if noDefault {
		files.Default = P12File{}
	}
	ks, err := LoadPKCS12(files)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(NewRemoteServer(ks, "bí-mật"))
	t.Cleanup(srv.Close)
	return New(NewRemoteKeystore(srv.URL, token, srv.Client()), Options{}), srv
}

func TestRemote(t *testing.T) {
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		s, _ := remote(t, false, "bí-mật")
		signed, err := s.Sign(ctx, education, document(t, "Ky tu xa"))
		if err != nil {
			t.Fatal(err)
		}
		sigs := pdftools.Pdfsig(t, signed.PDF, pdftools.TrustStore(t, devRoot))
		if len(sigs) != 1 || !sigs[0].Valid() || sigs[0].CommonName != educationName || sigs[0].Certificate != "Certificate is Trusted." {
			t.Fatalf("pdfsig: %+v", sigs)
		}
		if got, err := NewVerifier(devRoot).Verify(signed.PDF); err != nil || !got.Sound() {
			t.Fatalf("verify: %+v %v", got, err)
		}
	})
	t.Run("ErrKeyMissing", func(t *testing.T) {
		s, _ := remote(t, true, "bí-mật")
		_, err := s.Sign(ctx, "000.00.99.H03", document(t, "x"))
		if e, ok := domain.AsError(err); !ok || e.Code != "signing_key_missing" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrBadToken", func(t *testing.T) {
		s, _ := remote(t, false, "sai")
		_, err := s.Sign(ctx, education, document(t, "x"))
		if err == nil || domain.IsKind(err, domain.Unavailable) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrSignerUnavailable", func(t *testing.T) {
		s, srv := remote(t, false, "bí-mật")
		srv.Close()
		_, err := s.Sign(ctx, education, document(t, "x"))
		if e, ok := domain.Public(err); !ok || e.Code != "signer_unavailable" || e.Kind != domain.Unavailable {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		s, _ := remote(t, false, "bí-mật")
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if _, err := s.Sign(cctx, education, document(t, "x")); err == nil {
			t.Fatal("signed with a cancelled context")
		}
	})
}

func TestDevCAIdempotent(t *testing.T) {
	dir := t.TempDir()
	ca := DevCA{Dir: dir, Password: "p", Province: "Bắc Kạn", Agencies: []DevAgency{{Code: education, Name: educationName}}}
	files, root, err := ca.Ensure()
	if err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, p := range []string{files.Default.Path, files.Agencies[education].Path, filepath.Join(dir, DevCACert)} {
		before[p], err = os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
	}
	ca.Agencies = append(ca.Agencies, DevAgency{Code: "000.00.04.H03", Name: "Sở Y tế tỉnh Bắc Kạn"})
	files2, root2, err := ca.Ensure()
	if err != nil {
		t.Fatal(err)
	}
	if !root.Equal(root2) {
		t.Error("a second start made a new CA")
	}
	for p, b := range before {
		if now, _ := os.ReadFile(p); !bytes.Equal(now, b) {
			t.Errorf("%s changed on the second start", p)
		}
	}
	ks, err := LoadPKCS12(files2)
	if err != nil {
		t.Fatal(err)
	}
	key, err := ks.Key(context.Background(), "000.00.04.H03")
	if err != nil || key.Chain[0].Subject.CommonName != "Sở Y tế tỉnh Bắc Kạn" || key.Chain[0].CheckSignatureFrom(root) != nil ||
		len(key.Chain) != 2 || time.Until(key.Chain[0].NotAfter) < 4*365*24*time.Hour {
		t.Fatalf("the new agency's key: %v %+v", err, key.Chain)
	}
	if roots := ks.Roots(); len(roots) != 1 || !roots[0].Equal(root) {
		t.Errorf("roots: %d", len(roots))
	}
	if _, _, err := (DevCA{Dir: dir, Password: "p", Province: "Bắc Kạn", Agencies: []DevAgency{{Code: "../x", Name: "x"}}}).Ensure(); err == nil {
		t.Error("an agency code naming a path outside the directory was accepted")
	}
}
