package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/gin-gonic/gin"
)

// TestEveryRouteStatesItsAccess: every /api/v1 route is in routeAccess (so the bearer
// middleware knows which scopes it accepts and the served document states it), and
// routeAccess names no route that does not exist.
func TestEveryRouteStatesItsAccess(t *testing.T) {
	gin.SetMode(gin.TestMode)
	e := gin.New()
	New(Options{}).Register(e)
	seen := map[string]bool{}
	paths, _ := served(t)["paths"].(map[string]any)
	for _, r := range e.Routes() {
		if !strings.HasPrefix(r.Path, "/api/v1/") {
			continue
		}
		key := routeKey(r.Method, r.Path)
		seen[key] = true
		if _, ok := routeAccess[key]; !ok {
			t.Errorf("%s is not in routeAccess", key)
		}
		path := strings.TrimPrefix(key, r.Method+" ")
		ops, _ := paths[path].(map[string]any)
		if _, ok := ops[strings.ToLower(r.Method)]; !ok && path != "/openapi.json" {
			t.Errorf("%s is not in the OpenAPI document", key)
		}
	}
	for key := range routeAccess {
		if !seen[key] {
			t.Errorf("routeAccess names %s, which no route serves", key)
		}
	}
}

// TestServedSecurity: the served document states each operation's access from the table.
func TestServedSecurity(t *testing.T) {
	d := served(t)
	op, _ := dig(d, "paths", "/officer/dossiers/{ref}", "get")
	sec, _ := op["security"].([]any)
	if len(sec) != 2 || !strings.Contains(jsonString(t, sec), `"bearer":["dossiers:read"]`) {
		t.Fatalf("GET /officer/dossiers/{ref} security = %s", jsonString(t, sec))
	}
	op, _ = dig(d, "paths", "/dossiers", "post")
	if got := jsonString(t, op["security"]); got != `[{"csrf":[],"session":[]}]` {
		t.Fatalf("POST /dossiers security = %s", got)
	}
	op, _ = dig(d, "paths", "/oauth/token", "post")
	if got := jsonString(t, op["security"]); got != `[{"clientSecret":[]},{}]` {
		t.Fatalf("the token endpoint's own security was replaced: %s", got)
	}
	for path, item := range d["paths"].(map[string]any) {
		for method, op := range item.(map[string]any) {
			responses := op.(map[string]any)["responses"].(map[string]any)
			if _, ok := responses["401"]; !ok {
				t.Errorf("%s %s lists no 401", method, path)
			}
		}
	}
}

func served(t *testing.T) map[string]any {
	t.Helper()
	var d map[string]any
	if err := json.Unmarshal(OpenAPI, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

func jsonString(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
