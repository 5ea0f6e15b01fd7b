package slips

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dvc-project/dvc/internal/qr"
	"github.com/dvc-project/dvc/internal/signer"
)

// Payment is a fee paid online, for its electronic receipt.
type Payment struct {
	Reference     string // MaThamChieu
	TransactionID string // MaGiaoDich
	Bank          string
	AmountVND     int64
	PaidAt        time.Time
	Platform      string // e.g. "Nền tảng thanh toán trực tuyến – Cổng Dịch vụ công quốc gia (PayGov)"
}

// ReceiptTitle is the title of the electronic receipt of a fee paid online.
const ReceiptTitle = "BIÊN LAI THU PHÍ, LỆ PHÍ ĐIỆN TỬ"

// IssueReceipt draws the electronic receipt of payment p for the dossier of in (with
// its QR code) and signs it for the dossier's agency. Errors: slip_not_available (no
// code), the signer's.
func (is *Issuer) IssueReceipt(ctx context.Context, in Input, p Payment) (signer.Signed, error) {
	if in.Dossier.Code == nil {
		return signer.Signed{}, ErrNotAvailable
	}
	w := newWriter(is.cfg, in, p.PaidAt)
	w.p.SetTitle(ReceiptTitle+" – "+*in.Dossier.Code, true)
	w.header("", p.PaidAt)
	w.title(ReceiptTitle, "(Nộp qua "+p.Platform+")")
	d := in.Dossier
	w.field("Đơn vị thu:", d.AgencyName)
	w.field("Người nộp:", d.Name)
	if d.IDNumber != "" {
		w.field("Số giấy tờ tùy thân:", d.IDNumber)
	}
	w.field("Địa chỉ:", d.Address)
	w.field("Nội dung thu:", "Phí, lệ phí giải quyết thủ tục hành chính "+d.ProcedureName+" (mã hồ sơ "+*d.Code+")")
	w.table([]column{{"STT", 12, "C"}, {"Khoản thu", 108, "L"}, {"Số tiền (đồng)", 50, "R"}},
		[][]string{{"1", "Phí, lệ phí thủ tục hành chính", money(p.AmountVND)}, {"", "Tổng cộng", money(p.AmountVND)}})
	w.field("Mã tham chiếu:", p.Reference)
	w.field("Mã giao dịch:", p.TransactionID)
	if p.Bank != "" {
		w.field("Ngân hàng, tổ chức thanh toán:", p.Bank)
	}
	w.field("Thời gian thanh toán:", stamp(p.PaidAt))
	w.signatures(sigBlock{"ĐƠN VỊ THU", "(Ký số)", d.AgencyName})
	pl, err := qr.NewPayload(is.cfg.LookupBase, is.cfg.IDKey, *d.Code, in.ProcedureCode, d.IDNumber)
	if err != nil {
		return signer.Signed{}, err
	}
	if err := w.footer(pl.Text(), pl.LookupURL); err != nil {
		return signer.Signed{}, err
	}
	var buf bytes.Buffer
	if err := w.p.Output(&buf); err != nil {
		return signer.Signed{}, fmt.Errorf("slips: receipt: %w", err)
	}
	return is.signer.Sign(ctx, d.AgencyCode, buf.Bytes())
}

// money writes đồng with dots between thousands: 1.250.000.
func money(n int64) string {
	s := strconv.FormatInt(n, 10)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}
