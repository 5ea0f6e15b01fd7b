package browsertest_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/paygov"
	"github.com/dvc-project/dvc/internal/testing/browsertest"
	"github.com/dvc-project/dvc/internal/testing/pdftools"
)

// TestOnlineStory walks issue 20 in Chromium: a fully online procedure (2.001914, Cấp bản
// sao văn bằng, chứng chỉ từ sổ gốc) from submission through online payment on the
// payment platform's stand-in to a signed result delivered online, which the citizen
// downloads from the store and reuses in a second dossier (1.005090). Every slip and
// result it produced is checked with pdfsig and zbarimg; a changed copy and a forged
// payment callback are refused. Screenshots, and the slips rendered at 360 and 1280
// pixels wide, go to $DVC_ARTEFACTS/browser, else the test's temporary directory.
func TestOnlineStory(t *testing.T) {
	if os.Getenv("DVC_ARTEFACTS") == "" {
		t.Setenv("DVC_ARTEFACTS", t.TempDir())
	}
	t.Logf("screenshots in %s", browsertest.ArtefactDir())
	a := startStack(t)
	b := browsertest.New(t, a.URL())
	s := &onlineStory{t: t, a: a, b: b, trust: pdftools.TrustStore(t, devCA(t, a))}
	s.copyProc, s.centreProc = procedureID(t, a, "2.001914"), procedureID(t, a, "1.005090")
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	step("CitizenSends", s.citizenSends)
	step("ClerkReceives", s.clerkReceives)
	step("SpecialistAsksForTheFee", s.specialistAsksForTheFee)
	step("CitizenPaysOnline", s.citizenPaysOnline)
	step("ForgedCallbackRefused", s.forgedCallbackRefused)
	step("OfficersFinishWithASignedResult", s.officersFinish)
	step("ClerkDeliversOnline", s.clerkDeliversOnline)
	step("CitizenDownloadsFromTheStore", s.citizenDownloads)
	step("SlipsAreSignedWithQRCodes", s.slipsSigned)
	step("LookupJudgesPresentedFiles", s.lookupJudges)
	step("ResultReusedInASecondDossier", s.reuse)
}

// onlineStory is the state the steps share.
type onlineStory struct {
	t                    *testing.T
	a                    *app.App
	b                    *browsertest.Browser
	trust                string // pdfsig's NSS database trusting the demo CA
	copyProc, centreProc int64
	code, code2          string
	dossierID            int64
	result               []byte // the signed result, as downloaded from the store
}

func (s *onlineStory) citizenSends(t *testing.T) {
	login(t, s.b, "congdan", demo.Password)
	s.code = s.fillAndSend(t, s.copyProc, nil)
	d, err := s.a.Store.DossierByCode(context.Background(), s.code)
	if err != nil {
		t.Fatal(err)
	}
	s.dossierID = d.ID
	waitLogged(t, s.a, s.code)
	logout(t, s.b)
}

// fillAndSend opens procedure proc's form, fills it (components from the store when
// fromStore names them, by component id and document id, else a PDF each), sends it
// and returns the code.
func (s *onlineStory) fillAndSend(t *testing.T, proc int64, fromStore map[int64]string) string {
	detail, err := s.a.Store.ProcedureDetail(context.Background(), proc)
	if err != nil {
		t.Fatal(err)
	}
	s.b.Run(t, s.b.Go(fmt.Sprintf("/thu-tuc/%d", proc)),
		chromedp.Click(`//button[normalize-space()="Nộp hồ sơ trực tuyến"]`, chromedp.BySearch),
		chromedp.WaitVisible(`form.dossier-form`, chromedp.ByQuery),
		chromedp.SendKeys(`#content`, "Đề nghị "+strings.ToLower(detail.Name), chromedp.ByQuery))
	for _, f := range detail.FormFields {
		sel := "#fd-" + f.Name
		switch {
		case len(f.Options) > 0:
			s.b.Run(t, chromedp.SetValue(sel, f.Options[0], chromedp.ByQuery))
		case f.Type == "number":
			s.b.Run(t, chromedp.SendKeys(sel, "2", chromedp.ByQuery))
		case f.Type == "date":
			s.b.Run(t, chromedp.SetValue(sel, "2026-09-05", chromedp.ByQuery))
		default:
			s.b.Run(t, chromedp.SendKeys(sel, "Nội dung kê khai", chromedp.ByQuery))
		}
	}
	for _, c := range detail.Components {
		if doc, ok := fromStore[c.ID]; ok {
			s.b.Run(t, chromedp.SetValue(fmt.Sprintf("#store_%d", c.ID), doc, chromedp.ByQuery))
			continue
		}
		if c.Required {
			s.b.Run(t, chromedp.SetUploadFiles(fmt.Sprintf("#file_%d", c.ID), []string{pdfFile(t, fmt.Sprintf("giay-to-%d.pdf", c.Position), c.Name)}, chromedp.ByQuery))
		}
	}
	if fromStore != nil {
		s.b.Shot(t, "form-from-store")
	}
	s.b.Run(t, chromedp.Click(`#send`, chromedp.ByQuery), chromedp.WaitVisible(`#dossier-code`, chromedp.ByQuery))
	return s.b.Text(t, "#dossier-code")
}

func (s *onlineStory) clerkReceives(t *testing.T) {
	login(t, s.b, "motcua", demo.Password)
	s.decide(t, "receive", domain.ActionReceived)
	s.decide(t, "transfer", domain.ActionTransferred, chromedp.SetValue(`#transfer-direction`, "next", chromedp.ByQuery),
		chromedp.SetValue(`#transfer-to_officer_id`, s.officer(t, "#transfer-to_officer_id", "Lê Minh Đức"), chromedp.ByQuery))
	logout(t, s.b)
}

func (s *onlineStory) specialistAsksForTheFee(t *testing.T) {
	login(t, s.b, "chuyenvien", demo.Password)
	s.decide(t, "request_payment", domain.ActionPaymentRequested,
		chromedp.SendKeys(`#request_payment-amount_vnd`, "20000", chromedp.ByQuery),
		chromedp.SendKeys(`#request_payment-note`, "Lệ phí cấp bản sao từ sổ gốc", chromedp.ByQuery))
	logout(t, s.b)
}

func (s *onlineStory) citizenPaysOnline(t *testing.T) {
	login(t, s.b, "congdan", demo.Password)
	s.b.Run(t, s.b.Go(fmt.Sprintf("/ho-so/%d", s.dossierID)), chromedp.WaitVisible(`#payment-due`, chromedp.ByQuery))
	if got := s.b.Text(t, "#payment-due"); got != "20.000 đồng" {
		t.Fatalf("the fee shown: %q", got)
	}
	s.b.Shot(t, "payment-due")
	s.b.Run(t, chromedp.Click(`#pay`, chromedp.ByQuery), chromedp.WaitVisible(`#pay-link`, chromedp.ByQuery))
	s.b.Shot(t, "payment-start")
	s.b.Run(t, chromedp.Click(`#pay-link`, chromedp.ByQuery), chromedp.WaitVisible(`#paygov-pay`, chromedp.ByQuery))
	if got := s.b.Text(t, "#paygov-amount"); got != "20.000 đồng" {
		t.Fatalf("the platform's page asks %q", got)
	}
	s.b.Shot(t, "paygov")
	s.b.Run(t, chromedp.Click(`#paygov-pay`, chromedp.ByQuery), chromedp.WaitVisible(`#payment-notice`, chromedp.ByQuery))
	if got := s.b.Text(t, "#payment-notice"); !strings.HasPrefix(got, "Thanh toán thành công") {
		t.Fatalf("back from the platform: %q", got)
	}
	waitEvent(t, s.a, s.code, domain.ActionPaymentConfirmed, 1)
	es := storeEvents(t, s.a, s.code)
	if last := es[len(es)-1]; last.Action != domain.ActionPaymentConfirmed || last.ActorID != nil {
		t.Fatalf("the fee was not confirmed by the platform: %+v", last)
	}
	s.b.Shot(t, "paid")
	logout(t, s.b)
}

// forgedCallbackRefused posts callbacks the platform did not sign: refused, logged, and
// the dossier is unchanged.
func (s *onlineStory) forgedCallbackRefused(t *testing.T) {
	var ref string
	if err := s.a.Store.DB().Get(&ref, `SELECT reference FROM payments WHERE dossier_id = $1`, s.dossierID); err != nil {
		t.Fatal(err)
	}
	before := len(storeEvents(t, s.a, s.code))
	for _, secret := range []string{"đoán mò", ""} {
		forged := paygov.Result{Type: paygov.TypeCallback, Code: paygov.CodeOK, Partner: "DVC-DEV", Reference: ref, Amount: 20000,
			Currency: "VND", TransactionID: "PGGIAMAO", Time: paygov.Timestamp(time.Now())}.Sign(secret)
		body := fmt.Sprintf(`{"LoaiBanTin":%q,"MaLoi":"00","MaDoiTac":"DVC-DEV","MaThamChieu":%q,"SoTien":20000,"MaTienTe":"VND","MaGiaoDich":"PGGIAMAO","MaNganHang":"","ThoiGianGD":%q,"ThongTinGiaoDich":"","MaXacThuc":%q}`,
			forged.Type, ref, forged.Time, forged.MAC)
		resp, err := http.Post(s.a.URL()+"/api/v1/paygov/callback", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest {
			t.Fatalf("a forged callback: %d", resp.StatusCode)
		}
	}
	var logged int
	if err := s.a.Store.DB().Get(&logged, `SELECT count(*) FROM payment_callbacks WHERE reference = $1 AND outcome = 'forged'`, ref); err != nil {
		t.Fatal(err)
	}
	if logged != 2 || len(storeEvents(t, s.a, s.code)) != before {
		t.Fatalf("forged callbacks: %d logged, log %d rows (was %d)", logged, len(storeEvents(t, s.a, s.code)), before)
	}
}

func (s *onlineStory) officersFinish(t *testing.T) {
	login(t, s.b, "chuyenvien", demo.Password)
	s.decide(t, "transfer", domain.ActionTransferred, chromedp.SetValue(`#transfer-direction`, "next", chromedp.ByQuery),
		chromedp.SetValue(`#transfer-to_officer_id`, s.officer(t, "#transfer-to_officer_id", "Trần Quốc Hùng"), chromedp.ByQuery))
	logout(t, s.b)
	login(t, s.b, "lanhdao", demo.Password)
	s.decide(t, "transfer", domain.ActionTransferred, chromedp.SetValue(`#transfer-direction`, "next", chromedp.ByQuery),
		chromedp.SetValue(`#transfer-to_officer_id`, s.officer(t, "#transfer-to_officer_id", "Phạm Thị Lan"), chromedp.ByQuery))
	logout(t, s.b)
	login(t, s.b, "vanthu", demo.Password)
	s.decide(t, "finish", domain.ActionFinished,
		chromedp.SetUploadFiles(`#finish-result_file`, []string{pdfFile(t, "ban-sao-bang-tot-nghiep.pdf", "BAN SAO BANG TOT NGHIEP TRUNG HOC PHO THONG")}, chromedp.ByQuery),
		chromedp.SendKeys(`#finish-note`, "Đã đối chiếu sổ gốc, ký bản sao", chromedp.ByQuery))
	logout(t, s.b)
}

func (s *onlineStory) clerkDeliversOnline(t *testing.T) {
	login(t, s.b, "motcua", demo.Password)
	s.decide(t, "deliver", domain.ActionDelivered, chromedp.Click(`#form-deliver input[name="method"][value="online"]`, chromedp.ByQuery))
	es := storeEvents(t, s.a, s.code)
	if last := es[len(es)-1]; last.Receiver != "Kho dữ liệu điện tử của công dân" {
		t.Fatalf("delivered to %q", last.Receiver)
	}
	s.b.Shot(t, "console-delivered-online")
	logout(t, s.b)
}

func (s *onlineStory) citizenDownloads(t *testing.T) {
	login(t, s.b, "congdan", demo.Password)
	s.b.Run(t, chromedp.Click(`//header//a[normalize-space()="Kho dữ liệu"]`, chromedp.BySearch),
		chromedp.WaitVisible(`#store tr[data-kind="result"]`, chromedp.ByQuery))
	if got := s.b.Text(t, `#store tr[data-kind="result"]`); !strings.Contains(got, s.code) || !strings.Contains(got, "Sở Giáo dục và Đào tạo") {
		t.Fatalf("the result in the store: %q", got)
	}
	if s.b.Count(t, `#store tr[data-kind="payment_receipt"]`) != 1 || s.b.Count(t, `#store tr[data-kind="component"]`) == 0 {
		t.Fatal("the store lacks the receipt or the components submitted")
	}
	s.b.Shot(t, "store")
	s.result = fetchBytes(t, s.b, `#store tr[data-kind="result"] a.download`)
	checkIssued(t, "the result", s.result, s.trust, s.code)
	checkIssued(t, "the receipt", fetchBytes(t, s.b, `#store tr[data-kind="payment_receipt"] a.download`), s.trust, s.code)
	s.b.Run(t, s.b.Go("/kho-du-lieu"), chromedp.WaitVisible(`#store tr[data-kind="result"] .meta`, chromedp.ByQuery))
}

// slipsSigned checks every slip the citizen's dossier page links to, and renders each
// at 360 and 1280 pixels wide as artefacts.
func (s *onlineStory) slipsSigned(t *testing.T) {
	s.b.Run(t, s.b.Go(fmt.Sprintf("/ho-so/%d", s.dossierID)), chromedp.WaitVisible(`#slips`, chromedp.ByQuery))
	s.b.Shot(t, "dossier-slips")
	var kinds []string
	s.b.Run(t, chromedp.Evaluate(`Array.from(document.querySelectorAll('#slips a[data-slip]')).map(a => a.dataset.slip)`, &kinds))
	if strings.Join(kinds, ",") != "receipt,log,delivery" {
		t.Fatalf("slips linked: %v", kinds)
	}
	for _, k := range kinds {
		pdf := fetchBytes(t, s.b, `#slips a[data-slip="`+k+`"]`)
		checkIssued(t, "slip "+k, pdf, s.trust, s.code)
		renderWidths(t, "slip-"+k, pdf)
	}
	renderWidths(t, "result", s.result)
	logout(t, s.b)
}

func (s *onlineStory) lookupJudges(t *testing.T) {
	verify := func(name string, pdf []byte) string {
		path := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(path, pdf, 0o600); err != nil {
			t.Fatal(err)
		}
		s.b.Run(t, s.b.Go("/tra-cuu"), chromedp.SetUploadFiles(`#document`, []string{path}, chromedp.ByQuery),
			chromedp.Click(`#verify`, chromedp.ByQuery), chromedp.WaitVisible(`#verdict`, chromedp.ByQuery))
		return s.b.Text(t, "#verdict")
	}
	if got := verify("ket-qua.pdf", s.result); !strings.HasPrefix(got, "Văn bản hợp lệ, do Sở Giáo dục và Đào tạo ký ngày ") ||
		s.b.Count(t, "#verdict.ok") != 1 {
		t.Fatalf("the genuine result: %q", got)
	}
	s.b.Shot(t, "verify-genuine")
	tampered := bytes.Replace(s.result, []byte("/Producer ("), []byte("/Producer )"), 1)
	if got := verify("ket-qua-sua.pdf", tampered); s.b.Count(t, "#verdict.bad") != 1 || strings.Contains(got, "hợp lệ, do") {
		t.Fatalf("a changed copy: %q", got)
	}
	s.b.Shot(t, "verify-tampered")
}

func (s *onlineStory) reuse(t *testing.T) {
	var docID string
	if err := s.a.Store.DB().Get(&docID, `SELECT pd.id::text FROM personal_documents pd WHERE pd.source_dossier_id = $1 AND pd.kind = 'result'`,
		s.dossierID); err != nil {
		t.Fatal(err)
	}
	detail, err := s.a.Store.ProcedureDetail(context.Background(), s.centreProc)
	if err != nil {
		t.Fatal(err)
	}
	login(t, s.b, "congdan", demo.Password)
	s.code2 = s.fillAndSend(t, s.centreProc, map[int64]string{detail.Components[0].ID: docID})
	waitLogged(t, s.a, s.code2)
	logout(t, s.b)
	login(t, s.b, "motcua", demo.Password)
	s.b.Run(t, s.b.Go("/can-bo/ho-so/"+s.code2), chromedp.WaitVisible(`#documents .origin`, chromedp.ByQuery))
	if got := s.b.Text(t, "#documents .origin"); !strings.Contains(got, "Lấy từ kho dữ liệu của công dân") || !strings.Contains(got, s.code) {
		t.Fatalf("the officer's view of the reused document: %q", got)
	}
	s.b.Shot(t, "console-from-store")
	logout(t, s.b)
}

// decide opens the decision's panel on the dossier's console page, fills it, sends it
// and waits for the workflow's log row.
func (s *onlineStory) decide(t *testing.T, name, action string, fill ...chromedp.Action) {
	t.Helper()
	s.b.Run(t, s.b.Go("/can-bo/ho-so/"+s.code), chromedp.WaitVisible(`#decision-`+name+`-panel`, chromedp.ByQuery),
		chromedp.Click(`#decision-`+name+`-panel summary`, chromedp.ByQuery), chromedp.WaitVisible(`#form-`+name, chromedp.ByQuery))
	s.b.Run(t, fill...)
	logged := countEvents(t, s.a, s.code, action)
	submitAndWait(t, s.b, `#decision-`+name)
	if notice := s.b.Text(t, "#notice"); !strings.HasPrefix(notice, "Đã thực hiện: ") {
		t.Fatalf("after %s: notice %q", name, notice)
	}
	waitEvent(t, s.a, s.code, action, logged+1)
}

// officer is the value of the option of select sel of the dossier's console page naming
// fullName.
func (s *onlineStory) officer(t *testing.T, sel, fullName string) string {
	t.Helper()
	var v string
	s.b.Run(t, s.b.Go("/can-bo/ho-so/"+s.code), chromedp.WaitVisible(`#dossier`, chromedp.ByQuery), chromedp.Evaluate(fmt.Sprintf(`(Array.from(document.querySelectorAll(%q)).find(o => o.textContent.startsWith(%q)) || {value: ""}).value`,
		sel+" option", fullName), &v))
	if v == "" {
		t.Fatalf("%s does not offer %s", sel, fullName)
	}
	return v
}
