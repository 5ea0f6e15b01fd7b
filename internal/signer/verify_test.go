package signer

import (
	"context"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

func TestVerify(t *testing.T) {
	signed, err := fileSigner(t).Sign(context.Background(), education, document(t, "Ket qua giai quyet"))
	if err != nil {
		t.Fatal(err)
	}
	trusting := NewVerifier(devRoot)
	t.Run("OK", func(t *testing.T) {
		got, err := trusting.Verify(signed.PDF)
		if err != nil || !got.Sound() || got.Signer != educationName || got.SHA256 != signed.SHA256 {
			t.Fatalf("%+v %v", got, err)
		}
		if d := got.SignedAt.Sub(signed.SignedAt); d < -time.Second || d > 2*time.Second {
			t.Errorf("signed at %v, reported %v", signed.SignedAt, got.SignedAt)
		}
	})
	t.Run("Untrusted", func(t *testing.T) {
		got, err := NewVerifier().Verify(signed.PDF)
		if err != nil || !got.Valid || got.Trusted || got.Sound() || got.Problem == "" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ModifiedByte", func(t *testing.T) {
		got, err := trusting.Verify(flip(t, signed.PDF))
		if err != nil || got.Valid || got.Sound() || got.Problem == "" {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("Appended", func(t *testing.T) {
		got, err := trusting.Verify(append(append([]byte{}, signed.PDF...), "\n% added later\n"...))
		if err != nil || !got.Valid || got.WholeFile || got.Sound() {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("ErrNotSigned", func(t *testing.T) {
		_, err := trusting.Verify(document(t, "khong ky"))
		if e, ok := domain.Public(err); !ok || e.Code != "signature_missing" {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("ErrPDFInvalid", func(t *testing.T) {
		for _, bad := range [][]byte{nil, []byte("GIF89a"), []byte("%PDF-1.7\n%%EOF")} {
			_, err := trusting.Verify(bad)
			if e, ok := domain.Public(err); !ok || e.Code != "pdf_invalid" {
				t.Errorf("got %v", err)
			}
		}
	})
	t.Run("Truncated", func(t *testing.T) {
		// The reader may rebuild a truncated file without its signature: either answer is
		// a 422, never a valid signature.
		_, err := trusting.Verify(signed.PDF[:len(signed.PDF)/3])
		if !domain.IsKind(err, domain.Unprocessable) {
			t.Errorf("got %v", err)
		}
	})
}

func TestJudge(t *testing.T) {
	ctx := context.Background()
	s := fileSigner(t)
	issued, err := s.Sign(ctx, education, document(t, "Giay tiep nhan ho so"))
	if err != nil {
		t.Fatal(err)
	}
	other, err := s.Sign(ctx, education, document(t, "Mot van ban khac"))
	if err != nil {
		t.Fatal(err)
	}
	record := map[string]Issued{issued.SHA256: {SHA256: issued.SHA256, DossierCode: "000.00.03.H03-261123-0007",
		Kind: "receipt", Signer: issued.Signer, SignedAt: time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)}}
	lookup := func(_ context.Context, sha string) (Issued, error) {
		if r, ok := record[sha]; ok {
			return r, nil
		}
		return Issued{}, ErrNotIssued
	}
	v := NewVerifier(devRoot)
	cases := []struct {
		name    string
		doc     []byte
		genuine bool
		message string
	}{
		{"OK", issued.PDF, true, "Văn bản hợp lệ, do " + educationName + " ký ngày 24/11/2026. Mã hồ sơ: 000.00.03.H03-261123-0007."},
		{"ModifiedByte", flip(t, issued.PDF), false, "Văn bản đã bị thay đổi sau khi ký: chữ ký số không hợp lệ."},
		{"Appended", append(append([]byte{}, issued.PDF...), "\n%x\n"...), false, "Văn bản đã bị sửa đổi hoặc bổ sung sau khi ký."},
		{"SignedButNotIssued", other.PDF, false, "Chữ ký số của " + educationName + " hợp lệ nhưng văn bản không do hệ thống phát hành."},
		{"NotSigned", document(t, "x"), false, "Văn bản không có chữ ký số, không phải văn bản do hệ thống phát hành."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := v.Judge(ctx, c.doc, lookup)
			if err != nil || got.Genuine != c.genuine || got.Message != c.message {
				t.Fatalf("got %+v, %v; want %v %q", got, err, c.genuine, c.message)
			}
		})
	}
	t.Run("UntrustedSigner", func(t *testing.T) {
		got, err := NewVerifier().Judge(ctx, other.PDF, lookup)
		if err != nil || got.Genuine || got.Message != "Văn bản không do hệ thống phát hành: chữ ký số của "+educationName+" không thuộc chứng thư số được tin cậy." {
			t.Fatalf("got %+v, %v", got, err)
		}
	})
	t.Run("ErrPDFInvalid", func(t *testing.T) {
		if _, err := v.Judge(ctx, []byte("not a pdf"), lookup); !domain.IsKind(err, domain.Unprocessable) {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("LookupFails", func(t *testing.T) {
		failing := func(context.Context, string) (Issued, error) { return Issued{}, domain.ErrUnavailable }
		if _, err := v.Judge(ctx, issued.PDF, failing); !domain.IsKind(err, domain.Unavailable) {
			t.Fatalf("got %v", err)
		}
	})
}
