package slips

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/qr"
	"github.com/dvc-project/dvc/internal/signer"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

var allKinds = []string{"receipt", "supplement", "refusal", "apology", "log", "delivery"}

// TestEverySlip issues every kind and reads it back with the real tools: pdfsig finds
// one valid signature of the agency over the whole file and a broken one once a signed
// byte changes; zbarimg finds the QR code with the dossier code, the procedure code and
// the applicant hash, never the ID number; pdftotext finds the header, title and motto.
func TestEverySlip(t *testing.T) {
	nss := pdftools.TrustStore(t, root)
	for _, kind := range allKinds {
		t.Run(kind, func(t *testing.T) {
			in := inputFor(kind)
			signed := issue(t, kind, in)
			sigs := pdftools.Pdfsig(t, signed.PDF, nss)
			if len(sigs) != 1 || !sigs[0].Valid() || !sigs[0].Whole || sigs[0].CommonName != agencyCN ||
				sigs[0].Certificate != "Certificate is Trusted." {
				t.Fatalf("pdfsig: %+v", sigs)
			}
			if sigs := pdftools.Pdfsig(t, flipSigned(t, signed.PDF), ""); len(sigs) != 1 || sigs[0].Valid() {
				t.Fatalf("pdfsig accepts a modified slip: %+v", sigs)
			}
			codes := pdftools.QRCodes(t, signed.PDF)
			if len(codes) != 1 || !strings.Contains(codes[0], code) || strings.Contains(codes[0], cccd) {
				t.Fatalf("QR codes: %q", codes)
			}
			p, err := qr.Parse(codes[0])
			if err != nil || p.DossierCode != code || p.ProcedureCode != procedureCode ||
				p.ApplicantHash != qr.ApplicantHash(idKey, cccd) || p.LookupURL != "https://dichvucong.backan.gov.vn/tra-cuu?code="+code {
				t.Fatalf("QR payload %+v %v", p, err)
			}
			mustContain(t, pdftools.Text(t, signed.PDF), "ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
				"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", Kinds[kind].Title, "Mã hồ sơ: "+code)
		})
	}
}

// flipSigned changes one byte of the slip's page content, inside the signed range.
func flipSigned(t *testing.T, pdf []byte) []byte {
	t.Helper()
	i := bytes.Index(pdf, []byte("stream\n"))
	if i < 0 {
		t.Fatal("no stream in the slip")
	}
	out := bytes.Clone(pdf)
	out[i+len("stream\n")+5] ^= 0x20
	return out
}

func TestReceipt(t *testing.T) {
	text := pdftools.Text(t, issue(t, "receipt", sample()).PDF)
	mustContain(t, text, "Mẫu số 01 – Thông tư 03/2025/TT-VPCP", "Bắc Kạn, ngày 23 tháng 11 năm 2026",
		"Tiếp nhận hồ sơ của: Nguyễn Thị Hường", "Tổ 5, phường Đức Xuân, tỉnh Bắc Kạn",
		"Tờ trình đề nghị cho phép trường trung học phổ thông hoạt động giáo dục",
		"Danh sách cán bộ quản lý, giáo viên, nhân viên kèm văn bằng, chứng chỉ", "Bản chính", "Bản sao",
		"20 ngày làm việc", "4. Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 23/11/2026",
		"5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 21/12/2026",
		"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Hoàng Thị Thu", "(Ký và ghi rõ họ tên)")
}

func TestEdition2018(t *testing.T) {
	in := sample()
	in.Edition = Edition2018
	text := pdftools.Text(t, issue(t, "log", in).PDF)
	mustContain(t, text, "Mẫu số 05 – Thông tư 01/2018/TT-VPCP")
	mustContain(t, pdftools.Text(t, issue(t, "log", sample()).PDF), "Mẫu số 06 – Thông tư 03/2025/TT-VPCP")
}

func TestOtherForms(t *testing.T) {
	cases := map[string][]string{
		"supplement": {"Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", longNote,
			"Thời hạn bổ sung, hoàn thiện hồ sơ: 17 giờ 00 phút, ngày 30/11/2026", "NGƯỜI HƯỚNG DẪN"},
		"refusal": {"từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau:", "đề nghị nộp tại Ủy ban nhân dân xã.",
			"Xin thông báo cho ông/bà được biết và thực hiện./."},
		"apology": {"Kính gửi: Nguyễn Thị Hường", "Lý do: Cần thêm thời gian thẩm định thực tế cơ sở vật chất tại trường.",
			"hẹn lại thời gian trả kết quả vào 17 giờ 00 phút, ngày 21/12/2026.", "THỦ TRƯỞNG CƠ QUAN", "Trần Văn Bình",
			"Bắc Kạn, ngày 27 tháng 11 năm 2026"},
		"delivery": {"Quyết định số 1234/QĐ-SGDĐT", "10 giờ 00 phút, ngày 01/12/2026", "Nguyễn Thị Hường, nhận trực tiếp",
			"NGƯỜI NHẬN KẾT QUẢ", "Bắc Kạn, ngày 01 tháng 12 năm 2026"},
	}
	for kind, wants := range cases {
		t.Run(kind, func(t *testing.T) {
			mustContain(t, pdftools.Text(t, issue(t, kind, inputFor(kind)).PDF), wants...)
		})
	}
}

func TestNotAvailable(t *testing.T) {
	in := sample()
	in.Events = in.Events[:2] // submitted and received only
	for _, kind := range []string{"refusal", "apology", "delivery", "supplement", "nonsense", ""} {
		if _, err := issuer.Issue(context.Background(), kind, in); !errors.Is(err, ErrNotAvailable) {
			t.Errorf("%s: %v", kind, err)
		}
	}
	draft := sample()
	draft.Dossier.Code = nil
	if _, err := issuer.Draw("receipt", draft); !errors.Is(err, ErrNotAvailable) {
		t.Errorf("a draft: %v", err)
	}
	if e, ok := domain.Public(ErrNotAvailable); !ok || e.Kind != domain.NotFound || e.Code != "slip_not_available" {
		t.Errorf("ErrNotAvailable: %+v", e)
	}
}

func TestNewIssuerErrors(t *testing.T) {
	s := signer.New(nil, signer.Options{})
	for _, c := range []struct {
		name string
		cfg  Config
		code string
	}{
		{"ErrLookupBase", Config{Province: "Bắc Kạn", LookupBase: "dichvucong.backan.gov.vn", IDKey: idKey}, "lookup_base_url_invalid"},
		{"ErrKey", Config{Province: "Bắc Kạn", LookupBase: "https://dichvucong.backan.gov.vn"}, "qr_key_missing"},
		{"ErrProvince", Config{LookupBase: "https://dichvucong.backan.gov.vn", IDKey: idKey}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewIssuer(c.cfg, s)
			if err == nil {
				t.Fatal("accepted")
			}
			if e, ok := domain.AsError(err); c.code != "" && (!ok || e.Code != c.code) {
				t.Fatalf("got %v, want %s", err, c.code)
			}
		})
	}
}

// TestRenderCompat: the former entry point still draws the slips the API serves today.
func TestRenderCompat(t *testing.T) {
	in := sample()
	pdf, err := Render("receipt", in.Dossier, in.Events)
	if err != nil {
		t.Fatal(err)
	}
	mustContain(t, pdftools.Text(t, pdf), code, "Nguyễn Thị Hường", "21/12/2026", "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ")
	if _, err := Render("apology", in.Dossier, in.Events[:2]); !errors.Is(err, ErrNotAvailable) {
		t.Errorf("apology: %v", err)
	}
}

// TestLogTableNeverCuts gives the process-control slip a note longer than a page and a
// long receiver: pdftotext's word boxes show every word of them inside its column, in
// order, the note going on over the next page.
func TestLogTableNeverCuts(t *testing.T) {
	in := sample()
	long := longNote + "\n" + longNote + "\n" + longNote
	in.Events[4].Note = long
	words := pdftools.Words(t, issue(t, "log", in).PDF)
	column := func(i int) (float64, float64) {
		x := marginLeft
		for _, c := range logColumns[:i] {
			x += c.width
		}
		const pt = 72 / 25.4
		return x * pt, (x + logColumns[i].width) * pt
	}
	inColumn := func(i int) (string, map[int]bool) {
		x0, x1 := column(i)
		var in []pdftools.Word
		for _, w := range words {
			if w.XMin >= x0 && w.XMax <= x1 {
				in = append(in, w)
			}
		}
		slices.SortStableFunc(in, func(a, b pdftools.Word) int {
			return cmp.Or(cmp.Compare(a.Page, b.Page), cmp.Compare(a.YMin, b.YMin), cmp.Compare(a.XMin, b.XMin))
		})
		var text strings.Builder
		pages := map[int]bool{}
		for _, w := range in {
			text.WriteString(w.Text)
			pages[w.Page] = true
		}
		return text.String(), pages
	}
	squeeze := func(s string) string { return strings.Join(strings.Fields(s), "") }
	notes, pages := inColumn(len(logColumns) - 1)
	notes = strings.ReplaceAll(notes, squeeze(logColumns[len(logColumns)-1].head), "") // repeated on each page
	if !strings.Contains(notes, squeeze(long)) || len(pages) < 2 {
		t.Errorf("the note column holds, over pages %v:\n%s", pages, notes)
	}
	if receivers, _ := inColumn(4); !strings.Contains(receivers, squeeze(in.Events[4].Receiver)) {
		t.Errorf("the receiver column holds %s", receivers)
	}
	_, right := column(len(logColumns) - 1)
	for _, w := range words {
		if w.XMax > right+0.5 {
			t.Errorf("%q on page %d runs past the text width (%.1f > %.1f pt)", w.Text, w.Page, w.XMax, right)
		}
	}
}

// TestLongNamesWrap: an agency and a procedure with long names wrap in the header and
// the body instead of running off the page.
func TestLongNamesWrap(t *testing.T) {
	in := sample()
	in.Dossier.AgencyName = "Ban Quản lý các khu công nghiệp, khu kinh tế và Trung tâm Phục vụ hành chính công tỉnh Bắc Kạn"
	in.Dossier.ProcedureName = strings.Repeat("Thủ tục cấp, cấp lại, điều chỉnh giấy phép hoạt động giáo dục nghề nghiệp; ", 4)
	pdf := issue(t, "receipt", in).PDF
	mustContain(t, pdftools.Text(t, pdf), strings.ToUpper(in.Dossier.AgencyName), in.Dossier.ProcedureName)
	const right = (210 - marginRight) * 72 / 25.4
	for _, w := range pdftools.Words(t, pdf) {
		if w.XMax > right+0.5 {
			t.Errorf("%q runs past the text width", w.Text)
		}
	}
}

// TestLogHeadingsKeepWords: every word of the process-control slip's headings fits its
// column on one line, so no heading is broken inside a word ("ST T").
func TestLogHeadingsKeepWords(t *testing.T) {
	w := newWriter(Config{}, sample(), time.Now())
	w.p.SetFont(font, "B", tableSize)
	for _, c := range logColumns {
		for _, word := range strings.Fields(c.head) {
			if lines := w.p.SplitText(word, c.width); len(lines) != 1 {
				t.Errorf("heading %q: %q is broken into %q in %.0f mm", c.head, word, lines, c.width)
			}
		}
	}
}
