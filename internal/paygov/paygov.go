// Package paygov speaks to the national public service portal's payment platform
// (PayGov, NATIONAL_PORTAL.md §4.1): INIT opens a payment and answers the page where the
// citizen pays (UrlThanhToan); the platform then posts the result to the province
// (the callback); QUERY asks it the state of a payment. Every message carries
// MaXacThuc, the lower-case hex SHA-256 of its fields joined with "|" and the shared
// secret appended as the last element; the province verifies the callback and QUERY's
// answer the same way and signs its replies. Client is the province's side; StandIn
// serves the same protocol for `dvc dev` and the tests, with a page where the payment
// can be clicked through. Neither knows which one the other is.
//
// What the public clients do not show (NATIONAL_PORTAL.md §5.9) and this package
// decides, marked [I] in the comments: QUERY's answer has the callback's fields and is
// signed like it; the province's reply to a callback is signed over MaLoi, MoTaLoi,
// MaDoiTac, MaThamChieu and ThoiGianGD.
package paygov

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Message types (LoaiBanTin).
const (
	TypeInit     = "INIT"
	TypeQuery    = "QUERY"
	TypeCallback = "PAY" // [I] the result of a payment, posted to the province
)

// Result codes (MaLoi).
const (
	CodeOK    = "00" // success
	CodeOther = "99" // "Các lỗi khác": other errors
)

// Sign is MaXacThuc over values: hex(SHA-256(v1|v2|…|secret)).
func Sign(secret string, values ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(append(values, secret), "|")))
	return hex.EncodeToString(sum[:])
}

// Verify reports, in constant time, whether mac is MaXacThuc over values.
func Verify(secret, mac string, values ...string) bool {
	want := Sign(secret, values...)
	return subtle.ConstantTimeCompare([]byte(strings.ToLower(mac)), []byte(want)) == 1
}

// Fee is one fee or charge of a bill (PhiLePhi).
type Fee struct {
	Kind   string `json:"LoaiPhiLePhi"` // "1" phí, "2" lệ phí
	Code   string `json:"MaPhiLePhi"`
	Name   string `json:"TenPhiLePhi"`
	Amount int64  `json:"SoTien"`
}

// Bill is what is paid for (ThongTinBienLai), the fields a fee of a dossier needs.
type Bill struct {
	Service       string `json:"MaDichVu"` // "2": fees and charges
	ProcedureCode string `json:"MaTTHC"`
	ProcedureName string `json:"TenTTHC"`
	AgencyCode    string `json:"MaDonVi"`
	AgencyName    string `json:"TenDonVi"`
	DossierCode   string `json:"MaHoSo"`
	Content       string `json:"NoiDungThanhToan"`
	PayerName     string `json:"HoTenNguoiNop"`
	PayerID       string `json:"SoCMNDNguoiNop"`
	PayerAddress  string `json:"DiaChiNguoiNop"`
	Fees          []Fee  `json:"PhiLePhi"`
}

// Init is the INIT message.
type Init struct {
	Type        string `json:"LoaiBanTin"`
	Version     string `json:"PhienBan"`
	Partner     string `json:"MaDoiTac"`
	Reference   string `json:"MaThamChieu"`
	Amount      string `json:"SoTien"`
	PayType     string `json:"LoaiHinhThanhToan"`
	Channel     string `json:"MaKenhThanhToan"`
	Device      string `json:"MaThietBi"`
	Language    string `json:"NgonNgu"`
	Currency    string `json:"MaTienTe"`
	Bank        string `json:"MaNganHang"`
	Description string `json:"ThongTinGiaoDich"`
	Time        string `json:"ThoiGianGD"`
	IP          string `json:"Ip"`
	Bill        Bill   `json:"ThongTinBienLai"`
	MAC         string `json:"MaXacThuc"`
}

// signed are the fields INIT's MaXacThuc covers, in order.
func (m Init) signed() []string {
	return []string{m.Type, m.Version, m.Partner, m.Reference, m.Amount, m.PayType, m.Channel, m.Device, m.Language,
		m.Currency, m.Bank, m.Description, m.Time, m.IP}
}

// InitReply is the platform's answer to INIT.
type InitReply struct {
	Code        string `json:"MaLoi"`
	Message     string `json:"MoTaLoi"`
	Reference   string `json:"MaThamChieu"`
	PaymentURL  string `json:"UrlThanhToan"`
	Description string `json:"ThongTinGiaoDich,omitempty"`
}

// Result is a payment's result: the callback the platform posts to the province, and
// [I] QUERY's answer.
type Result struct {
	Type          string `json:"LoaiBanTin"`
	Code          string `json:"MaLoi"`
	Partner       string `json:"MaDoiTac"`
	Reference     string `json:"MaThamChieu"`
	Amount        int64  `json:"SoTien"`
	Currency      string `json:"MaTienTe"`
	TransactionID string `json:"MaGiaoDich"`
	Bank          string `json:"MaNganHang"`
	Time          string `json:"ThoiGianGD"`
	Description   string `json:"ThongTinGiaoDich"`
	MAC           string `json:"MaXacThuc"`
}

// signed are the fields a result's MaXacThuc covers, in order.
func (r Result) signed() []string {
	return []string{r.Type, r.Code, r.Partner, r.Reference, strconv.FormatInt(r.Amount, 10), r.Currency,
		r.TransactionID, r.Bank, r.Time, r.Description}
}

// Sign returns r with its MaXacThuc.
func (r Result) Sign(secret string) Result {
	r.MAC = Sign(secret, r.signed()...)
	return r
}

// Valid reports whether r's MaXacThuc is right for secret.
func (r Result) Valid(secret string) bool { return Verify(secret, r.MAC, r.signed()...) }

// Paid reports whether the result says the payment succeeded.
func (r Result) Paid() bool { return r.Code == CodeOK }

// Reply is the province's answer to a callback.
type Reply struct {
	Code      string `json:"MaLoi"`
	Message   string `json:"MoTaLoi"`
	Partner   string `json:"MaDoiTac"`
	Reference string `json:"MaThamChieu"`
	Time      string `json:"ThoiGianGD"`
	MAC       string `json:"MaXacThuc"`
}

// NewReply is the province's signed reply ([I] over MaLoi|MoTaLoi|MaDoiTac|MaThamChieu|ThoiGianGD).
func NewReply(secret, code, message, partner, reference string, at time.Time) Reply {
	r := Reply{Code: code, Message: message, Partner: partner, Reference: reference, Time: Timestamp(at)}
	r.MAC = Sign(secret, r.Code, r.Message, r.Partner, r.Reference, r.Time)
	return r
}

// Query is the QUERY message: the state of a payment.
type Query struct {
	Type      string `json:"LoaiBanTin"`
	Version   string `json:"PhienBan"`
	Partner   string `json:"MaDoiTac"`
	Reference string `json:"MaThamChieu"`
	Time      string `json:"ThoiGianGD"`
	MAC       string `json:"MaXacThuc"`
}

func (q Query) signed() []string { return []string{q.Type, q.Version, q.Partner, q.Reference, q.Time} }

// vietnam is the time zone of ThoiGianGD.
var vietnam = time.FixedZone("ICT", 7*3600)

// Timestamp formats t as the platform does: yyyyMMddHHmmss in Vietnam's time.
func Timestamp(t time.Time) string { return t.In(vietnam).Format("20060102150405") }

// ParseTimestamp reads a ThoiGianGD.
func ParseTimestamp(s string) (time.Time, error) {
	return time.ParseInLocation("20060102150405", s, vietnam)
}

// UnmarshalJSON reads a result whose SoTien is a JSON number or a string of digits.
func (r *Result) UnmarshalJSON(data []byte) error {
	type plain Result
	var wire struct {
		plain
		Amount json.RawMessage `json:"SoTien"`
	}
	if err := json.Unmarshal(data, &wire); err != nil {
		return err
	}
	*r = Result(wire.plain)
	raw := strings.Trim(string(wire.Amount), `"`)
	if raw == "" || raw == "null" {
		r.Amount = 0
		return nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return fmt.Errorf("paygov: SoTien %s is not a whole number", wire.Amount)
	}
	r.Amount = n
	return nil
}
