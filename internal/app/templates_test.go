package app_test

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/filestore"
)

// templateLink is the "mẫu đơn" link of a component on the procedure page.
var templateLink = regexp.MustCompile(`<a href="([^"]+)">mẫu đơn</a>`)

// TestFormTemplates: every "mẫu đơn" a procedure names is a real file of the catalogue,
// served from a stable address as a Word document; the procedure page links it so that
// the browser reaches it; the admin export carries the files.
func TestFormTemplates(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	c := newClient(t, a.URL())
	var ids []int64
	if err := a.Store.DB().Select(&ids, `SELECT id FROM procedures WHERE active ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	fetch := func(link string, header http.Header) (*http.Response, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, link, nil)
		for k, v := range header {
			req.Header[k] = v
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp, body
	}
	withTemplates := 0
	for _, id := range ids {
		var p struct {
			Components []struct {
				TemplateURL string `json:"template_url"`
			} `json:"components"`
		}
		if st := c.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", id), "", nil, &p); st != 200 {
			t.Fatalf("procedure %d: %d", id, st)
		}
		var links []string
		for _, comp := range p.Components {
			if comp.TemplateURL != "" {
				links = append(links, comp.TemplateURL)
			}
		}
		if len(links) == 0 {
			continue
		}
		withTemplates++
		page := fmt.Sprintf("%s/thu-tuc/%d", a.URL(), id)
		_, html := fetch(page, nil)
		found := templateLink.FindAllStringSubmatch(string(html), -1)
		if len(found) != len(links) {
			t.Fatalf("procedure page %d links %d templates, the API names %d", id, len(found), len(links))
		}
		for i, m := range found {
			base, _ := url.Parse(page)
			ref, _ := url.Parse(m[1])
			link := base.ResolveReference(ref).String()
			if link != a.URL()+links[i] || !strings.HasPrefix(links[i], "/api/v1/templates/") {
				t.Fatalf("procedure %d: the page links %s, the API %s", id, link, links[i])
			}
			resp, body := fetch(link, nil)
			if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != filestore.DOCX || filestore.Detect(body) != filestore.DOCX ||
				!strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
				t.Fatalf("%s: %d %s %q", link, resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Content-Disposition"))
			}
			if again, _ := fetch(link, http.Header{"If-None-Match": {resp.Header.Get("ETag")}}); again.StatusCode != http.StatusNotModified {
				t.Fatalf("%s revalidated: %d", link, again.StatusCode)
			}
		}
	}
	if withTemplates < 40 {
		t.Fatalf("only %d procedures link a template", withTemplates)
	}
	var e apiError
	expectError(t, "an unknown template", c.do(http.MethodGet, "/api/v1/templates/khong-co.docx", "", nil, &e), e, 404, "template_not_found")
	var export struct {
		Templates []struct {
			Name    string `json:"name"`
			Content []byte `json:"content"`
		} `json:"templates"`
	}
	admin := newClient(t, a.URL()).login("quantri", demo.Password)
	if st := admin.do(http.MethodGet, "/api/v1/admin/catalogue", "", nil, &export); st != 200 || len(export.Templates) < 40 ||
		filestore.Detect(export.Templates[0].Content) != filestore.DOCX {
		t.Fatalf("the export carries %d templates", len(export.Templates))
	}
}
