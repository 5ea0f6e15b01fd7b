package browsertest_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/testing/browsertest"
)

// TestSupervisionStory walks issue 21 in Chromium: the supervisor finds an overdue
// dossier from the overdue list, opens its audit page, exports the late report as .xlsx
// (read back with excelize, its cells checked against the page); the statistics' charts
// stay readable and inside a 360 px screen; a leader gives two dossiers of a specialist
// to another officer from the workload view. Screenshots at 360 and 1280 px.
func TestSupervisionStory(t *testing.T) {
	a := startStack(t)
	ctx := context.Background()
	now := time.Now()
	// Historic dossiers up to a fortnight ago: those still open then are due since, so
	// some are overdue now.
	past := now.AddDate(0, 0, -15)
	if _, err := synthetic.Generate(ctx, a.Store.DB(), synthetic.Options{Count: 300, Now: past,
		From: past.AddDate(0, -2, 0), To: dossiercode.Day(past), Seed: 9}); err != nil {
		t.Fatal(err)
	}
	codes := specialistDossiers(t, a, 2)
	b := browsertest.New(t, a.URL())
	step := func(name string, f func(t *testing.T)) {
		if !t.Run(name, f) {
			t.FailNow()
		}
	}
	var overdue string
	step("SupervisorFindsAnOverdueDossier", func(t *testing.T) {
		login(t, b, "giamsat", demo.Password)
		b.Run(t, chromedp.Click(`//nav[@class="console-nav"]//a[@href="/can-bo/giam-sat"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#list-overdue`, chromedp.ByQuery), chromedp.Click(`#list-overdue`, chromedp.ByQuery),
			chromedp.WaitVisible(`#list-overdue[aria-current="page"]`, chromedp.ByQuery), chromedp.WaitVisible(`#oversight tbody tr`, chromedp.ByQuery))
		b.Run(t, chromedp.AttributeValue(`#oversight tbody tr`, "data-code", &overdue, nil, chromedp.ByQuery))
		d, err := a.Store.DossierByCode(ctx, overdue)
		if err != nil || d.DueAt == nil || (!d.Overdue && !d.DueAt.Before(time.Now())) {
			t.Fatalf("the overdue list's first dossier %s is not overdue: %+v %v", overdue, d.DossierProjection, err)
		}
		b.Shot(t, "supervision-overdue")
		b.Run(t, chromedp.Click(`tr[data-code="`+overdue+`"] a[href="/can-bo/kiem-tra/`+overdue+`"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`#audit[data-code="`+overdue+`"]`, chromedp.ByQuery))
		if got := b.Text(t, "#chain-verdict"); !strings.Contains(got, "toàn vẹn") {
			t.Fatalf("chain verdict: %q", got)
		}
		if n := b.Count(t, "#audit-log tbody tr"); n < 3 {
			t.Fatalf("%d log rows on the audit page", n)
		}
		if got := b.Text(t, "#audit-reads"); !strings.Contains(got, "Đặng Văn Bình") {
			t.Fatalf("the supervisor's own read is not listed: %q", got)
		}
		b.Shot(t, "supervision-audit")
	})

	step("SupervisorExportsTheLateReport", func(t *testing.T) {
		from := now.AddDate(-2, 0, 0).Format(time.DateOnly)
		b.Run(t, b.Go("/can-bo/tre-han?from="+from), chromedp.WaitVisible(`#late-report`, chromedp.ByQuery))
		b.Shot(t, "supervision-late")
		total, _ := strconv.Atoi(strings.ReplaceAll(b.Text(t, "#late-total"), ".", ""))
		var first string
		b.Run(t, chromedp.AttributeValue(`#late-report tbody tr`, "data-code", &first, nil, chromedp.ByQuery))
		var raw string
		b.Run(t, chromedp.Evaluate(`fetch(document.querySelector("#late-xlsx").href).then(r => r.ok ? r.arrayBuffer() : Promise.reject(r.status))
			.then(buf => { let s = ""; new Uint8Array(buf).forEach(c => s += String.fromCharCode(c)); return btoa(s); })`, &raw,
			func(p *cdpruntime.EvaluateParams) *cdpruntime.EvaluateParams { return p.WithAwaitPromise(true) }))
		body, err := base64.StdEncoding.DecodeString(raw)
		if err != nil {
			t.Fatal(err)
		}
		f, err := excelize.OpenReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("the export is not a workbook: %v", err)
		}
		defer func() { _ = f.Close() }()
		sheet := f.GetSheetName(0)
		rows, err := f.GetRows(sheet)
		if err != nil || len(rows) != total+2 {
			t.Fatalf("%d rows in sheet %q, the page lists %d dossiers (%v)", len(rows), sheet, total, err)
		}
		if !strings.HasPrefix(rows[0][0], "Hồ sơ trễ hạn, từ ") || rows[1][0] != "Mã hồ sơ" || rows[1][7] != "Bước chậm nhất" || rows[2][0] != first {
			t.Fatalf("title %q, headings %q, first row %q (page: %s)", rows[0][0], rows[1], rows[2], first)
		}
		if received := rows[2][3]; len(received) != 10 || received[2] != '/' || received[5] != '/' {
			t.Errorf("receipt date shown as %q, not dd/mm/yyyy", received)
		}
		if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 2 {
			t.Errorf("header not frozen: %+v %v", panes, err)
		}
	})

	step("ChartsFitAPhone", func(t *testing.T) {
		b.Run(t, b.Go("/can-bo/thong-ke"), chromedp.WaitVisible(`svg.chart`, chromedp.ByQuery))
		var m struct {
			Right    float64 `json:"right"`
			Smallest float64 `json:"smallest"`
		}
		b.Run(t, emulation.SetDeviceMetricsOverride(browsertest.Phone.Width, browsertest.Phone.Height, 1, true), chromedp.Sleep(200*time.Millisecond),
			chromedp.Evaluate(`(() => { let right = 0, smallest = 99;
				document.querySelectorAll("svg.chart").forEach(s => { right = Math.max(right, s.getBoundingClientRect().right);
					const k = s.getBoundingClientRect().width / s.viewBox.baseVal.width;
					s.querySelectorAll("text").forEach(x => { smallest = Math.min(smallest, parseFloat(x.getAttribute("font-size")) * k); }); });
				return {right, smallest}; })()`, &m))
		b.Run(t, emulation.ClearDeviceMetricsOverride())
		if m.Right > 360 || m.Smallest < 12 {
			t.Fatalf("at 360 px: charts end at %.0f px, smallest text %.1f px", m.Right, m.Smallest)
		}
		b.Shot(t, "supervision-statistics")
		logout(t, b)
	})

	step("LeaderReassignsFromTheWorkload", func(t *testing.T) {
		login(t, b, "lanhdao", demo.Password)
		b.Run(t, chromedp.Click(`//nav[@class="console-nav"]//a[@href="/can-bo/khoi-luong"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#workload`, chromedp.ByQuery))
		b.Shot(t, "supervision-workload")
		b.Run(t, chromedp.Click(`//table[@id="workload"]//a[normalize-space()="Lê Minh Đức"]`, chromedp.BySearch),
			chromedp.WaitVisible(`#officer-dossiers #oversight`, chromedp.ByQuery))
		for _, code := range codes {
			b.Run(t, chromedp.Click(`#pick-`+cssEscape(code), chromedp.ByQuery))
		}
		b.Run(t, chromedp.SetValue(`#reassign-to`, officerID(t, a, "lanhdao"), chromedp.ByQuery))
		b.Shot(t, "supervision-reassign")
		submitAndWait(t, b, "#reassign-submit")
		if got := b.Text(t, "#reassign-done"); got != "Đã chuyển 2 hồ sơ." {
			t.Fatalf("after reassigning: %q", got)
		}
		for _, code := range codes {
			d, err := a.Store.DossierByCode(ctx, code)
			if err != nil || d.AssigneeName != "Trần Quốc Hùng" {
				t.Fatalf("%s is with %q (%v)", code, d.AssigneeName, err)
			}
		}
		b.Shot(t, "supervision-reassigned")
		logout(t, b)
	})
}

// cssEscape escapes the dots of a dossier code for a CSS id selector.
func cssEscape(code string) string { return strings.ReplaceAll(code, ".", `\.`) }

// officerID is the account id of username, as the forms' values write it.
func officerID(t *testing.T, a *app.App, username string) string {
	t.Helper()
	var id int64
	if err := a.Store.DB().Get(&id, `SELECT id FROM accounts WHERE username = $1`, username); err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(id, 10)
}

// specialistDossiers submits n dossiers of the demo citizen through the service and
// takes them, through their workflows, to the specialist chuyenvien; it returns their codes.
func specialistDossiers(t *testing.T, a *app.App, n int) []string {
	t.Helper()
	ctx := context.Background()
	account := func(username string) domain.Account {
		id, _ := strconv.ParseInt(officerID(t, a, username), 10, 64)
		acc, err := a.Store.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return acc
	}
	citizen, motcua, lanhdao, chuyenvien := account("congdan"), account("motcua"), account("lanhdao"), account("chuyenvien")
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	proc, err := a.Store.ProcedureDetail(ctx, procID)
	if err != nil {
		t.Fatal(err)
	}
	form := map[string]string{}
	for _, f := range proc.FormFields {
		switch {
		case len(f.Options) > 0:
			form[f.Name] = f.Options[0]
		case f.Type == "number":
			form[f.Name] = "2"
		case f.Type == "date":
			form[f.Name] = "2026-09-05"
		default:
			form[f.Name] = "Nội dung kê khai"
		}
	}
	var codes []string
	for i := range n {
		d, _, err := a.Service.NewDraft(ctx, citizen, service.Draft{ProcedureID: procID, ApplicantName: "Nguyễn Văn An",
			IDNumber: "001203004567", Phone: "0912345678", Email: "an@example.vn", Address: "Bắc Kạn", Content: "Hồ sơ thử", FormData: form})
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range proc.Components {
			if _, err := a.Service.Attach(ctx, d.ID, &citizen.ID, c.ID, service.Upload{Name: "giay-to.pdf",
				Body: strings.NewReader("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")}); err != nil {
				t.Fatal(err)
			}
		}
		sub, err := a.Service.Submit(ctx, d, fmt.Sprintf("story-%d", i))
		if err != nil {
			t.Fatal(err)
		}
		code := *sub.Dossier.Code
		waitLogged(t, a, code)
		for _, dec := range []struct {
			who    domain.Account
			action string
			req    service.DecisionInput
		}{{motcua, "receive", service.DecisionInput{}}, {motcua, "transfer", service.DecisionInput{}},
			{lanhdao, "transfer", service.DecisionInput{ToOfficerID: chuyenvien.ID}}} {
			cur, err := a.Store.DossierByCode(ctx, code)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.Service.OfficerDecide(ctx, cur, dec.who, dec.action, dec.req, ""); err != nil {
				t.Fatalf("%s %s: %v", code, dec.action, err)
			}
		}
		codes = append(codes, code)
	}
	return codes
}
