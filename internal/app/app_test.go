package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	enumspb "go.temporal.io/api/enums/v1"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/app"
	apiclient "github.com/dvc-project/dvc/internal/client"
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/loadgen"
	"github.com/dvc-project/dvc/internal/testing/apptest"
)

// devConfig is `dvc dev` on free ports with its data under dir.
func devConfig(dir string) config.Config { return apptest.Config(dir) }

// dataDir is a temporary data directory the postgres user can reach.
func dataDir(t *testing.T) string { return apptest.DataDir(t) }

// start starts the API and the worker and registers the stack for waitLogged.
func start(t *testing.T, cfg config.Config) *app.App {
	t.Helper()
	a := apptest.Start(t, cfg, app.Parts{API: true, Worker: true})
	running.Store(a.URL(), a)
	t.Cleanup(func() { running.Delete(a.URL()) })
	return a
}

// testCaptcha is the captcha answer the test configuration accepts.
const testCaptcha = apptest.Captcha

// client is a browser-like API client: a cookie jar and the session's CSRF token.
type client struct {
	t    testing.TB
	base string
	http *http.Client
	csrf string
	spec *specChecker // when set, every response is validated against the OpenAPI document
}

func newClient(t testing.TB, base string) client {
	jar, _ := cookiejar.New(nil)
	return client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 60 * time.Second}}
}

// withCSRF returns c sending token as its CSRF token.
func (c client) withCSRF(token string) client { c.csrf = token; return c }

// with returns c reporting failures to t (a subtest).
func (c client) with(t testing.TB) client { c.t = t; return c }

// login signs in and keeps the session; it returns the client with its CSRF token.
func (c client) login(username, password string) client {
	c.t.Helper()
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if code := c.postJSON("/api/v1/auth/login", map[string]string{"username": username, "password": password}, &out); code != http.StatusOK {
		c.t.Fatalf("login %s: %d", username, code)
	}
	c.csrf = out.CSRF
	return c
}

// do sends a request and decodes the JSON answer into out (if not nil); it returns the status.
func (c client) do(method, path, contentType string, body []byte, out any) int {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, bytes.NewReader(body))
	if err != nil {
		c.t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return c.send(req, out)
}

// send adds the CSRF token to an unsafe request, sends it, decodes JSON into out.
func (c client) send(req *http.Request, out any) int {
	c.t.Helper()
	if c.csrf != "" && req.Method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	hc := c.http
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if c.spec != nil {
		c.spec.check(c.t, req, resp, raw)
	}
	if out != nil && len(raw) > 0 {
		if err := json.Unmarshal(raw, out); err != nil {
			c.t.Fatalf("%s %s: %d %q is not JSON: %v", req.Method, req.URL.Path, resp.StatusCode, raw, err)
		}
	}
	return resp.StatusCode
}

func (c client) postJSON(path string, v any, out any) int {
	body, _ := json.Marshal(v)
	return c.do(http.MethodPost, path, "application/json", body, out)
}

type dossier struct {
	ID     int64   `json:"id"`
	Code   *string `json:"code"`
	Status int     `json:"status"`
}

type apiError struct {
	Error struct {
		Code      string            `json:"code"`
		Message   string            `json:"message"`
		Fields    map[string]string `json:"fields"`
		RequestID string            `json:"request_id"`
	} `json:"error"`
}

type lookup struct {
	Code   string `json:"code"`
	Status int    `json:"status"`
	Events []struct {
		Action string `json:"action"`
	} `json:"events"`
}

type procedure struct {
	ID         int64  `json:"id"`
	AgencyCode string `json:"agency_code"`
}

func applicant(procedureID int64) map[string]any {
	return map[string]any{"procedure_id": procedureID, "applicant_name": "Nguyễn Văn An",
		"id_number": "001203004567", "phone": "0912345678", "email": "an@example.vn", "address": "Phường Đức Xuân, Bắc Kạn"}
}

// samplePDF is a small real PDF, accepted as an attachment and signable as a result.
var samplePDF = pdfSaying("Quyet dinh so 55/QD-SGDDT")

// pdfSaying is a one-page PDF with text (Helvetica: no diacritics).
func pdfSaying(text string) []byte {
	p := fpdf.New("P", "mm", "A4", "")
	p.AddPage()
	p.SetFont("Helvetica", "", 14)
	p.Cell(150, 10, text)
	var buf bytes.Buffer
	if err := p.Output(&buf); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// upload attaches content to a component of dossier ref (multipart), answering the status.
func (c client) upload(ref string, componentID int64, name string, content []byte, out any) int {
	c.t.Helper()
	return c.uploadTo("/api/v1/dossiers/"+ref+"/files", map[string]string{"component_id": fmt.Sprint(componentID)}, name, content, out)
}

// uploadTo posts a multipart form with fields and one file to path (the body built by
// the typed client's Multipart).
func (c client) uploadTo(path string, fields map[string]string, name string, content []byte, out any) int {
	c.t.Helper()
	contentType, body := apiclient.Multipart(fields, name, content)
	req, _ := http.NewRequest(http.MethodPost, c.base+path, body)
	req.Header.Set("Content-Type", contentType)
	return c.send(req, out)
}

type procedureDetail struct {
	Components []struct {
		ID       int64 `json:"id"`
		Required bool  `json:"required"`
	} `json:"components"`
	FormFields []loadgen.FormField `json:"form_fields"`
}

// draft creates a complete draft (required files and form fields filled) and returns its id.
func (c client) draft(procedureID int64) int64 {
	c.t.Helper()
	return c.draftWith(procedureID, nil)
}

// draftWith is draft with the applicant's fields in fields replacing applicant's.
func (c client) draftWith(procedureID int64, fields map[string]any) int64 {
	c.t.Helper()
	var p procedureDetail
	if code := c.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", procedureID), "", nil, &p); code != http.StatusOK {
		c.t.Fatalf("procedure %d: %d", procedureID, code)
	}
	body := applicant(procedureID)
	for k, v := range fields {
		body[k] = v
	}
	form := loadgen.SampleForm(p.FormFields, "Nội dung kê khai")
	body["form_data"] = form
	var d dossier
	if code := c.postJSON("/api/v1/dossiers", body, &d); code != http.StatusCreated {
		c.t.Fatalf("create draft: %d", code)
	}
	for _, comp := range p.Components {
		if comp.Required {
			if code := c.upload(fmt.Sprint(d.ID), comp.ID, "giay-to.pdf", samplePDF, nil); code != http.StatusCreated {
				c.t.Fatalf("upload: %d", code)
			}
		}
	}
	return d.ID
}

// submitDraft sends draft id with a fresh idempotency key.
func (c client) submitDraft(id int64, out any) int {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, fmt.Sprintf("%s/api/v1/dossiers/%d/submit", c.base, id), nil)
	req.Header.Set("Idempotency-Key", fmt.Sprintf("k-%d", id))
	return c.send(req, out)
}

// submit creates a complete draft and submits it, returning the code.
func (c client) submit(procedureID int64) string {
	c.t.Helper()
	var d dossier
	if code := c.submitDraft(c.draft(procedureID), &d); code != http.StatusCreated || d.Code == nil {
		c.t.Fatalf("submit: %d %+v", code, d)
	}
	return *d.Code
}

// running maps each started stack's URL to it, so that clients can wait on its store.
var running sync.Map // string → *app.App

// waitLogged waits until the workflow has written the dossier's first log row, watching the
// store (the public lookup is rate-limited per address, and every test client shares
// 127.0.0.1), then answers the public lookup once.
func (c client) waitLogged(code string) lookup {
	c.t.Helper()
	v, ok := running.Load(c.base)
	if !ok {
		c.t.Fatalf("waitLogged: no running stack at %s", c.base)
	}
	a := v.(*app.App)
	deadline := time.Now().Add(60 * time.Second)
	for {
		var n int
		err := a.Store.DB().Get(&n, `SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id WHERE d.code = $1`, code)
		if err != nil {
			c.t.Fatalf("waitLogged %s: %v", code, err)
		}
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("waitLogged %s: no log row after 60s", code)
		}
		time.Sleep(100 * time.Millisecond)
	}
	// The log row committed; its notification may still be on its way to the lookup cache.
	syncLookupCache(c.t, a)
	var l lookup
	if status := c.do(http.MethodGet, "/api/v1/lookup?code="+code, "", nil, &l); status != http.StatusOK || len(l.Events) == 0 {
		c.t.Fatalf("lookup %s: status %d, %d events", code, status, len(l.Events))
	}
	return l
}

// syncLookupCache returns once every change committed so far has reached a's lookup cache.
func syncLookupCache(t testing.TB, a *app.App) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.LookupCache.Sync(ctx, a.Store); err != nil {
		t.Fatal(err)
	}
}

func countDossiers(t *testing.T, a *app.App) int {
	var n int
	if err := a.Store.DB().Get(&n, `SELECT count(*) FROM dossiers`); err != nil {
		t.Fatal(err)
	}
	return n
}

func workflowStatus(t *testing.T, a *app.App, code string) enumspb.WorkflowExecutionStatus {
	t.Helper()
	desc, err := a.Temporal.DescribeWorkflowExecution(context.Background(), code, "")
	if err != nil {
		t.Fatalf("describe workflow %s: %v", code, err)
	}
	return desc.GetWorkflowExecutionInfo().GetStatus()
}

// TestDevStack drives the product as `dvc dev` runs it: real PostgreSQL cluster, embedded
// Temporal server and UI, worker and HTTP API, then a restart on the same data.
func TestDevStack(t *testing.T) {
	dir := dataDir(t)
	a := start(t, devConfig(dir))
	defer a.Close()
	c := newClient(t, a.URL()).login("congdan", demo.Password)

	var procs struct {
		Items []procedure `json:"items"`
	}
	if code := c.do(http.MethodGet, "/api/v1/procedures", "", nil, &procs); code != http.StatusOK || len(procs.Items) < 2 {
		t.Fatalf("procedures: %d, %d items", code, len(procs.Items))
	}
	proc := procs.Items[0]

	t.Run("Health", func(t *testing.T) {
		var ready map[string]any
		if code := c.do(http.MethodGet, "/readyz", "", nil, &ready); code != http.StatusOK {
			t.Fatalf("readyz: %d %v", code, ready)
		}
		if code := c.do(http.MethodGet, "/healthz", "", nil, nil); code != http.StatusOK {
			t.Fatalf("healthz: %d", code)
		}
		resp, err := http.Get(a.TemporalUIURL() + "/")
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("temporal ui: %v %v", resp, err)
		}
		resp.Body.Close()
	})

	var code string
	t.Run("SubmitAndLookup", func(t *testing.T) {
		code = c.submit(proc.ID)
		wantPrefix := proc.AgencyCode + "-" + time.Now().In(dossiercode.Location).Format("060102") + "-"
		if !strings.HasPrefix(code, wantPrefix) {
			t.Fatalf("code %s, want prefix %s", code, wantPrefix)
		}
		l := c.waitLogged(code)
		if l.Code != code || l.Status != 1 || l.Events[0].Action != "submitted" {
			t.Fatalf("lookup = %+v", l)
		}
		if s := workflowStatus(t, a, code); s != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			t.Fatalf("workflow %s is %v, want running", code, s)
		}
		var d dossier
		first, _ := a.Store.DossierByCode(context.Background(), code)
		if status := c.submitDraft(first.ID, &d); status != http.StatusOK || d.Code == nil || *d.Code != code {
			t.Fatalf("resubmit: %d %+v", status, d)
		}
		page := c.do(http.MethodGet, "/tra-cuu?code="+code, "", nil, nil)
		if page != http.StatusOK {
			t.Fatalf("lookup page: %d", page)
		}
	})

	t.Run("MalformedWritesNothing", func(t *testing.T) {
		before := countDossiers(t, a)
		missing := applicant(proc.ID)
		delete(missing, "applicant_name")
		missing["id_number"] = "12345"
		unknown := applicant(proc.ID + 100000)
		cases := []struct {
			name        string
			contentType string
			body        []byte
			status      int
			code        string
		}{
			{"MissingFields", "application/json", mustJSON(missing), 422, "invalid_dossier"},
			{"UnknownProcedure", "application/json", mustJSON(unknown), 404, "procedure_not_found"},
			{"BadJSON", "application/json", []byte(`{"procedure_id": 1,`), 400, "invalid_json"},
			{"WrongType", "application/json", []byte(`{"procedure_id": "one"}`), 400, "invalid_json"},
			{"UnknownField", "application/json", []byte(`{"procedure_id": 1, "admin": true}`), 400, "invalid_json"},
			{"TrailingData", "application/json", append(mustJSON(applicant(proc.ID)), []byte(`{}`)...), 400, "invalid_json"},
			{"Oversized", "application/json", []byte(`{"applicant_name": "` + strings.Repeat("a", 2<<20) + `"}`), 413, "body_too_large"},
			{"NotJSON", "text/plain", mustJSON(applicant(proc.ID)), 415, "unsupported_media_type"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				var e apiError
				status := c.do(http.MethodPost, "/api/v1/dossiers", tc.contentType, tc.body, &e)
				if status != tc.status || e.Error.Code != tc.code || e.Error.Message == "" || e.Error.RequestID == "" {
					t.Fatalf("got %d %+v, want %d %s", status, e, tc.status, tc.code)
				}
			})
		}
		var e apiError
		if status := c.submitDraft(999999, &e); status != 404 || e.Error.Code != "dossier_not_found" {
			t.Fatalf("submit missing: %d %+v", status, e)
		}
		if status := c.do(http.MethodGet, "/api/v1/lookup?code=nonsense", "", nil, &e); status != 400 || e.Error.Code != "invalid_code" {
			t.Fatalf("lookup nonsense: %d %+v", status, e)
		}
		if after := countDossiers(t, a); after != before {
			t.Fatalf("malformed requests wrote %d dossiers", after-before)
		}
	})

	t.Run("TwoHundredConcurrentSubmissions", func(t *testing.T) {
		var other procedure
		for _, p := range procs.Items {
			if p.AgencyCode != proc.AgencyCode {
				other = p
				break
			}
		}
		if other.ID == 0 {
			t.Fatal("demo catalogue needs procedures of two agencies")
		}
		const n = 200
		ids := make([]int64, n)
		for i := range ids {
			ids[i] = c.draft(other.ID)
		}
		codes := make([]string, n)
		var wg sync.WaitGroup
		for i, id := range ids {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var d dossier
				if status := c.submitDraft(id, &d); status == http.StatusCreated && d.Code != nil {
					codes[i] = *d.Code
				}
			}()
		}
		wg.Wait()
		var seqs []int
		seen := map[string]bool{}
		for i, code := range codes {
			parsed, err := dossiercode.Parse(code)
			if err != nil || seen[code] || parsed.Agency != other.AgencyCode {
				t.Fatalf("submission %d got code %q (err %v, duplicate %v)", i, code, err, seen[code])
			}
			seen[code] = true
			seqs = append(seqs, parsed.Seq)
		}
		sort.Ints(seqs)
		for i, s := range seqs {
			if s != i+1 {
				t.Fatalf("codes are not gap-free 1..%d: position %d holds %d", n, i+1, s)
			}
		}
		// Every one of them has its running workflow, which wrote its first log row.
		deadline := time.Now().Add(90 * time.Second)
		for {
			var logged int
			err := a.Store.DB().Get(&logged, `SELECT count(*) FROM dossier_events e JOIN dossiers d ON d.id = e.dossier_id
				JOIN agencies a ON a.id = d.agency_id WHERE a.code = $1 AND e.seq = 1`, other.AgencyCode)
			if err != nil {
				t.Fatal(err)
			}
			if logged == n {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("only %d of %d workflows logged their submission", logged, n)
			}
			time.Sleep(200 * time.Millisecond)
		}
	})

	t.Run("ReconcilerStartsLostWorkflows", func(t *testing.T) {
		// A submission committed in PostgreSQL whose workflow start never happened (the API
		// died between the two) is picked up by the reconciler.
		ctx := context.Background()
		d, err := a.Store.CreateDraft(ctx, domain.DraftInput{ProcedureID: proc.ID, Applicant: domain.Applicant{
			Name: "Lò Văn Sáng", IDNumber: "012345678", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		if d, err = a.Store.Submit(ctx, d.ID, time.Now()); err != nil {
			t.Fatal(err)
		}
		n, err := a.Reconcile(ctx)
		if err != nil || n < 1 {
			t.Fatalf("reconcile started %d workflows: %v", n, err)
		}
		c.waitLogged(*d.Code)
		if s := workflowStatus(t, a, *d.Code); s != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			t.Fatalf("reconciled workflow is %v", s)
		}
		if n, err := a.Reconcile(ctx); err != nil || n != 0 {
			t.Fatalf("second pass started %d (err %v), want 0", n, err)
		}
	})

	t.Run("Metrics", func(t *testing.T) {
		resp, err := http.Get(a.URL() + "/metrics")
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		for _, want := range []string{`dvc_http_request_duration_seconds_bucket{method="POST",route="/api/v1/dossiers/:ref/submit",status="201"`,
			"temporal_request", "temporal_workflow_task_execution_latency"} {
			if !bytes.Contains(raw, []byte(want)) {
				t.Errorf("/metrics lacks %s", want)
			}
		}
	})

	t.Run("SurvivesRestart", func(t *testing.T) {
		if code == "" {
			t.Fatal("SubmitAndLookup gave no code to look for after the restart")
		}
		var last int
		if err := a.Store.DB().Get(&last, `SELECT c.last_seq FROM dossier_code_counters c JOIN agencies a ON a.id = c.agency_id
			WHERE a.code = $1 ORDER BY c.day DESC LIMIT 1`, proc.AgencyCode); err != nil {
			t.Fatal(err)
		}
		a.Close()
		if _, err := http.Get(a.URL() + "/healthz"); err == nil {
			t.Fatal("HTTP server still answers after Close")
		}
		b := start(t, devConfig(dir))
		defer b.Close()
		c2 := newClient(t, b.URL()).login("congdan", demo.Password)
		l := c2.waitLogged(code)
		if l.Code != code || len(l.Events) != 1 {
			t.Fatalf("after restart lookup = %+v", l)
		}
		if s := workflowStatus(t, b, code); s != enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING {
			t.Fatalf("after restart workflow %s is %v, want running", code, s)
		}
		// The next submission continues the same day's sequence.
		next := c2.submit(proc.ID)
		if p, _ := dossiercode.Parse(next); p.Seq != last+1 {
			t.Fatalf("after restart the next code is %s, want sequence %d", next, last+1)
		}
	})
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return b
}

// BenchmarkSubmitHTTP measures the citizen's whole online submission over HTTP on the
// dev stack, 8 clients at a time: create the draft, attach the required documents, send
// it (code allocation and workflow start).
//
//	go test -run '^$' -bench SubmitHTTP -benchtime 300x ./internal/app/
func BenchmarkSubmitHTTP(b *testing.B) {
	dir := b.TempDir()
	for d := dir; d != os.TempDir() && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
		_ = os.Chmod(d, 0o755)
	}
	cfg := devConfig(filepath.Join(dir, "data"))
	cfg.Temporal.UIPort = -1
	a, err := app.Start(context.Background(), cfg, slog.New(slog.NewTextHandler(io.Discard, nil)), app.Parts{API: true, Worker: true})
	if err != nil {
		b.Fatal(err)
	}
	defer a.Close()
	c := newClient(b, a.URL()).login("congdan", demo.Password)
	var procID int64
	if err := a.Store.DB().Get(&procID, `SELECT id FROM procedures WHERE code = '2.000488'`); err != nil {
		b.Fatal(err)
	}
	b.SetParallelism(4) // 2 cores × 4 = 8 clients
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			var d dossier
			if code := c.submitDraft(c.draft(procID), &d); code != http.StatusCreated {
				b.Errorf("submit: %d", code)
				return
			}
		}
	})
}

// noErr reports err (of a query a test reads its expectations with) as a failure.
func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Error(err)
	}
}
