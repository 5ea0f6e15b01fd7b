// Package browsertest drives the portal in a real headless Chromium (chromedp) for the
// browser story tests: it fails a test on any JavaScript console error, uncaught
// exception, browser log error (a CSP violation, for one) or failed request, and saves
// screenshots of the pages at phone and desktop widths as test artefacts.
package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	cdpruntime "github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// ChromiumPath is the browser binary: $DVC_CHROMIUM, else Debian's /usr/bin/chromium.
func ChromiumPath() string {
	if p := os.Getenv("DVC_CHROMIUM"); p != "" {
		return p
	}
	return "/usr/bin/chromium"
}

// ArtefactDir is where screenshots go: $DVC_ARTEFACTS/browser, else test-artefacts/browser
// at the repository's root (git-ignored).
func ArtefactDir() string {
	if d := os.Getenv("DVC_ARTEFACTS"); d != "" {
		return filepath.Join(d, "browser")
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "test-artefacts", "browser")
}

// Widths at which Shot saves a page.
var (
	Phone   = Size{Name: "phone", Width: 360, Height: 740, Mobile: true}
	Desktop = Size{Name: "desktop", Width: 1280, Height: 900}
)

// Size is a viewport.
type Size struct {
	Name          string
	Width, Height int64
	Mobile        bool
}

// Browser is one headless Chromium with one tab, recording the problems it sees.
type Browser struct {
	// Base is the portal's address; Go and friends take paths relative to it.
	Base string
	// Timeout bounds each Run.
	Timeout time.Duration

	t        testing.TB
	ctx      context.Context
	cancel   func()
	mu       sync.Mutex
	problems []string
}

// shots numbers the screenshots of every Browser of the test binary, in order.
var shots atomic.Int32

// New starts Chromium for base; the test fails when the browser is missing (CI installs
// it: apt-get install chromium). Close it with t.Cleanup, which New arranges.
func New(t testing.TB, base string) *Browser {
	t.Helper()
	path := ChromiumPath()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("no Chromium at %s (apt-get install -y chromium, or set DVC_CHROMIUM): %v", path, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:0:0],
		chromedp.ExecPath(path), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("no-default-browser-check", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("lang", "vi-VN"),
		chromedp.WindowSize(int(Desktop.Width), int(Desktop.Height)), chromedp.WSURLReadTimeout(90*time.Second))
	actx, acancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	b := &Browser{Base: strings.TrimRight(base, "/"), Timeout: 45 * time.Second, t: t, ctx: ctx,
		cancel: func() { cancel(); acancel() }}
	b.start(t)
	return b
}

func (b *Browser) start(t testing.TB) {
	t.Helper()
	chromedp.ListenTarget(b.ctx, b.listen)
	if err := chromedp.Run(b.ctx, network.Enable(), cdplog.Enable(), cdpruntime.Enable()); err != nil {
		b.cancel()
		t.Fatalf("start Chromium: %v", err)
	}
	t.Cleanup(b.cancel)
}

// listen records console errors, exceptions, browser log errors and failed requests.
func (b *Browser) listen(ev any) {
	switch ev := ev.(type) {
	case *cdpruntime.EventConsoleAPICalled:
		if ev.Type == cdpruntime.APITypeError || ev.Type == cdpruntime.APITypeAssert {
			var args []string
			for _, a := range ev.Args {
				var v any
				if err := json.Unmarshal(a.Value, &v); err == nil && v != nil {
					args = append(args, fmt.Sprint(v))
				} else {
					args = append(args, a.Description)
				}
			}
			b.problem("console.%s: %s", ev.Type, strings.Join(args, " "))
		}
	case *cdpruntime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		b.problem("exception: %s (%s:%d)", msg, ev.ExceptionDetails.URL, ev.ExceptionDetails.LineNumber)
	case *cdplog.EventEntryAdded:
		if ev.Entry.Level == cdplog.LevelError {
			b.problem("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL)
		}
	case *network.EventResponseReceived:
		if ev.Response.Status >= 400 {
			b.problem("request failed: %d %s (%s)", ev.Response.Status, ev.Response.URL, ev.Type)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			b.problem("request failed: %s (%s, %s)", ev.ErrorText, ev.Type, ev.BlockedReason)
		}
	}
}

func (b *Browser) problem(format string, args ...any) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.problems = append(b.problems, fmt.Sprintf(format, args...))
}

// Problems returns, and forgets, the problems seen since the last call.
func (b *Browser) Problems() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	ps := b.problems
	b.problems = nil
	return ps
}

// Check fails t with every problem seen since the last check.
func (b *Browser) Check(t testing.TB) {
	t.Helper()
	for _, p := range b.Problems() {
		t.Errorf("browser: %s", p)
	}
}

// Run runs actions in the tab, failing t on an error or on any problem seen meanwhile.
func (b *Browser) Run(t testing.TB, actions ...chromedp.Action) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
	defer cancel()
	err := chromedp.Run(ctx, actions...)
	if err != nil {
		b.Shot(t, "failure")
		t.Fatalf("browser: %v", err)
	}
	b.Check(t)
}

// Context is the tab's context, for running chromedp actions without the checks of Run.
func (b *Browser) Context() context.Context { return b.ctx }

// Go opens path (relative to Base) and waits for the page's body.
func (b *Browser) Go(path string) chromedp.Action {
	return chromedp.Tasks{chromedp.Navigate(b.Base + path), chromedp.WaitReady("body", chromedp.ByQuery)}
}

// Shot saves the current page, whole, at phone and desktop widths as NN-name-phone.png
// and NN-name-desktop.png in ArtefactDir, and leaves the desktop viewport.
func (b *Browser) Shot(t testing.TB, name string) {
	t.Helper()
	dir := ArtefactDir()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("artefact dir: %v", err)
	}
	n := shots.Add(1)
	for _, size := range []Size{Phone, Desktop} {
		var png []byte
		ctx, cancel := context.WithTimeout(b.ctx, b.Timeout)
		err := chromedp.Run(ctx,
			emulation.SetDeviceMetricsOverride(size.Width, size.Height, 1, size.Mobile),
			chromedp.Sleep(150*time.Millisecond), // let the layout settle at the new width
			chromedp.FullScreenshot(&png, 100))   // 100: PNG, not JPEG
		cancel()
		if err != nil {
			t.Errorf("screenshot %s at %s: %v", name, size.Name, err)
			continue
		}
		file := filepath.Join(dir, fmt.Sprintf("%02d-%s-%s.png", n, name, size.Name))
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Errorf("save %s: %v", file, err)
		}
	}
	b.Check(t)
}

// Text returns the text of the first node matching the CSS selector.
func (b *Browser) Text(t testing.TB, sel string) string {
	t.Helper()
	var s string
	b.Run(t, chromedp.Text(sel, &s, chromedp.ByQuery, chromedp.NodeVisible))
	return strings.TrimSpace(s)
}

// Location is the tab's current URL.
func (b *Browser) Location(t testing.TB) string {
	t.Helper()
	var u string
	b.Run(t, chromedp.Location(&u))
	return u
}

// Count returns how many nodes match the CSS selector now.
func (b *Browser) Count(t testing.TB, sel string) int {
	t.Helper()
	var nodes []*cdp.Node
	b.Run(t, chromedp.Nodes(sel, &nodes, chromedp.ByQueryAll, chromedp.AtLeast(0)))
	return len(nodes)
}
