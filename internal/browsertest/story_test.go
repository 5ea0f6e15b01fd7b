package browsertest_test

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/browsertest"
)

const testCaptcha = "TESTCAPTCHA"

// startStack runs `dvc dev` in-process on free ports with its data under a temporary
// directory the postgres user can reach.
func startStack(t *testing.T) *app.App {
	t.Helper()
	dir := t.TempDir()
	for d := dir; d != filepath.Dir(d) && strings.HasPrefix(d, os.TempDir()) && d != os.TempDir(); d = filepath.Dir(d) {
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cfg := config.Defaults()
	cfg.Mode = config.ModeTest
	cfg.Auth.TestCaptcha = testCaptcha
	cfg.DataDir = filepath.Join(dir, "data")
	cfg.HTTP.Addr = "127.0.0.1:0"
	cfg.Temporal.Port, cfg.Temporal.UIPort = 0, 0
	cfg.Log.Level = "warn"
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	a, err := app.Start(ctx, cfg, slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		app.Parts{API: true, Worker: true})
	if err != nil {
		t.Fatalf("start dev stack: %v", err)
	}
	t.Cleanup(a.Close)
	return a
}

// samplePDF writes a tiny PDF the file store accepts and returns its path.
func samplePDF(t *testing.T, name string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
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
}

// waitLogged waits for the workflow to write the submission to the processing log.
func waitLogged(t *testing.T, a *app.App, code string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		d, err := a.Store.DossierByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		es, err := a.Store.Events(context.Background(), d.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if e.Action == activities.ActionSubmitted {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not logged after 30s", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
