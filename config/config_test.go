package config

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"
)

func TestLoadDefaults(t *testing.T) {
	c, err := Load("", nil, ModeDev)
	if err != nil {
		t.Fatal(err)
	}
	if c.Mode != ModeDev || c.HTTP.Addr != "127.0.0.1:8080" || c.Temporal.TaskQueue != "dossiers" || c.HTTP.RequestTimeout != 30*time.Second {
		t.Fatalf("defaults not applied: %+v", c)
	}
	if c.LogFormat() != "text" {
		t.Fatalf("dev log format = %q", c.LogFormat())
	}
}

func TestLoadPriority(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "dvc.yaml")
	yaml := "http:\n  addr: 127.0.0.1:9000\n  request_timeout: 5s\ntemporal:\n  namespace: from-file\ndatabase:\n  url: postgres://file/db\n"
	if err := os.WriteFile(file, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DVC_TEMPORAL_NAMESPACE", "from-env")
	t.Setenv("DVC_DATABASE_MAX_OPEN_CONNS", "7")
	fs := pflag.NewFlagSet("t", pflag.ContinueOnError)
	fs.String("http.addr", "", "")
	fs.String("log.level", "", "")
	if err := fs.Parse([]string{"--http.addr", "127.0.0.1:9100"}); err != nil {
		t.Fatal(err)
	}
	c, err := Load(file, fs, ModeProduction)
	if err != nil {
		t.Fatal(err)
	}
	if c.HTTP.Addr != "127.0.0.1:9100" {
		t.Errorf("flag should beat file: %q", c.HTTP.Addr)
	}
	if c.Temporal.Namespace != "from-env" {
		t.Errorf("env should beat file: %q", c.Temporal.Namespace)
	}
	if c.Database.MaxOpenConns != 7 || c.HTTP.RequestTimeout != 5*time.Second || c.Database.URL != "postgres://file/db" {
		t.Errorf("file/env values lost: %+v", c)
	}
	if c.Log.Level != "info" {
		t.Errorf("an unset flag must not override the default: %q", c.Log.Level)
	}
	if c.LogFormat() != "json" {
		t.Errorf("production log format = %q", c.LogFormat())
	}
}

func TestValidate(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c := Defaults()
		c.Database.URL = "postgres://x/y"
		if err := c.Validate(); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("EveryProblemNamed", func(t *testing.T) {
		c := Defaults()
		c.Mode = "staging"
		c.HTTP.Addr = "8080"
		c.Database.MaxOpenConns = 0
		c.Database.SharedBuffers = "lots"
		c.Temporal.UIPort = 70000
		c.Log.Level = "loud"
		err := c.Validate()
		if err == nil {
			t.Fatal("accepted")
		}
		for _, key := range []string{"mode", "http.addr", "database.url", "database.max_open_conns", "database.shared_buffers", "temporal.ui_port", "log.level"} {
			if !strings.Contains(err.Error(), "config "+key+":") {
				t.Errorf("no message for %s in %v", key, err)
			}
		}
	})
	t.Run("TestCaptchaRefusedInProduction", func(t *testing.T) {
		c := Defaults()
		c.Database.URL = "postgres://x/y"
		c.Auth.TestCaptcha = "12345"
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "auth.test_captcha") {
			t.Fatalf("production accepted a test captcha: %v", err)
		}
		c.Mode = ModeTest
		if err := c.Validate(); err != nil {
			t.Fatalf("test mode refused it: %v", err)
		}
	})
	t.Run("BadFile", func(t *testing.T) {
		if _, err := Load(filepath.Join(t.TempDir(), "missing.yaml"), nil, ModeDev); err == nil {
			t.Fatal("missing file accepted")
		}
	})
}

func TestKeys(t *testing.T) {
	keys := strings.Join(Keys(), ",")
	for _, k := range []string{"mode", "http.addr", "database.url", "temporal.address", "log.format", "worker.metrics_addr"} {
		if !strings.Contains(keys, k) {
			t.Errorf("key %s missing from %s", k, keys)
		}
	}
}

// TestExampleFile keeps config/example.yaml true: it loads, and shows the defaults.
func TestExampleFile(t *testing.T) {
	c, err := Load("example.yaml", nil, ModeProduction)
	if err == nil || !strings.Contains(err.Error(), "database.url") {
		t.Fatalf("example (no database URL) should fail only for database.url: %v", err)
	}
	want := Defaults()
	if c.HTTP != want.HTTP || c.Temporal != want.Temporal || c.Worker != want.Worker || c.SMTP != want.SMTP || c.Auth != want.Auth || c.DataDir != want.DataDir ||
		c.Database.MaxOpenConns != want.Database.MaxOpenConns || c.Log != want.Log || c.National != want.National {
		t.Fatalf("example.yaml differs from Defaults():\n%+v\n%+v", c, want)
	}
	if !reflect.DeepEqual(c.Signing, want.Signing) || c.Slips != want.Slips || c.QR != want.QR || c.PayGov != want.PayGov {
		t.Fatalf("example.yaml's signing, slips, qr or paygov differ from Defaults():\n%+v %+v %+v %+v\n%+v %+v %+v %+v",
			c.Signing, c.Slips, c.QR, c.PayGov, want.Signing, want.Slips, want.QR, want.PayGov)
	}
}

func TestValidateResults(t *testing.T) {
	for name, change := range map[string]func(*Config){
		"signing.mode":        func(c *Config) { c.Signing.Mode = "hsm" },
		"signing.agencies":    func(c *Config) { c.Signing.Agencies = []AgencyKey{{Code: "000.00.03.H03"}} },
		"signing.remote.url":  func(c *Config) { c.Signing.Mode = SigningRemote },
		"qr.key_env":          func(c *Config) { c.QR.KeyEnv = "qr key" },
		"paygov.partner_code": func(c *Config) { c.PayGov.URL = "https://paygov.example.vn/api" },
		"paygov.url":          func(c *Config) { c.PayGov.URL = "paygov" },
		"signing.remote.token_env": func(c *Config) {
			c.Signing.Mode, c.Signing.Remote = SigningRemote, RemoteSigner{URL: "https://ky.example.vn", TokenEnv: "a-b"}
		},
	} {
		t.Run(name, func(t *testing.T) {
			c := Defaults()
			c.Mode = ModeDev
			change(&c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), "config "+name+":") {
				t.Fatalf("got %v", err)
			}
		})
	}
	c := Defaults()
	c.Mode = ModeDev
	c.Signing.Agencies = []AgencyKey{{Code: "000.00.03.H03", P12: "/etc/dvc/sgddt.p12", PasswordEnv: "DVC_P12_SGDDT"}}
	if err := c.Validate(); err != nil {
		t.Fatalf("an agency's file refused: %v", err)
	}
}
