package app_test

import (
	"fmt"
	"net/http"
	"testing"
)

// TestSemicolonInQuery: a ";" in a query string answers 400 invalid_query, on the API and
// on the pages, instead of dropping the parameter and answering the whole list; an
// encoded %3B is an ordinary character of a value.
func TestSemicolonInQuery(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	var fieldID int64
	if err := a.Store.DB().Get(&fieldID, `SELECT field_id FROM procedures WHERE code = '1.004496'`); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, a.URL())
	var list struct {
		Total int `json:"total"`
	}
	if st := c.do(http.MethodGet, fmt.Sprintf("/api/v1/procedures?field=%d", fieldID), "", nil, &list); st != 200 || list.Total == 0 {
		t.Fatalf("the field's procedures: %d %+v", st, list)
	}
	for _, path := range []string{
		fmt.Sprintf("/api/v1/procedures?field=%d;DROP%%20TABLE%%20procedures", fieldID),
		fmt.Sprintf("/api/v1/procedures?q=giay;field=%d", fieldID),
		fmt.Sprintf("/thu-tuc?field=%d;x=1", fieldID),
		"/api/v1/lookup?code=000.00.03.H03-261203-0001;",
	} {
		var e apiError
		expectError(t, path, c.do(http.MethodGet, path, "", nil, &e), e, http.StatusBadRequest, "invalid_query")
		if e.Error.Fields["query"] == "" {
			t.Errorf("%s: the answer does not say what is wrong with the query: %+v", path, e)
		}
	}
	if st := c.do(http.MethodGet, "/api/v1/procedures?q=gi%3By", "", nil, &list); st != 200 {
		t.Errorf("an encoded ;: %d", st)
	}
}
