package oidcprovider_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/dev/oidcprovider"
)

func TestDiscoveryAndLoginPage(t *testing.T) {
	if _, err := oidcprovider.Start("127.0.0.1:0", oidcprovider.Options{}); err == nil {
		t.Fatal("a provider without redirect URIs must not start")
	}
	p, err := oidcprovider.Start("127.0.0.1:0", oidcprovider.Options{RedirectURIs: []string{"http://127.0.0.1:9/cb"}})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = p.Close() }()
	resp, err := http.Get(p.Issuer() + "/.well-known/openid-configuration")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Issuer     string   `json:"issuer"`
		Authorize  string   `json:"authorization_endpoint"`
		Challenges []string `json:"code_challenge_methods_supported"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&doc)
	resp.Body.Close()
	if doc.Issuer != p.Issuer() || doc.Authorize != p.Issuer()+"/authorize" || len(doc.Challenges) == 0 || doc.Challenges[0] != "S256" {
		t.Errorf("discovery %+v", doc)
	}
	resp, err = http.Get(p.Issuer() + "/login?authRequestID=unknown")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), "không tồn tại hoặc đã hết hạn") {
		t.Errorf("unknown request: %d %s", resp.StatusCode, body)
	}
}
