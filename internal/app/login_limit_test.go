package app_test

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestLoginAddressLimit: an office behind one address (a proxy forwarding it) is not
// locked out by its colleagues' typos under the default limit; auth.login_address_limit
// lowers it, and then counts each forwarded client address apart.
func TestLoginAddressLimit(t *testing.T) {
	if d := config.Defaults().Auth.LoginAddressLimit; d < 100 {
		t.Fatalf("the default limit per address is %d: one office's typos would lock it out", d)
	}
	cfg := devConfig(dataDir(t))
	cfg.Auth.LoginAddressLimit = 3
	cfg.HTTP.TrustedProxies = "127.0.0.1, ::1"
	a := start(t, cfg)
	defer a.Close()
	login := func(from, username, password string) int {
		t.Helper()
		body := mustJSON(map[string]string{"username": username, "password": password})
		req, _ := http.NewRequest(http.MethodPost, a.URL()+"/api/v1/auth/login", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Forwarded-For", from)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for _, username := range []string{"motcua", "lanhdao", "chuyenvien"} { // one typo each
		if st := login("203.0.113.7", username, "sai-mat-khau"); st != http.StatusUnauthorized {
			t.Fatalf("a wrong password: %d", st)
		}
	}
	if st := login("203.0.113.7", "vanthu", demo.Password); st != http.StatusTooManyRequests {
		t.Errorf("after 3 failures from the address, the limit of 3 lets a fourth sign-in through: %d", st)
	}
	if st := login("198.51.100.9", "vanthu", demo.Password); st != http.StatusOK {
		t.Errorf("another office behind the same proxy is locked out: %d", st)
	}
}
