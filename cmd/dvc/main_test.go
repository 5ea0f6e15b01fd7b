package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/schema"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// syncBuffer is a bytes.Buffer safe for one writer and concurrent readers.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	portalLine   = regexp.MustCompile(`Portal\s+(http://127\.0\.0\.1:\d+)/`)
	standInLine  = regexp.MustCompile(`National portal \(stand-in\)  (http://127\.0\.0\.1:\d+/)\n`)
	providerLine = regexp.MustCompile(`National sign-in \(stand-in\) (http://127\.0\.0\.1:\d+)\n`)
)

// checkNationalStandIns: the banner names the national portal's stand-in, whose page
// answers, and the national sign-in sends the browser to the stand-in provider with the
// code flow's parameters.
func checkNationalStandIns(t *testing.T, banner, base string) {
	t.Helper()
	m := standInLine.FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("banner lacks the national portal stand-in:\n%s", banner)
	}
	resp, err := http.Get(m[1])
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("stand-in page: %v %v", resp, err)
	}
	resp.Body.Close()
	p := providerLine.FindStringSubmatch(banner)
	if p == nil {
		t.Fatalf("banner lacks the OpenID provider stand-in:\n%s", banner)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err = noRedirect.Get(base + "/dang-nhap/quoc-gia")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, p[1]) {
		t.Fatalf("national sign-in: %d to %q, want 302 to %s", resp.StatusCode, loc, p[1])
	}
	for _, param := range []string{"client_id=", "state=", "code_challenge="} {
		if !strings.Contains(loc, param) {
			t.Errorf("the authorize URL %s lacks %s", loc, param)
		}
	}
}

// TestDevCommand runs `dvc dev` as a person would, waits for its banner, uses the portal,
// then stops it the way Ctrl-C does and checks that nothing is left running.
func TestDevCommand(t *testing.T) {
	dir := t.TempDir()
	for d := dir; d != os.TempDir() && strings.HasPrefix(d, os.TempDir()); d = filepath.Dir(d) {
		_ = os.Chmod(d, 0o755)
	}
	data := filepath.Join(dir, "data")
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"dev", "--data_dir", data, "--http.addr", "127.0.0.1:0",
			"--temporal.port", "0", "--temporal.ui_port", "0", "--log.level", "warn"}, &stdout, &stderr)
	}()
	var base string
	deadline := time.Now().Add(2 * time.Minute)
	for base == "" {
		select {
		case err := <-done:
			t.Fatalf("dvc dev exited early: %v\n%s", err, stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
		if m := portalLine.FindStringSubmatch(stdout.String()); m != nil {
			base = m[1]
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("no banner after 2 minutes:\n%s\n%s", stdout.String(), stderr.String())
		}
	}
	banner := stdout.String()
	for _, want := range []string{"Temporal UI", "congdan", "motcua", "lanhdao", "chuyenvien", "DvcDemo@2026"} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	logins, err := os.ReadFile(filepath.Join(data, "demo-logins.txt"))
	if err != nil || !strings.Contains(banner, "demo-logins.txt") || !strings.Contains(string(logins), "sxd.motcua") {
		t.Errorf("the banner does not lead to every agency's demo officers (%v):\n%s\n%s", err, banner, logins)
	}
	var verifyOut, verifyErr bytes.Buffer // verify and export find the running stack by its data directory
	if err := run(ctx, []string{"verify", "--data_dir", data}, &verifyOut, &verifyErr); err != nil ||
		!strings.Contains(verifyOut.String(), "0 difference(s)") {
		t.Errorf("dvc verify on the dev stack: %v\n%s%s", err, verifyOut.String(), verifyErr.String())
	}
	exported := filepath.Join(dir, "catalogue.json")
	if err := run(ctx, []string{"export", "--data_dir", data, "--catalogue", exported}, &verifyOut, &verifyErr); err != nil {
		t.Errorf("dvc export from the dev stack: %v\n%s", err, verifyErr.String())
	}
	resp, err := http.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(page), "Thủ tục hành chính") ||
		!strings.Contains(string(page), "Sở Giáo dục và Đào tạo") {
		t.Fatalf("portal home: %d\n%s", resp.StatusCode, page)
	}
	checkNationalStandIns(t, banner, base)

	cancel() // what SIGINT does through signal.NotifyContext
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("dvc dev stopped with %v", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("dvc dev did not stop within a minute of Ctrl-C")
	}
	if _, err := os.Stat(filepath.Join(data, "postgres", "postmaster.pid")); !os.IsNotExist(err) {
		t.Fatalf("PostgreSQL still running after dvc dev stopped (postmaster.pid: %v)", err)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Fatal("portal still answers after dvc dev stopped")
	}
}

func TestMigrateSeedAndAPIRefusal(t *testing.T) {
	ctx := context.Background()
	url := testdb.URL(t)
	var out, errOut bytes.Buffer
	t.Run("APIRefusesSchemaBehind", func(t *testing.T) {
		err := run(ctx, []string{"api", "--database.url", url, "--temporal.address", "127.0.0.1:1"}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "dvc migrate") {
			t.Fatalf("api on an empty database: %v", err)
		}
	})
	t.Run("SeedRefusesSchemaBehind", func(t *testing.T) {
		if err := run(ctx, []string{"seed", "--database.url", url}, &out, &errOut); err == nil {
			t.Fatal("seed ran on an empty database")
		}
	})
	t.Run("Migrate", func(t *testing.T) {
		out.Reset()
		if err := run(ctx, []string{"migrate", "--database.url", url}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		ms, err := schema.Migrations()
		if err != nil {
			t.Fatal(err)
		}
		// Numbers may skip (those of other branches): count the files, and end at the latest.
		want := fmt.Sprintf("applied %d migration(s)", len(ms))
		if !strings.Contains(out.String(), want) || !strings.Contains(out.String(), fmt.Sprintf("schema at version %d", schema.Latest())) {
			t.Fatalf("migrate said %q", out.String())
		}
		out.Reset()
		if err := run(ctx, []string{"migrate", "--database.url", url}, &out, &errOut); err != nil || !strings.Contains(out.String(), "applied 0") {
			t.Fatalf("second migrate: %v %q", err, out.String())
		}
	})
	t.Run("SeedTwice", func(t *testing.T) {
		for range 2 {
			if err := run(ctx, []string{"seed", "--database.url", url}, &out, &errOut); err != nil {
				t.Fatal(err)
			}
		}
	})
	t.Run("ExportAndImportCatalogue", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "catalogue")
		out.Reset()
		if err := run(ctx, []string{"export", "--database.url", url, "--catalogue", dir}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "procedures") {
			t.Fatalf("export said %q", out.String())
		}
		out.Reset()
		if err := run(ctx, []string{"seed", "--database.url", url, "--catalogue", dir}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "0 new, 0 updated, 0 new versions") {
			t.Fatalf("re-import said %q", out.String())
		}
		bad := filepath.Join(t.TempDir(), "bad.json")
		if err := os.WriteFile(bad, []byte(`{"agencies":[{"code":"x","name":"","level":"moon","parent":""}],"fields":[],"procedures":[],"calendar":{"sessions":[],"cutoff":"","days":[]}}`), 0o644); err != nil {
			t.Fatal(err)
		}
		errOut.Reset()
		if err := run(ctx, []string{"seed", "--database.url", url, "--catalogue", bad}, &out, &errOut); err == nil ||
			!strings.Contains(errOut.String(), "agencies.json") || !strings.Contains(errOut.String(), "level") {
			t.Fatalf("a bad catalogue: %v\n%s", err, errOut.String())
		}
	})
	t.Run("MigrateNeedsURL", func(t *testing.T) {
		err := run(ctx, []string{"migrate"}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "database.url") {
			t.Fatalf("migrate without a URL: %v", err)
		}
	})
}

func TestCommandLine(t *testing.T) {
	ctx := context.Background()
	t.Run("Unknown", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if err := run(ctx, []string{"frobnicate"}, &out, &errOut); err == nil || !strings.Contains(errOut.String(), "Commands:") {
			t.Fatalf("unknown command: %v", err)
		}
	})
	t.Run("Config", func(t *testing.T) {
		var out, errOut bytes.Buffer
		t.Setenv("DVC_HTTP_ADDR", "127.0.0.1:9999")
		if err := run(ctx, []string{"config", "--database.url", "postgres://u:pw-9f3k@h/db",
			"--database.read_url", "postgres://u:pw-9f3k@replica/db"}, &out, &errOut); err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(strings.NewReader(out.String()))
		lines := map[string]string{}
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) >= 4 {
				lines[f[0]] = strings.Join(f[3:], " ")
			}
		}
		if lines["http.addr"] != "127.0.0.1:9999" || lines["database.url"] != "(set)" || lines["temporal.task_queue"] != "dossiers" ||
			lines["database.read_url"] != "(set)" || lines["database.read_max_staleness"] != "5s" {
			t.Fatalf("config output:\n%s", out.String())
		}
		if strings.Contains(out.String(), "pw-9f3k") { // not "secret": key names such as paygov.secret_env have it
			t.Fatal("config printed the database password")
		}
	})
	t.Run("SectionEnv", func(t *testing.T) {
		t.Setenv("DVC_TEMPORAL", "127.0.0.1:7233")
		t.Setenv("DVC_HTTP", "9000")
		var out, errOut bytes.Buffer
		err := run(ctx, []string{"config"}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "DVC_TEMPORAL names the section") ||
			!strings.HasSuffix(err.Error(), "probably DVC_TEMPORAL_ADDRESS") || strings.Contains(err.Error(), "namespace") ||
			!strings.Contains(err.Error(), "DVC_HTTP names") || !strings.Contains(err.Error(), "DVC_HTTP_LOOKUP_LIMIT") ||
			strings.Contains(err.Error(), "DVC_HTTP_REQUEST_TIMEOUT") {
			t.Fatalf("a variable named like a section: %v", err)
		}
	})
	t.Run("BadFlag", func(t *testing.T) {
		var out, errOut bytes.Buffer
		if err := run(ctx, []string{"api", "--no-such-flag"}, &out, &errOut); err == nil {
			t.Fatal("unknown flag accepted")
		}
	})
	t.Run("BadValue", func(t *testing.T) {
		var out, errOut bytes.Buffer
		err := run(ctx, []string{"dev", "--log.level", "loud"}, &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "log.level") {
			t.Fatalf("bad log level: %v", err)
		}
	})
}
