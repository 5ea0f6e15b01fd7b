package browsertest_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dvc-project/dvc/internal/testing/browsertest"
)

// TestBrowserReportsProblems checks the harness itself: a page with a console error, an
// uncaught exception, a missing image and an inline script the CSP blocks yields each problem.
func TestBrowserReportsProblems(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Security-Policy", "default-src 'self'")
			_, _ = io.WriteString(w, `<!doctype html><html><head><script src="/app.js"></script></head>
<body><p>ok</p><img src="/missing.png" alt=""><script>document.title = "inline";</script></body></html>`)
		case "/app.js":
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = io.WriteString(w, `console.error("hỏng"); setTimeout(function () { throw new Error("boom"); }, 0);`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	b := browsertest.New(t, srv.URL)
	if err := chromedp.Run(b.Context(), b.Go("/"), chromedp.Sleep(500*time.Millisecond)); err != nil {
		t.Fatal(err)
	}
	all := strings.Join(b.Problems(), "\n")
	for _, want := range []string{"console.error: hỏng", "boom", "404", "Content Security Policy"} {
		if !strings.Contains(all, want) {
			t.Errorf("problem %q not reported; got:\n%s", want, all)
		}
	}
}
