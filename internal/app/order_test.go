package app_test

import (
	"fmt"
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/textsearch"
)

// inVietnameseOrder fails t unless names are in Vietnamese dictionary order, and
// reports whether byte order would have put them otherwise (so that the list proves
// something).
func inVietnameseOrder(t *testing.T, what string, names []string, cmp func(a, b string) int) bool {
	t.Helper()
	if !slices.IsSortedFunc(names, cmp) {
		want := slices.Clone(names)
		slices.SortStableFunc(want, cmp)
		t.Errorf("%s are not in Vietnamese order:\n got %q\nwant %q", what, names, want)
	}
	return !slices.IsSorted(names)
}

// TestVietnameseOrder: agencies, fields, procedures and officers are listed as a
// Vietnamese reader expects ("Giải quyết" before "Giáo dục", "Thành lập" before "Thuế",
// "Đ…" after "D…", not last), on every page of a paged list.
func TestVietnameseOrder(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	c := newClient(t, a.URL())
	type named struct {
		Name     string `json:"name"`
		Level    string `json:"level"`
		FullName string `json:"full_name"`
	}
	names := func(items []named) []string {
		var out []string
		for _, it := range items {
			out = append(out, it.Name+it.FullName)
		}
		return out
	}
	var fields struct{ Items []named }
	if st := c.do(http.MethodGet, "/api/v1/fields", "", nil, &fields); st != 200 {
		t.Fatalf("fields: %d", st)
	}
	if !inVietnameseOrder(t, "fields", names(fields.Items), textsearch.Compare) {
		t.Error("the demo's fields would sort the same byte by byte: the test proves nothing")
	}
	var agencies struct{ Items []named }
	if st := c.do(http.MethodGet, "/api/v1/agencies", "", nil, &agencies); st != 200 {
		t.Fatalf("agencies: %d", st)
	}
	byLevel := map[string][]string{}
	for _, ag := range agencies.Items {
		byLevel[ag.Level] = append(byLevel[ag.Level], ag.Name)
	}
	for level, ns := range byLevel {
		inVietnameseOrder(t, level+" agencies", ns, textsearch.Compare)
	}
	var all, counts []string
	for page := 1; ; page++ {
		var p struct {
			Items       []named
			Total       int
			FieldCounts []named `json:"field_counts"`
		}
		if st := c.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures?page=%d", page), "", nil, &p); st != 200 {
			t.Fatalf("procedures page %d: %d", page, st)
		}
		all, counts = append(all, names(p.Items)...), names(p.FieldCounts)
		if len(p.Items) == 0 || len(all) >= p.Total {
			break
		}
	}
	if len(all) < 60 || !inVietnameseOrder(t, "procedures across pages", all, textsearch.Compare) {
		t.Errorf("%d procedures, or byte order would give the same", len(all))
	}
	inVietnameseOrder(t, "the search's field counts", counts, textsearch.Compare)
	var staff struct{ Items []named }
	if st := newClient(t, a.URL()).login("quantri", demo.Password).do(http.MethodGet, "/api/v1/admin/staff", "", nil, &staff); st != 200 {
		t.Fatalf("staff: %d", st)
	}
	inVietnameseOrder(t, "officers (by given name)", names(staff.Items), textsearch.ComparePeople)
	body := html.UnescapeString(newBrowser(t, a.URL()).get("/thu-tuc?page=1").Body)
	if i, j := strings.Index(body, all[0]), strings.Index(body, all[1]); i < 0 || j < i {
		t.Errorf("the procedures page does not list %q before %q", all[0], all[1])
	}
}
