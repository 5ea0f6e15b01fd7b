package slips

import (
	"context"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// TestPaymentReceipt: the electronic receipt of a fee paid online is signed, carries the
// QR code and says what was paid, how and when.
func TestPaymentReceipt(t *testing.T) {
	in := sample()
	p := Payment{Reference: "DVCA1B2C3D4E5", TransactionID: "PG0A1B2C3D4E5F", Bank: "NCB", AmountVND: 1250000,
		PaidAt: at(25, 10, 5), Platform: "Nền tảng thanh toán trực tuyến – Cổng Dịch vụ công quốc gia"}
	signed, err := issuer.IssueReceipt(context.Background(), in, p)
	if err != nil {
		t.Fatal(err)
	}
	sigs := pdftools.Pdfsig(t, signed.PDF, pdftools.TrustStore(t, root))
	if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole || sigs[0].Certificate != "Certificate is Trusted." {
		t.Fatalf("pdfsig: %+v", sigs)
	}
	if codes := pdftools.QRCodes(t, signed.PDF); len(codes) != 1 || !strings.Contains(codes[0], code) {
		t.Fatalf("QR codes: %q", codes)
	}
	mustContain(t, pdftools.Text(t, signed.PDF), ReceiptTitle, "1.250.000", "DVCA1B2C3D4E5", "PG0A1B2C3D4E5F",
		"10:05 25/11/2026", "Nguyễn Thị Hường", "Sở Giáo dục và Đào tạo")
	in.Dossier.Code = nil
	if _, err := issuer.IssueReceipt(context.Background(), in, p); err != ErrNotAvailable {
		t.Errorf("a receipt without a dossier code: %v", err)
	}
}
