package browsertest_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/testing/apptest"
	"github.com/dvc-project/dvc/internal/testing/browsertest"
)

const testCaptcha = apptest.Captcha

// startStack runs `dvc dev` in-process on free ports; it stops with the test.
func startStack(t *testing.T) *app.App {
	t.Helper()
	a := apptest.Start(t, apptest.Config(apptest.DataDir(t)), app.Parts{API: true, Worker: true})
	t.Cleanup(a.Close)
	return a
}

// samplePDF writes a small real PDF (a result must be one, to be signed) and returns
// its path.
func samplePDF(t *testing.T, name string) string {
	t.Helper()
	return pdfFile(t, name, name)
}

// TestStory walks the story of issue 6 in Chromium on the running stack. Each step is a
// subtest sharing the story's state (the dossier code, the update code); a step that
// fails stops the story. Console steps (the clerk receives, the leader transfers, the
// specialist asks for a supplement …) slot in between the citizen's steps below.
func TestStory(t *testing.T) {
	a := startStack(t)
	b := browsertest.New(t, a.URL())
	const procedureCode = "1.004496" // Thủ tục cho phép trường trung học phổ thông hoạt động giáo dục
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = $1`, procedureCode); err != nil {
		t.Fatal(err)
	}
	proc, err := a.Store.ProcedureDetail(context.Background(), procID)
	if err != nil {
		t.Fatal(err)
	}
	var code, updateCode string
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}

	step("Home", func(t *testing.T) {
		b.Run(t, b.Go("/"), chromedp.WaitVisible(`nav.menu`, chromedp.ByQuery))
		b.Shot(t, "home")
	})

	step("CitizenRegisters", func(t *testing.T) {
		b.Run(t, chromedp.Click(`//header//a[normalize-space()="Đăng ký"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#captcha-image`, chromedp.ByQuery))
		var natural int
		b.Run(t, chromedp.Evaluate(`document.getElementById('captcha-image').naturalWidth`, &natural))
		if natural == 0 {
			t.Fatal("the captcha image does not load")
		}
		b.Run(t, chromedp.Click(`[data-captcha-refresh]`, chromedp.ByQuery), chromedp.Sleep(300*time.Millisecond))
		for sel, v := range map[string]string{"#username": "lythimai", "#password": "matkhau2026", "#password_confirm": "matkhau2026",
			"#full_name": "Lý Thị Mai", "#id_number": "001305007788", "#email": "mai@example.vn", "#phone": "0912345670",
			"#captcha_answer": testCaptcha} {
			b.Run(t, chromedp.SendKeys(sel, v, chromedp.ByQuery))
		}
		b.Shot(t, "register")
		b.Run(t, chromedp.Click(`//button[normalize-space()="Đăng ký"]`, chromedp.BySearch),
			chromedp.WaitVisible(`//h1[normalize-space()="Hồ sơ của tôi"]`, chromedp.BySearch))
		if got := b.Text(t, ".account .hello"); !strings.Contains(got, "Lý Thị Mai") {
			t.Fatalf("header after registering: %q", got)
		}
	})

	step("FindsProcedureBySearch", func(t *testing.T) {
		b.Run(t, b.Go("/"), chromedp.SendKeys(`#home-q`, "truong trung hoc pho thong hoat dong giao duc", chromedp.ByQuery),
			chromedp.Submit(`#home-q`, chromedp.ByQuery),
			chromedp.WaitVisible(`ul.procedures`, chromedp.ByQuery))
		b.Shot(t, "search")
		b.Run(t, chromedp.Click(fmt.Sprintf(`a[href="/thu-tuc/%d"]`, procID), chromedp.ByQuery),
			chromedp.WaitVisible(`//button[normalize-space()="Nộp hồ sơ trực tuyến"]`, chromedp.BySearch))
		b.Shot(t, "procedure")
	})

	step("FillsAttachesSavesSends", func(t *testing.T) {
		b.Run(t, chromedp.Click(`//button[normalize-space()="Nộp hồ sơ trực tuyến"]`, chromedp.BySearch),
			chromedp.WaitVisible(`form.dossier-form`, chromedp.ByQuery))
		var name string
		b.Run(t, chromedp.Value(`#applicant_name`, &name, chromedp.ByQuery))
		if name != "Lý Thị Mai" {
			t.Fatalf("applicant not prefilled from the profile: %q", name)
		}
		b.Run(t, chromedp.SendKeys(`#content`, "Đề nghị cho phép Trường THPT Bắc Kạn hoạt động giáo dục", chromedp.ByQuery),
			chromedp.SendKeys(`#address`, "Tổ 2, phường Đức Xuân, Bắc Kạn", chromedp.ByQuery))
		for _, f := range proc.FormFields {
			sel := "#fd-" + f.Name
			switch {
			case len(f.Options) > 0:
				b.Run(t, chromedp.SetValue(sel, f.Options[0], chromedp.ByQuery))
			case f.Type == "number":
				b.Run(t, chromedp.SendKeys(sel, "2", chromedp.ByQuery))
			case f.Type == "date":
				b.Run(t, chromedp.SetValue(sel, "2026-09-05", chromedp.ByQuery))
			default:
				b.Run(t, chromedp.SendKeys(sel, "Nội dung kê khai", chromedp.ByQuery))
			}
		}
		for _, c := range proc.Components {
			b.Run(t, chromedp.SetUploadFiles(fmt.Sprintf("#file_%d", c.ID), []string{samplePDF(t, fmt.Sprintf("giay-to-%d.pdf", c.Position))}, chromedp.ByQuery))
		}
		b.Shot(t, "form-filled")
		b.Run(t, chromedp.Click(`//button[normalize-space()="Lưu"]`, chromedp.BySearch),
			chromedp.WaitVisible(`//p[contains(., "Đã lưu hồ sơ")]`, chromedp.BySearch))
		if n := b.Count(t, `.components .file`); n != len(proc.Components) {
			t.Fatalf("%d files listed after saving, want %d", n, len(proc.Components))
		}
		b.Shot(t, "form-saved")
		// A double click on Gửi: one dossier.
		b.Run(t, chromedp.DoubleClick(`#send`, chromedp.ByQuery),
			chromedp.WaitVisible(`#dossier-code`, chromedp.ByQuery))
		code, updateCode = b.Text(t, "#dossier-code"), b.Text(t, "#update-code")
		if !strings.HasPrefix(code, proc.AgencyCode+"-") || updateCode == "" {
			t.Fatalf("success page: code %q, update code %q", code, updateCode)
		}
		var n int
		if err := a.Store.DB().Get(&n, `SELECT count(*) FROM dossiers d JOIN accounts a ON a.id = d.owner_id
			WHERE a.username = 'lythimai' AND d.code IS NOT NULL`); err != nil || n != 1 {
			t.Fatalf("submitted dossiers after a double click: %d %v", n, err)
		}
		b.Shot(t, "sent")
	})

	step("LogsOutAndLooksUpPublicly", func(t *testing.T) {
		waitLogged(t, a, code)
		b.Run(t, chromedp.Click(`//button[normalize-space()="Đăng xuất"]`, chromedp.BySearch),
			chromedp.WaitVisible(`//header//a[normalize-space()="Đăng nhập"]`, chromedp.BySearch))
		b.Run(t, chromedp.Click(`//nav[@class="menu"]//a[normalize-space()="Tra cứu"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#code`, chromedp.ByQuery), chromedp.SendKeys(`#code`, code, chromedp.ByQuery),
			chromedp.Submit(`#code`, chromedp.ByQuery), chromedp.WaitVisible(`table.history`, chromedp.ByQuery))
		if got := b.Text(t, "table.history tbody"); !strings.Contains(got, "Nộp hồ sơ trực tuyến") {
			t.Fatalf("history: %q", got)
		}
		if got := b.Text(t, "section.result dl"); strings.Contains(got, "Lý Thị Mai") || !strings.Contains(got, "L. T. Mai") {
			t.Fatalf("the public lookup does not mask the name: %q", got)
		}
		b.Shot(t, "lookup")
	})

	step("LogsInAndFindsTheDossier", func(t *testing.T) {
		b.Run(t, b.Go("/dang-nhap"), chromedp.SendKeys(`#username`, "lythimai", chromedp.ByQuery),
			chromedp.SendKeys(`#password`, "matkhau2026", chromedp.ByQuery),
			chromedp.Click(`//main//button[normalize-space()="Đăng nhập"]`, chromedp.BySearch),
			chromedp.WaitVisible(`//h1[normalize-space()="Hồ sơ của tôi"]`, chromedp.BySearch))
		b.Run(t, chromedp.Click(`//nav[@class="tabs"]//a[normalize-space()="Đã gửi"]`, chromedp.BySearch),
			chromedp.WaitVisible(`.dossier-item`, chromedp.ByQuery))
		if got := b.Text(t, ".dossier-item h2"); got != code {
			t.Fatalf("my dossiers (sent): %q", got)
		}
		b.Run(t, chromedp.Click(`.dossier-item summary`, chromedp.ByQuery), chromedp.WaitVisible(`.dossier-item table.history`, chromedp.ByQuery))
		b.Shot(t, "my-dossiers")
	})

	step("StatisticsAndMailbox", func(t *testing.T) {
		b.Run(t, b.Go("/thong-ke"), chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery))
		b.Shot(t, "statistics")
		b.Run(t, b.Go("/dev/mailbox"), chromedp.WaitVisible(`//h2[contains(., "`+code+`")]`, chromedp.BySearch))
		b.Shot(t, "mailbox")
	})

	// The officers of the procedure's agency (Sở Giáo dục và Đào tạo, 000.00.03.H03) take it
	// through its steps: the one-stop clerk motcua receives and sends it on; the leader
	// lanhdao holds step 1 (Lãnh đạo phòng phân công) and step 3 (Lãnh đạo Sở phê duyệt);
	// the specialist chuyenvien holds step 2 (Chuyên viên thẩm định hồ sơ).
	dossierPage := "/can-bo/ho-so/" + code
	// decide opens the decision's panel on the current dossier page, fills it and sends it,
	// waits for the page after the redirect to show the notice, then for the workflow's log row.
	decide := func(t *testing.T, name, action string, fill ...chromedp.Action) {
		t.Helper()
		b.Run(t, chromedp.WaitVisible(`#decision-`+name+`-panel`, chromedp.ByQuery),
			chromedp.Click(`#decision-`+name+`-panel summary`, chromedp.ByQuery),
			chromedp.WaitVisible(`#form-`+name, chromedp.ByQuery))
		b.Run(t, fill...)
		logged := countEvents(t, a, code, action)
		submitAndWait(t, b, `#decision-`+name)
		notice := b.Text(t, "#notice")
		if want := "Đã thực hiện: "; !strings.HasPrefix(notice, want) {
			t.Fatalf("after %s: notice %q", name, notice)
		}
		waitEvent(t, a, code, action, logged+1)
	}
	// openDossier opens the dossier from the officer's inbox.
	openDossier := func(t *testing.T) {
		t.Helper()
		row := `tr[data-code="` + code + `"]`
		b.Run(t, b.Go("/can-bo"), chromedp.WaitVisible(row, chromedp.ByQuery),
			chromedp.Click(row+` a[href="`+dossierPage+`"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#dossier[data-code="`+code+`"]`, chromedp.ByQuery))
	}
	officerOption := func(t *testing.T, sel, fullName string) string {
		t.Helper()
		var v string
		b.Run(t, chromedp.Evaluate(fmt.Sprintf(`(Array.from(document.querySelectorAll(%q)).find(o => o.textContent.startsWith(%q)) || {value: ""}).value`,
			sel+" option", fullName), &v))
		if v == "" {
			t.Fatalf("%s does not offer %s", sel, fullName)
		}
		return v
	}

	step("CitizenLogsOut", func(t *testing.T) {
		logout(t, b)
	})

	step("ClerkReceives", func(t *testing.T) {
		login(t, b, "motcua", demo.Password)
		if got := b.Location(t); !strings.HasSuffix(got, "/can-bo") {
			t.Fatalf("the clerk lands on %s, not the console", got)
		}
		row := `tr[data-code="` + code + `"]`
		b.Run(t, chromedp.WaitVisible(row, chromedp.ByQuery))
		if got := b.Text(t, row); !strings.Contains(got, "Lý Thị Mai") || !strings.Contains(got, proc.Name) {
			t.Fatalf("inbox row: %q", got)
		}
		if b.Count(t, `form[id="claim-`+code+`"] button`) != 1 {
			t.Fatal("no claim button on the unassigned row")
		}
		b.Shot(t, "console-inbox")
		openDossier(t)
		if got := b.Text(t, "#applicant"); !strings.Contains(got, "Lý Thị Mai") || !strings.Contains(got, "001305007788") {
			t.Fatalf("applicant: %q", got)
		}
		if n := b.Count(t, "#documents a[download]"); n != len(proc.Components) {
			t.Fatalf("%d documents on the dossier page, want %d", n, len(proc.Components))
		}
		b.Shot(t, "console-dossier")
		decide(t, "receive", domain.ActionReceived,
			chromedp.SendKeys(`#receive-note`, "Hồ sơ đầy đủ, hợp lệ", chromedp.ByQuery))
		if got := b.Text(t, "#status-label"); got == "" {
			t.Fatal("no status after receiving")
		}
		// On to step 1, to the leader by name.
		decide(t, "transfer", domain.ActionTransferred, chromedp.SetValue(`#transfer-direction`, "next", chromedp.ByQuery),
			chromedp.SetValue(`#transfer-to_officer_id`, officerOption(t, "#transfer-to_officer_id", "Trần Quốc Hùng"), chromedp.ByQuery))
		if b.Count(t, "#no-decisions") != 1 {
			t.Fatal("the clerk still has decisions after transferring")
		}
		logout(t, b)
	})

	step("LeaderTransfers", func(t *testing.T) {
		login(t, b, "lanhdao", demo.Password)
		openDossier(t)
		if got := b.Text(t, "#assignee"); got != "Trần Quốc Hùng" {
			t.Fatalf("assignee at step 1: %q", got)
		}
		decide(t, "transfer", domain.ActionTransferred, chromedp.SetValue(`#transfer-direction`, "next", chromedp.ByQuery),
			chromedp.SetValue(`#transfer-to_officer_id`, officerOption(t, "#transfer-to_officer_id", "Lê Minh Đức"), chromedp.ByQuery),
			chromedp.SendKeys(`#transfer-note`, "Đề nghị chuyên viên thẩm định", chromedp.ByQuery))
		if got := b.Text(t, "#assignee"); got != "Lê Minh Đức" {
			t.Fatalf("assignee after the leader's transfer: %q", got)
		}
		logout(t, b)
	})

	step("SpecialistAsksForSupplement", func(t *testing.T) {
		login(t, b, "chuyenvien", demo.Password)
		openDossier(t)
		decide(t, "request_supplement", domain.ActionSupplementRequested,
			chromedp.SendKeys(`#request_supplement-components`, "Sơ đồ mặt bằng trường", chromedp.ByQuery),
			chromedp.SendKeys(`#request_supplement-note`, "Thiếu sơ đồ mặt bằng", chromedp.ByQuery))
		if b.Count(t, "#no-decisions") != 1 {
			t.Fatal("the specialist has decisions while the citizen supplements")
		}
		logout(t, b)
	})

	step("CitizenSupplementsWithUpdateCode", func(t *testing.T) {
		b.Run(t, b.Go("/bo-sung"), chromedp.WaitVisible(`#code`, chromedp.ByQuery),
			chromedp.SendKeys(`#code`, code, chromedp.ByQuery), chromedp.SendKeys(`#update_code`, updateCode, chromedp.ByQuery),
			chromedp.Click(`//main//button[normalize-space()="Tiếp tục"]`, chromedp.BySearch),
			chromedp.WaitVisible(`//h1[normalize-space()="Bổ sung hồ sơ `+code+`"]`, chromedp.BySearch))
		if got := b.Text(t, ".notice"); !strings.Contains(got, "Sơ đồ mặt bằng trường") {
			t.Fatalf("what the agency asked for: %q", got)
		}
		b.Run(t, chromedp.SetUploadFiles(fmt.Sprintf("#file_%d", proc.Components[0].ID), []string{samplePDF(t, "so-do-mat-bang.pdf")}, chromedp.ByQuery),
			chromedp.SendKeys(`#note`, "Đã bổ sung sơ đồ mặt bằng", chromedp.ByQuery))
		b.Shot(t, "supplement")
		b.Run(t, chromedp.Click(`//main//button[normalize-space()="Gửi bổ sung"]`, chromedp.BySearch),
			chromedp.WaitVisible(`//h1[normalize-space()="Đã gửi bổ sung hồ sơ"]`, chromedp.BySearch))
		waitEvent(t, a, code, domain.ActionSupplemented, 1)
		b.Shot(t, "supplement-done")
	})

	step("SpecialistSendsToTheLeader", func(t *testing.T) {
		login(t, b, "chuyenvien", demo.Password)
		openDossier(t)
		if got := b.Text(t, "#documents"); !strings.Contains(got, "so-do-mat-bang.pdf") {
			t.Fatalf("the supplemented file is not on the dossier page: %q", got)
		}
		// To step 3 without naming an officer: the leader claims it.
		decide(t, "transfer", domain.ActionTransferred, chromedp.SetValue(`#transfer-direction`, "next", chromedp.ByQuery),
			chromedp.SendKeys(`#transfer-note`, "Đủ điều kiện cho phép hoạt động", chromedp.ByQuery))
		logout(t, b)
	})

	step("LeaderClaimsAndFinishes", func(t *testing.T) {
		login(t, b, "lanhdao", demo.Password)
		openDossier(t)
		submitAndWait(t, b, "#decision-claim")
		if got := b.Text(t, "#notice"); got != "Bạn đã nhận xử lý hồ sơ." {
			t.Fatalf("after claiming: %q", got)
		}
		if got := b.Text(t, "#log tbody tr:last-child"); !strings.Contains(got, "Nhận xử lý") {
			t.Fatalf("the claim's log row: %q", got)
		}
		decide(t, "finish", domain.ActionFinished,
			chromedp.SetUploadFiles(`#finish-result_file`, []string{samplePDF(t, "QD-55-SGDDT.pdf")}, chromedp.ByQuery),
			chromedp.SendKeys(`#finish-note`, "Đồng ý cho phép hoạt động giáo dục", chromedp.ByQuery))
		if got := b.Text(t, "#results"); !strings.Contains(got, "QD-55-SGDDT.pdf") {
			t.Fatalf("result documents: %q", got)
		}
		logout(t, b)
	})

	step("ClerkDelivers", func(t *testing.T) {
		login(t, b, "motcua", demo.Password)
		openDossier(t)
		decide(t, "deliver", domain.ActionDelivered,
			chromedp.Click(`#form-deliver input[name="method"][value="desk"]`, chromedp.ByQuery),
			chromedp.SendKeys(`#deliver-received_by`, "Lý Thị Mai", chromedp.ByQuery))
		if b.Count(t, "#no-decisions") != 1 {
			t.Fatal("decisions left on a delivered dossier")
		}
		b.Shot(t, "console-delivered")
		logout(t, b)
	})

	step("CitizenRatesAndFindsItReturned", func(t *testing.T) {
		d, err := a.Store.DossierByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		login(t, b, "lythimai", "matkhau2026")
		b.Run(t, b.Go(fmt.Sprintf("/ho-so/%d#danh-gia", d.ID)), chromedp.WaitVisible(`#danh-gia form`, chromedp.ByQuery),
			chromedp.Click(`#danh-gia input[name="rating"][value="very_satisfied"]`, chromedp.ByQuery),
			chromedp.SendKeys(`#comment`, "Cán bộ hướng dẫn tận tình", chromedp.ByQuery))
		b.Shot(t, "rating")
		b.Run(t, chromedp.Click(`//section[@id="danh-gia"]//button[normalize-space()="Gửi đánh giá"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#danh-gia p.ok`, chromedp.ByQuery))
		if got := b.Text(t, "#danh-gia p.ok"); !strings.Contains(got, "Rất hài lòng") {
			t.Fatalf("after rating: %q", got)
		}
		b.Run(t, b.Go("/ho-so"), chromedp.Click(`//nav[@class="tabs"]//a[normalize-space()="Đã trả kết quả"]`, chromedp.BySearch),
			chromedp.WaitVisible(`.dossier-item`, chromedp.ByQuery))
		if got := b.Location(t); !strings.HasSuffix(got, "/ho-so?loai=returned") {
			t.Fatalf("the returned tab is %s", got)
		}
		if got := b.Text(t, ".dossier-item h2"); got != code {
			t.Fatalf("returned dossiers: %q", got)
		}
		b.Shot(t, "my-dossiers-returned")
		logout(t, b)
	})

	step("PublicLookupShowsTheWholeHistory", func(t *testing.T) {
		b.Run(t, b.Go("/tra-cuu"), chromedp.WaitVisible(`#code`, chromedp.ByQuery), chromedp.SendKeys(`#code`, code, chromedp.ByQuery),
			chromedp.Submit(`#code`, chromedp.ByQuery), chromedp.WaitVisible(`table.history`, chromedp.ByQuery))
		history := b.Text(t, "table.history tbody")
		for _, action := range []string{domain.ActionSubmitted, domain.ActionReceived, domain.ActionTransferred,
			domain.ActionSupplementRequested, domain.ActionSupplemented, domain.ActionFinished, domain.ActionDelivered} {
			if l := domain.ActionLabel(action); !strings.Contains(history, l) {
				t.Errorf("the public history lacks %q: %q", l, history)
			}
		}
		es := storeEvents(t, a, code)
		if n := b.Count(t, "table.history tbody tr"); n < 9 || n > len(es) {
			t.Errorf("%d rows in the public history, %d log rows", n, len(es))
		}
		b.Shot(t, "lookup-returned")
	})

	step("SupervisorAuditsAndCounts", func(t *testing.T) {
		login(t, b, "giamsat", demo.Password)
		b.Run(t, chromedp.Click(`//nav[@class="console-nav"]//a[@href="/can-bo/nhat-ky"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#audit-events`, chromedp.ByQuery))
		b.Shot(t, "console-audit")
		b.Run(t, chromedp.SetValue(`#a-action`, domain.ActionDelivered, chromedp.ByQuery))
		submitAndWait(t, b, "#audit-submit")
		if got := b.Text(t, "#audit-events tbody"); !strings.Contains(got, code) || !strings.Contains(got, "Hoàng Thị Thu") {
			t.Fatalf("audit of deliveries: %q", got)
		}
		if got := b.Text(t, "#audit-total"); got != "1" {
			t.Fatalf("%s delivered dossiers in the audit", got)
		}
		if st := fetchStatus(t, b, "#audit-csv"); st != 200 {
			t.Fatalf("audit CSV: %d", st)
		}
		b.Run(t, chromedp.Click(`//nav[@class="console-nav"]//a[@href="/can-bo/thong-ke"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#stats-table`, chromedp.ByQuery))
		if n := b.Count(t, "svg.chart-svg rect"); n == 0 {
			t.Fatal("no bars in the statistics charts")
		}
		if got := b.Text(t, "#stats-table"); !strings.Contains(got, proc.AgencyName) {
			t.Fatalf("statistics table: %q", got)
		}
		if st := fetchStatus(t, b, "#stats-csv"); st != 200 {
			t.Fatalf("statistics CSV: %d", st)
		}
		b.Shot(t, "console-statistics")
		logout(t, b)
	})
}

// login signs in on /dang-nhap; staff land on the console, citizens on their dossiers.
func login(t *testing.T, b *browsertest.Browser, username, password string) {
	t.Helper()
	b.Run(t, b.Go("/dang-nhap"), chromedp.WaitVisible(`#username`, chromedp.ByQuery),
		chromedp.SendKeys(`#username`, username, chromedp.ByQuery),
		chromedp.SendKeys(`#password`, password, chromedp.ByQuery),
		chromedp.Click(`//main//button[normalize-space()="Đăng nhập"]`, chromedp.BySearch),
		chromedp.WaitVisible(`//header//button[normalize-space()="Đăng xuất"]`, chromedp.BySearch))
}

// logout signs out with the header's button.
func logout(t *testing.T, b *browsertest.Browser) {
	t.Helper()
	b.Run(t, chromedp.Click(`//header//button[normalize-space()="Đăng xuất"]`, chromedp.BySearch),
		chromedp.WaitVisible(`//header//a[normalize-space()="Đăng nhập"]`, chromedp.BySearch))
}

// submitAndWait clicks the submit button sel and waits for the next page: the current
// document is marked first, so a notice left on it is not taken for the answer.
func submitAndWait(t *testing.T, b *browsertest.Browser, sel string) {
	t.Helper()
	b.Run(t, chromedp.Evaluate(`document.body.dataset.stale = "1"`, nil),
		chromedp.Click(sel, chromedp.ByQuery),
		chromedp.WaitReady(`body:not([data-stale])`, chromedp.ByQuery))
	if b.Count(t, "#page-error, .decision-form p.error") > 0 {
		t.Fatalf("after %s: %s", sel, b.Text(t, "#page-error, .decision-form p.error"))
	}
}

// fetchStatus fetches the link sel in the page (with the session) and returns the status.
func fetchStatus(t *testing.T, b *browsertest.Browser, sel string) int {
	t.Helper()
	var st int
	b.Run(t, chromedp.Evaluate(fmt.Sprintf(`fetch(document.querySelector(%q).href).then(r => r.status)`, sel), &st,
		func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams { return p.WithAwaitPromise(true) }))
	return st
}

// storeEvents is the dossier's processing log in the store.
func storeEvents(t *testing.T, a *app.App, code string) []domain.Event {
	t.Helper()
	d, err := a.Store.DossierByCode(context.Background(), code)
	if err != nil {
		t.Fatal(err)
	}
	es, err := a.Store.Events(context.Background(), d.ID)
	if err != nil {
		t.Fatal(err)
	}
	return es
}

// countEvents counts the log rows of the action.
func countEvents(t *testing.T, a *app.App, code, action string) int {
	t.Helper()
	n := 0
	for _, e := range storeEvents(t, a, code) {
		if e.Action == action {
			n++
		}
	}
	return n
}

// waitEvent waits for the workflow to write the n-th log row of the action.
func waitEvent(t *testing.T, a *app.App, code, action string, n int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for countEvents(t, a, code, action) < n {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s #%d not logged after 30s", code, action, n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitLogged waits for the workflow to write the submission to the processing log.
func waitLogged(t *testing.T, a *app.App, code string) {
	t.Helper()
	waitEvent(t, a, code, domain.ActionSubmitted, 1)
}
