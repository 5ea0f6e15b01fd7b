package slips

import (
	"context"
	"crypto/x509"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/signer"
)

const (
	code          = "000.00.03.H03-261123-0007"
	agencyCode    = "000.00.03.H03"
	agencyCN      = "Sở Giáo dục và Đào tạo tỉnh Bắc Kạn"
	procedureCode = "1.004440"
	cccd          = "001203004567"
)

var idKey = []byte("khóa mã QR của tỉnh Bắc Kạn")

// The demo CA and the issuer every test uses, made once in TestMain.
var (
	issuer *Issuer
	root   *x509.Certificate
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "slips-test-")
	if err != nil {
		panic(err)
	}
	files, ca, err := signer.DevCA{Dir: dir, Password: "demo", Province: "Bắc Kạn",
		Agencies: []signer.DevAgency{{Code: agencyCode, Name: agencyCN}}}.Ensure()
	if err != nil {
		panic(err)
	}
	ks, err := signer.LoadPKCS12(files)
	if err != nil {
		panic(err)
	}
	root = ca
	issuer, err = NewIssuer(Config{Province: "Bắc Kạn", LookupBase: "https://dichvucong.backan.gov.vn", IDKey: idKey},
		signer.New(ks, signer.Options{Reason: "Phát hành phiếu", Location: "Bắc Kạn"}))
	if err != nil {
		panic(err)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, dossiercode.Location)
}

// longNote is a supplement request as long as real ones get, with words no line can
// hold whole.
const longNote = "1. Bản sao có chứng thực Quyết định thành lập trường trung học phổ thông của Ủy ban nhân dân tỉnh, " +
	"kèm theo danh sách cán bộ quản lý, giáo viên, nhân viên có trình độ đào tạo đạt chuẩn theo quy định.\n" +
	"2. Báo cáo thẩm định về cơ sở vật chất, thiết bị dạy học, thư viện, phòng học bộ môn và khu vui chơi, " +
	"bãi tập; biên bản kiểm tra phòng cháy chữa cháy còn hiệu lực.\n" +
	"3. Văn bản xác nhận nguồn tài chính bảo đảm hoạt động của nhà trường trong 03 năm đầu, tài liệu tham chiếu " +
	"https://dichvucong.backan.gov.vn/huong-dan/thanh-phan-ho-so/truong-trung-hoc-pho-thong-hoat-dong-giao-duc."

// sample is a realistic dossier: received with components, sent for a supplement with a
// long note, supplemented, transferred, extended with an apology, finished, delivered.
func sample() Input {
	c := code
	submitted, received := at(23, 8, 15), at(23, 9, 0)
	due := time.Date(2026, 12, 21, 17, 0, 0, 0, dossiercode.Location)
	supplementDue := time.Date(2026, 11, 30, 17, 0, 0, 0, dossiercode.Location)
	stepDue := at(24, 17, 0)
	d := domain.Dossier{ID: 7, Code: &c, ProcedureName: "Thủ tục cho phép trường trung học phổ thông hoạt động giáo dục",
		AgencyCode: agencyCode, AgencyName: "Sở Giáo dục và Đào tạo", SubmittedAt: &submitted,
		Applicant: domain.Applicant{Name: "Nguyễn Thị Hường", IDNumber: cccd, Phone: "0912345678", Email: "huong.nt@example.vn",
			Address: "Tổ 5, phường Đức Xuân, tỉnh Bắc Kạn"}}
	d.ReceivedAt, d.DueAt, d.SupplementDueAt, d.ResultRef = &received, &due, &supplementDue, "Quyết định số 1234/QĐ-SGDĐT"
	events := []domain.Event{
		{Seq: 1, At: submitted, Action: domain.ActionSubmitted, ActorName: "Nguyễn Thị Hường"},
		{Seq: 2, At: received, Action: domain.ActionReceived, ActorName: "Hoàng Thị Thu", ActorUnit: "Bộ phận một cửa"},
		{Seq: 3, At: at(23, 10, 0), Action: domain.ActionSupplementRequested, ActorName: "Hoàng Thị Thu", Note: longNote},
		{Seq: 4, At: at(26, 14, 30), Action: domain.ActionSupplemented, ActorName: "Nguyễn Thị Hường"},
		{Seq: 5, At: at(26, 15, 0), Action: domain.ActionTransferred, ActorName: "Hoàng Thị Thu",
			Receiver: "Lãnh đạo Phòng Giáo dục trung học – Sở Giáo dục và Đào tạo", StepDueAt: &stepDue, Timing: "on_time",
			Note: "Chuyển hồ sơ đã bổ sung đầy đủ; đề nghị thẩm định thực tế tại trường trước ngày 05/12/2026."},
		{Seq: 6, At: at(27, 9, 0), Action: domain.ActionExtended, ActorName: "Trần Văn Bình",
			Note: "Cần thêm thời gian thẩm định thực tế cơ sở vật chất tại trường.", Timing: "late"},
		{Seq: 7, At: at(30, 16, 0), Action: domain.ActionFinished, ActorName: "Trần Văn Bình", Timing: "early"},
		{Seq: 8, At: time.Date(2026, 12, 1, 10, 0, 0, 0, dossiercode.Location), Action: domain.ActionDelivered,
			ActorName: "Hoàng Thị Thu", Receiver: "Nguyễn Thị Hường, nhận trực tiếp"},
	}
	return Input{Dossier: d, Events: events, ProcedureCode: procedureCode, ProcessingDays: 20,
		Components: []Received{
			{Name: "Tờ trình đề nghị cho phép trường trung học phổ thông hoạt động giáo dục", Originals: 1},
			{Name: "Quyết định thành lập hoặc cho phép thành lập trường", Copies: 1},
			{Name: "Danh sách cán bộ quản lý, giáo viên, nhân viên kèm văn bằng, chứng chỉ", Originals: 1, Copies: 2},
		}}
}

// refused is a dossier refused at the desk.
func refused() Input {
	in := sample()
	in.Events = []domain.Event{in.Events[0], {Seq: 2, At: at(23, 9, 30), Action: domain.ActionRefused,
		ActorName: "Hoàng Thị Thu", Note: "Thủ tục không thuộc thẩm quyền giải quyết của Sở Giáo dục và Đào tạo; đề nghị nộp tại Ủy ban nhân dân xã."}}
	return in
}

func inputFor(kind string) Input {
	if kind == "refusal" {
		return refused()
	}
	return sample()
}

func issue(t *testing.T, kind string, in Input) signer.Signed {
	t.Helper()
	signed, err := issuer.Issue(context.Background(), kind, in)
	if err != nil {
		t.Fatalf("%s: %v", kind, err)
	}
	return signed
}

// mustContain fails for every want missing from text. White space is left out of the
// comparison: the PDF wraps lines, and breaks within a word too long for a line.
func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	flat := strings.Join(strings.Fields(text), "")
	for _, want := range wants {
		if !strings.Contains(flat, strings.Join(strings.Fields(want), "")) {
			t.Errorf("the text lacks %q:\n%s", want, text)
		}
	}
}
