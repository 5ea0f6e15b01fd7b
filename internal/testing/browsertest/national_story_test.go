package browsertest_test

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dvc-project/dvc/internal/app"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/testing/apptest"
	"github.com/dvc-project/dvc/internal/testing/browsertest"
)

// The person of the national story: the second demo national identity of the stand-in
// provider (internal/dev/oidcprovider), who has no account in dvc yet.
const (
	ngocName   = "Trần Thị Bích Ngọc"
	ngocID     = "008199000222"
	ngocTechID = "a1f3c9e2-0002-4d6b-9c1e-000000000002"
)

// startNationalStack runs the stack connected to the stand-ins of the national portal
// and of its OpenID provider, with a quick sender.
func startNationalStack(t *testing.T) *app.App {
	t.Helper()
	cfg := apptest.Config(apptest.DataDir(t))
	cfg.National.DevStandIn = true
	cfg.National.Sender.Every = 200 * time.Millisecond
	cfg.National.Sender.BaseDelay = 200 * time.Millisecond
	cfg.National.Pull.Every = time.Second
	a := apptest.Start(t, cfg, app.Parts{API: true, Worker: true})
	t.Cleanup(a.Close)
	return a
}

var submittedCode = regexp.MustCompile(`Đã nộp hồ sơ (\S+)`)

// TestNationalStory walks issue 19 in Chromium: a dossier submitted on the stand-in
// national portal reaches the reception inbox, is received and processed in dvc, and the
// portal's page shows every status and log row in order; a walk-in dossier registered at
// the desk gets its receipt at once; a postal one shows its tracking number; the citizen
// signs in with the national sign-in and sees the national and the desk dossiers.
func TestNationalStory(t *testing.T) {
	a := startNationalStack(t)
	st := &nationalStory{a: a, b: browsertest.New(t, a.URL()), portalURL: a.NationalStandInURL()}
	if err := a.Store.DB().Get(&st.procID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		name string
		run  func(*testing.T)
	}{{"SubmitOnNationalPortal", st.submitOnPortal}, {"ReceptionInbox", st.receptionInbox},
		{"ReceivedAndProcessed", st.receiveAndProcess}, {"PortalShowsEveryRow", st.portalShowsEveryRow},
		{"WalkInAtTheDesk", st.walkIn}, {"PostalAtTheDesk", st.postal}, {"CitizenSignsInNationally", st.citizenSignsIn}} {
		if !t.Run(step.name, step.run) {
			t.FailNow()
		}
	}
}

// nationalStory is the state TestNationalStory's steps share.
type nationalStory struct {
	a                            *app.App
	b                            *browsertest.Browser
	portalURL                    string
	procID                       int64
	national, code, desk, posted string
}

// submitOnPortal: a person submits a dossier on the stand-in portal's page (pushed to dvc).
func (s *nationalStory) submitOnPortal(t *testing.T) {
	b := s.b
	b.Run(t, chromedp.Navigate(s.portalURL), chromedp.WaitVisible(`select[name=procedure_code]`, chromedp.ByQuery),
		chromedp.SetValue(`select[name=procedure_code]`, "1.004496", chromedp.ByQuery),
		chromedp.SendKeys(`input[name=owner]`, ngocName, chromedp.ByQuery),
		chromedp.SendKeys(`input[name=id_number]`, ngocID, chromedp.ByQuery),
		chromedp.SendKeys(`input[name=tech_id]`, ngocTechID, chromedp.ByQuery),
		chromedp.SendKeys(`input[name=phone]`, "0900000222", chromedp.ByQuery),
		chromedp.SendKeys(`textarea[name=summary]`, "Xin cho phép trường hoạt động giáo dục", chromedp.ByQuery),
		chromedp.SetUploadFiles(`input[name=files]`, []string{samplePDF(t, "don-de-nghi.pdf")}, chromedp.ByQuery),
		chromedp.Click(`input[name=delivery][value=push]`, chromedp.ByQuery),
		chromedp.Click(`//button[normalize-space()="Nộp hồ sơ"]`, chromedp.BySearch),
		chromedp.WaitVisible(`p.notice`, chromedp.ByQuery))
	m := submittedCode.FindStringSubmatch(b.Text(t, "p.notice"))
	if m == nil {
		t.Fatalf("no national code in %q", b.Text(t, "p.notice"))
	}
	s.national = m[1]
	b.Shot(t, "national-submitted")
}

// receptionInbox: the pushed dossier waits in the reception officer's inbox.
func (s *nationalStory) receptionInbox(t *testing.T) {
	waitFor(t, "the pushed dossier in dvc", func() bool {
		return s.a.Store.DB().Get(&s.code, `SELECT code FROM dossiers WHERE national_code = $1 AND holder_agency_id IS NOT NULL`, s.national) == nil
	})
	login(t, s.b, "motcua", demo.Password)
	s.b.Run(t, s.b.Go("/can-bo"), chromedp.WaitVisible(fmt.Sprintf(`tr[data-code=%q]`, s.code), chromedp.ByQuery))
	s.b.Shot(t, "national-inbox")
}

// receiveAndProcess: the desk receives it in the console; the officers take it to delivery.
func (s *nationalStory) receiveAndProcess(t *testing.T) {
	b := s.b
	b.Run(t, b.Go("/can-bo/ho-so/"+s.code), chromedp.WaitVisible(`#decision-receive-panel`, chromedp.ByQuery),
		chromedp.Click(`#decision-receive-panel summary`, chromedp.ByQuery), chromedp.WaitVisible(`#form-receive`, chromedp.ByQuery))
	submitAndWait(t, b, `#decision-receive`)
	waitEvent(t, s.a, s.code, domain.ActionReceived, 1)
	processRest(t, s.a, s.code)
}

// portalShowsEveryRow: the stand-in's page shows every row of the log, in order.
func (s *nationalStory) portalShowsEveryRow(t *testing.T) {
	rows := portalRows(t, s.a, s.code, s.national)
	waitFor(t, "the portal to show every row", func() bool {
		st := s.a.NationalStandIn().State().Received[s.national]
		return st != nil && len(st.Progress) == len(rows)
	})
	s.b.Run(t, chromedp.Navigate(s.portalURL), chromedp.WaitVisible(`h3`, chromedp.ByQuery))
	var page string
	s.b.Run(t, chromedp.Text(`main`, &page, chromedp.ByQuery))
	at := 0
	for _, row := range rows { // each row, in order
		i := strings.Index(page[at:], row)
		if i < 0 {
			t.Fatalf("the portal's page lacks %q after position %d:\n%s", row, at, page)
		}
		at += i + len(row)
	}
	if st := s.a.NationalStandIn().State(); len(st.Violations) > 0 || len(st.Refusals) > 0 {
		t.Fatalf("the portal saw %v and refused %v", st.Violations, st.Refusals)
	}
	s.b.Shot(t, "national-portal-page")
}

// walkIn: a walk-in registered at the desk gets its receipt at once.
func (s *nationalStory) walkIn(t *testing.T) {
	s.desk = registerAtDesk(t, s.b, s.a, s.procID, "direct", "", s.code)
	if st := fetchStatus(t, s.b, "#intake-receipt"); st != 200 {
		t.Fatalf("receipt slip: %d", st)
	}
	s.b.Shot(t, "desk-receipt")
}

// postal: a postal dossier shows its tracking number.
func (s *nationalStory) postal(t *testing.T) {
	s.posted = registerAtDesk(t, s.b, s.a, s.procID, "post", "RR123456789VN", s.code)
	if got := s.b.Text(t, "#intake-tracking"); got != "RR123456789VN" {
		t.Fatalf("tracking number shown: %q", got)
	}
	logout(t, s.b)
}

// citizenSignsIn: the person signs in with the national sign-in and sees the national
// and the desk dossiers.
func (s *nationalStory) citizenSignsIn(t *testing.T) {
	b := s.b
	button := fmt.Sprintf(`//form[.//input[@value=%q]]//button`, ngocTechID)
	b.Run(t, b.Go("/dang-nhap"), chromedp.Click(`#national-signin`, chromedp.ByQuery),
		chromedp.WaitVisible(button, chromedp.BySearch), chromedp.Click(button, chromedp.BySearch),
		chromedp.WaitVisible(`//header//button[normalize-space()="Đăng xuất"]`, chromedp.BySearch))
	b.Run(t, b.Go("/ho-so"), chromedp.WaitVisible(`main`, chromedp.ByQuery))
	var page string
	b.Run(t, chromedp.Text(`main`, &page, chromedp.ByQuery))
	for _, c := range []string{s.code, s.desk, s.posted} {
		if !strings.Contains(page, c) {
			t.Errorf("my dossiers lack %s:\n%s", c, page)
		}
	}
	b.Shot(t, "national-my-dossiers")
}

// registerAtDesk registers a dossier for the story's person at the desk's page as the
// signed-in reception officer (the desk shows the person's earlier dossier), every
// required component checked on paper, and returns its code from the receipt page.
func registerAtDesk(t *testing.T, b *browsertest.Browser, a *app.App, procID int64, channel, tracking, earlier string) string {
	t.Helper()
	b.Run(t, b.Go(fmt.Sprintf("/can-bo/tiep-nhan?so_giay_to=%s&thu_tuc=%d", ngocID, procID)),
		chromedp.WaitVisible(`#intake-form`, chromedp.ByQuery))
	if got := b.Text(t, "#intake-history"); !strings.Contains(got, earlier) {
		t.Fatalf("the desk does not show the person's earlier dossier %s: %s", earlier, got)
	}
	proc, err := a.Store.ProcedureDetail(context.Background(), procID)
	if err != nil {
		t.Fatal(err)
	}
	actions := []chromedp.Action{chromedp.Click(fmt.Sprintf(`input[name=channel][value=%s]`, channel), chromedp.ByQuery)}
	if tracking != "" {
		actions = append(actions, chromedp.SendKeys(`#in-tracking`, tracking, chromedp.ByQuery))
	}
	for _, c := range proc.Components {
		if c.Required {
			actions = append(actions, chromedp.Click(fmt.Sprintf(`#component-%d input[name=paper]`, c.ID), chromedp.ByQuery))
		}
	}
	for _, f := range proc.FormFields {
		if f.Required {
			actions = append(actions, chromedp.SetValue("#in-fd-"+f.Name, sampleValue(f), chromedp.ByQuery))
		}
	}
	b.Run(t, actions...)
	submitAndWait(t, b, "#intake-submit")
	if got := b.Text(t, "#intake-done h1"); got != "Đã tiếp nhận hồ sơ" {
		t.Fatalf("after registering: %q", got)
	}
	return b.Text(t, "#intake-code")
}

// sampleValue is a valid value for a declaration field.
func sampleValue(f domainFormField) string {
	switch {
	case f.Type == "date":
		return "2026-09-01"
	case f.Type == "number":
		return "12"
	case f.Type == "select" && len(f.Options) > 0:
		return f.Options[0]
	}
	return "Kê khai tại quầy"
}

// domainFormField is a declaration field.
type domainFormField = domain.FormField

// processRest takes a received dossier through its route to delivery by post, as the
// officers of Sở Giáo dục và Đào tạo, through the service.
func processRest(t *testing.T, a *app.App, code string) {
	t.Helper()
	ctx := context.Background()
	d, err := a.Store.DossierByCode(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	acct := func(username string) domain.Account {
		var id int64
		if err := a.Store.DB().Get(&id, `SELECT id FROM accounts WHERE username = $1`, username); err != nil {
			t.Fatal(err)
		}
		acc, err := a.Store.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return acc
	}
	motcua, lanhdao, chuyenvien := acct("motcua"), acct("lanhdao"), acct("chuyenvien")
	decide := func(who domain.Account, action string, in service.DecisionInput) {
		t.Helper()
		if _, err := a.Service.OfficerDecide(ctx, d, who, action, in, ""); err != nil {
			t.Fatalf("%s by %s: %v", action, who.Username, err)
		}
	}
	decide(motcua, "transfer", service.DecisionInput{})
	decide(lanhdao, "transfer", service.DecisionInput{ToOfficerID: chuyenvien.ID})
	decide(chuyenvien, "transfer", service.DecisionInput{Note: "Đủ điều kiện"})
	if _, err := a.Service.AssignStep(ctx, d, lanhdao, lanhdao.ID, ""); err != nil {
		t.Fatal(err)
	}
	decide(lanhdao, "finish", service.DecisionInput{ResultRef: "QĐ-19/SGDĐT"})
	decide(motcua, "deliver", service.DecisionInput{Method: "post", TrackingNumber: "RR555666777VN"})
}

// portalRows are the log rows of the dossier the portal follows, as its page shows them:
// the content and the actor.
func portalRows(t *testing.T, a *app.App, code, national string) []string {
	t.Helper()
	var rows []string
	for _, e := range storeEvents(t, a, code) {
		if p, ok, _ := nationalportal.ProgressMessage(national, e); ok {
			rows = append(rows, p.Content)
		}
	}
	return rows
}

// waitFor polls cond every 100 ms for a minute.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("waited a minute for %s", what)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
