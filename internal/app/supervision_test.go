package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/xuri/excelize/v2"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
)

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// The OpenAPI checker reads a workbook's body as a file.
func init() { openapi3filter.RegisterBodyDecoder(xlsxType, openapi3filter.FileBodyDecoder) }

// TestSupervision drives issue 21 over HTTP on a stack with two live dossiers and 400
// synthetic ones: the audit page and who may see it, the worklist's lists and search,
// a leader's bulk reassignment, saved filters, the late report, workload and index
// pages, and the JSON and .xlsx answers checked against the OpenAPI document.
func TestSupervision(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	ctx := context.Background()
	now := time.Now()
	// Historic dossiers up to a fortnight ago: those still open then are due since, so
	// some are overdue now.
	past := now.AddDate(0, 0, -15)
	if _, err := synthetic.Generate(ctx, a.Store.DB(), synthetic.Options{Count: 400, Now: past,
		From: past.AddDate(0, -2, 0), To: dossiercode.Day(past), Seed: 5}); err != nil {
		t.Fatal(err)
	}
	spec := loadSpec(t, a.URL())
	as := func(t *testing.T, username string) client {
		c := newClient(t, a.URL()).login(username, demo.Password)
		c.spec = spec
		return c
	}
	citizen := as(t, "congdan")
	var eduID int64
	if err := a.Store.DB().Get(&eduID, `SELECT id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	var codes []string
	var specialistID, leaderID int64
	if err := a.Store.DB().Get(&specialistID, `SELECT id FROM accounts WHERE username = 'chuyenvien'`); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.DB().Get(&leaderID, `SELECT id FROM accounts WHERE username = 'lanhdao'`); err != nil {
		t.Fatal(err)
	}
	motcua, lanhdao := as(t, "motcua"), as(t, "lanhdao")
	for range 2 { // received and with the specialist
		code := citizen.submit(eduID)
		citizen.waitLogged(code)
		for _, step := range []struct {
			c    client
			path string
			body map[string]any
		}{{motcua, "receive", map[string]any{}}, {motcua, "transfer", map[string]any{}},
			{lanhdao, "transfer", map[string]any{"to_officer_id": specialistID}}} {
			if st := step.c.postJSON("/api/v1/officer/dossiers/"+code+"/actions/"+step.path, step.body, nil); st != 200 {
				t.Fatalf("%s %s: %d", code, step.path, st)
			}
		}
		codes = append(codes, code)
	}
	sup := as(t, "giamsat")

	t.Run("AuditPage", func(t *testing.T) {
		p := sup.browser(t).get("/can-bo/kiem-tra/" + codes[0])
		if p.Status != 200 {
			t.Fatalf("audit page: %d", p.Status)
		}
		p.has(t, `id="chain-verdict" data-valid="true"`, "Tiếp nhận hồ sơ", "Hoàng Thị Thu", "Đặng Văn Bình", "giamsat",
			`id="workflow-history"`, "/workflows/"+codes[0], "data-print", "Thời gian từ bước trước")
		if p := citizen.browser(t).get("/can-bo/kiem-tra/" + codes[0]); p.Status != http.StatusForbidden {
			t.Errorf("a citizen: %d", p.Status)
		}
		if p := as(t, "chuyenvien").browser(t).get("/can-bo/kiem-tra/" + codes[0]); p.Status != http.StatusForbidden {
			t.Errorf("a specialist: %d", p.Status)
		}
		if p := as(t, "tnmt.motcua").browser(t).get("/can-bo/kiem-tra/" + codes[0]); p.Status != http.StatusForbidden {
			t.Errorf("another agency's officer: %d", p.Status)
		}
		if p := sup.browser(t).get("/can-bo/kiem-tra/000.00.03.H03-000101-9999"); p.Status != http.StatusNotFound {
			t.Errorf("an unknown dossier: %d", p.Status)
		}
	})

	t.Run("Worklists", func(t *testing.T) {
		var out struct {
			Items []struct {
				Code    string `json:"code"`
				Overdue bool   `json:"overdue"`
			} `json:"items"`
			Total int `json:"total"`
		}
		if st := sup.do(http.MethodGet, "/api/v1/oversight/dossiers?list=overdue", "", nil, &out); st != 200 || out.Total == 0 {
			t.Fatalf("overdue list: %d, %d dossiers", st, out.Total)
		}
		p := sup.browser(t).get("/can-bo/giam-sat?list=overdue")
		p.has(t, out.Items[0].Code, `id="list-overdue" aria-current="page"`)
		if p := sup.browser(t).get("/can-bo/giam-sat?q=" + url.QueryEscape(codes[1])); !strings.Contains(p.Body, `data-code="`+codes[1]+`"`) ||
			strings.Contains(p.Body, `data-code="`+codes[0]+`"`) {
			t.Error("the search by code")
		}
		if st := sup.do(http.MethodGet, "/api/v1/oversight/dossiers?list=late", "", nil, nil); st != http.StatusBadRequest {
			t.Errorf("an unknown list: %d", st)
		}
		if p := sup.browser(t).get("/can-bo/giam-sat?received_from=hôm-nay"); p.Status != http.StatusBadRequest {
			t.Errorf("a bad date: %d", p.Status)
		}
		if st := lanhdao.do(http.MethodGet, "/api/v1/oversight/dossiers?agency=999999", "", nil, nil); st != http.StatusForbidden {
			t.Errorf("a leader asking for another agency: %d", st)
		}
		// A saved filter.
		b := sup.browser(t)
		page := b.get("/can-bo/giam-sat?list=supplement")
		r := b.post(page, "/can-bo/giam-sat/bo-loc", url.Values{"name": {"Chờ bổ sung lâu"}, "query": {"list=supplement"}})
		if r.Status != 200 || !strings.Contains(r.Body, "Chờ bổ sung lâu") {
			t.Fatalf("save a filter: %d", r.Status)
		}
	})

	t.Run("LeaderReassigns", func(t *testing.T) {
		b := lanhdao.browser(t)
		p := b.get("/can-bo/giam-sat?assignee=" + itoa(specialistID) + "&received_from=" + now.Format(time.DateOnly))
		for _, code := range codes {
			p.has(t, `id="pick-`+code+`"`)
		}
		r := b.post(p, "/can-bo/giam-sat/chuyen", url.Values{"code": codes, "to_officer_id": {itoa(leaderID)}, "back": {"/can-bo/giam-sat"}})
		if r.Status != 200 || !strings.Contains(r.Body, "Đã chuyển 2 hồ sơ.") {
			t.Fatalf("bulk reassignment: %d", r.Status)
		}
		for _, code := range codes {
			if _, who := dossierStatus(t, a, code); who != "Trần Quốc Hùng" {
				t.Errorf("%s is with %q", code, who)
			}
		}
		var res struct {
			Moved  []string          `json:"moved"`
			Failed map[string]string `json:"failed"`
		}
		if st := lanhdao.postJSON("/api/v1/oversight/reassign", map[string]any{"codes": []string{codes[0], "000.00.03.H03-000101-9999"},
			"to_officer_id": specialistID}, &res); st != 200 || len(res.Moved) != 1 || len(res.Failed) != 1 {
			t.Fatalf("single reassignment through the API: %d %+v", st, res)
		}
		if st := sup.postJSON("/api/v1/oversight/reassign", map[string]any{"codes": codes, "to_officer_id": specialistID}, nil); st != http.StatusForbidden {
			t.Errorf("a supervisor reassigning: %d", st)
		}
	})

	t.Run("ReportsAndExports", func(t *testing.T) {
		year := "from=" + now.AddDate(-1, 0, 0).Format(time.DateOnly) + "&to=" + now.AddDate(0, 0, 1).Format(time.DateOnly)
		var h03 string
		if err := a.Store.DB().Get(&h03, `SELECT id::text FROM agencies WHERE code = '000.00.03.H03'`); err != nil {
			t.Fatal(err)
		}
		var ix struct {
			Score  float64 `json:"score"`
			Max    float64 `json:"max"`
			Groups map[string]struct {
				Score      float64 `json:"score"`
				Max        float64 `json:"max"`
				Indicators []struct {
					Formula string `json:"formula"`
				} `json:"indicators"`
			} `json:"groups"`
		}
		if st := sup.do(http.MethodGet, "/api/v1/stats/index?agency="+h03+"&"+year, "", nil, &ix); st != 200 || ix.Max != 100 || len(ix.Groups) != 5 {
			t.Fatalf("index: %d %+v", st, ix)
		}
		for _, k := range []string{"transparency", "progress", "digitisation", "online", "satisfaction"} {
			if g := ix.Groups[k]; g.Max == 0 || len(g.Indicators) == 0 || g.Indicators[0].Formula == "" {
				t.Errorf("group %s: %+v", k, g)
			}
		}
		for _, path := range []string{"/can-bo/chi-so?agency=" + h03 + "&" + year, "/can-bo/chi-so?group_by=field&" + year,
			"/can-bo/chi-so?agency=" + h03 + "&indicator=online_share&" + year, "/can-bo/tre-han?" + year,
			"/can-bo/khoi-luong?agency=" + h03 + "&" + year, "/can-bo/giam-sat?list=due_soon"} {
			if p := sup.browser(t).get(path); p.Status != 200 {
				t.Errorf("%s: %d", path, p.Status)
			}
		}
		if p := lanhdao.browser(t).get("/can-bo/khoi-luong?officer=" + itoa(specialistID)); p.Status != 200 || !strings.Contains(p.Body, "Lê Minh Đức") {
			t.Errorf("workload for the leader: %d", p.Status)
		}
		if p := sup.browser(t).get("/can-bo/chi-so?indicator=nonsense"); p.Status != http.StatusNotFound {
			t.Errorf("an unknown indicator: %d", p.Status)
		}
		for path, want := range map[string]string{
			"/api/v1/stats?format=xlsx&" + year:                       "Mẫu 06",
			"/api/v1/stats/index?format=xlsx&group_by=agency&" + year: "Chỉ số",
			"/api/v1/reports/late?format=xlsx&" + year:                "Hồ sơ trễ hạn",
			"/api/v1/audit/events?format=xlsx&action=receive":         "Nhật ký xử lý",
		} {
			f := fetchXLSX(t, sup, path)
			if f == nil {
				continue
			}
			if sheets := f.GetSheetList(); sheets[0] != want {
				t.Errorf("%s: sheets %v", path, sheets)
			}
			if panes, err := f.GetPanes(want); err != nil || !panes.Freeze {
				t.Errorf("%s: header not frozen", path)
			}
			_ = f.Close()
		}
		if st := sup.do(http.MethodGet, "/api/v1/reports/workload?"+year, "", nil, nil); st != http.StatusBadRequest {
			t.Errorf("workload without an agency: %d", st)
		}
		if st := as(t, "chuyenvien").do(http.MethodGet, "/api/v1/reports/late?"+year, "", nil, nil); st != http.StatusForbidden {
			t.Errorf("late report for a specialist: %d", st)
		}
	})

	t.Run("Digest", func(t *testing.T) {
		n, err := a.Digest().Pass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		ns, _ := a.Store.Digests(ctx, 100)
		if len(ns) < n {
			t.Fatalf("%d digests written, %d in the outbox", n, len(ns))
		}
		if p := newClient(t, a.URL()).browser(t).get("/dev/mailbox"); p.Status != 200 {
			t.Fatalf("mailbox: %d", p.Status)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// fetchXLSX gets path as c and opens the workbook, or fails t and returns nil.
func fetchXLSX(t *testing.T, c client, path string) *excelize.File {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, c.base+path, nil)
	resp, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if c.spec != nil {
		c.spec.check(t, req, resp, raw)
	}
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != xlsxType {
		t.Errorf("%s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
		return nil
	}
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Errorf("%s: not a workbook: %v", path, err)
		return nil
	}
	return f
}
