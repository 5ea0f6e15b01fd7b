package config

import (
	"strings"
	"testing"
)

// TestNationalValidate: enabling the portal or the national sign-in asks for what they
// need, each problem naming its key; the stand-ins are refused in production and on in
// dvc dev.
func TestNationalValidate(t *testing.T) {
	c := Defaults()
	c.Database.URL = "postgres://x/y"
	c.National.Enabled, c.National.OIDC.Enabled = true, true
	c.National.DevStandIn = true
	err := c.Validate()
	if err == nil {
		t.Fatal("an enabled adapter without its settings was accepted")
	}
	for _, key := range []string{"national.base_url", "national.username", "national.password", "national.unit_code",
		"national.push.secret", "national.files_key", "national.oidc.issuer", "national.oidc.client_id",
		"national.oidc.cookie_key", "national.dev_standin"} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("no problem named %s in %v", key, err)
		}
	}
	c.National = nationalDefaults()
	c.National.Enabled = true
	c.National.BaseURL, c.National.Username, c.National.Password = "https://dvcqg.example/ngsp", "u", "p"
	c.National.UnitCode, c.National.Push.Token, c.National.FilesKey = "000.00.00.H03", "t", strings.Repeat("k", 32)
	if err := c.Validate(); err != nil {
		t.Fatalf("a complete adapter refused: %v", err)
	}
	dev, err := Load("", nil, ModeDev)
	if err != nil || !dev.National.DevStandIn || !dev.StandIns() {
		t.Fatalf("dvc dev without the stand-ins: %v %+v", err, dev.National)
	}
}
