package faults

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"sync/atomic"
	"time"

	apiclient "github.com/dvc-project/dvc/internal/client"
)

// Tally counts what the clients saw.
type Tally struct {
	Unavailable atomic.Int64 // 503 with Retry-After
	ConnErrors  atomic.Int64 // refused, reset, EOF, timeout

	mu    sync.Mutex
	Wrong []string // answers that are neither the right one nor retryable
}

func (t *Tally) wrong(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.Wrong = append(t.Wrong, fmt.Sprintf(format, args...))
}

// Client is a signed-in API client, the typed client generated from the OpenAPI
// document (internal/client), that retries what is retryable: connection errors and 503
// answers carrying Retry-After, with exponential backoff.
type Client struct {
	Base  string
	tally *Tally
	api   *apiclient.Client
	csrf  string
}

// NewClient returns a client of base reporting to tally.
func NewClient(base string, tally *Tally) *Client {
	jar, _ := cookiejar.New(nil)
	api, err := apiclient.NewClient(base+"/api/v1", apiclient.WithHTTPClient(&http.Client{Jar: jar, Timeout: 45 * time.Second}))
	if err != nil {
		panic(err)
	}
	return &Client{Base: base, tally: tally, api: api}
}

// sender is one call of the typed client; it is called again for each attempt.
type sender func(ctx context.Context, editors ...apiclient.RequestEditorFn) (*http.Response, error)

// Response is a final (not retried) answer.
type Response struct {
	Status int
	Body   []byte
}

// Error returns the error code of an error body ("" otherwise).
func (r Response) Error() string {
	var e struct {
		Error struct {
			Code string `json:"code"`
		} `json:"error"`
	}
	_ = json.Unmarshal(r.Body, &e)
	return e.Error.Code
}

// Do sends the request (what names it in the tally) until it gets an answer that is not
// retryable. A 503 without Retry-After and any other 5xx are recorded as wrong answers
// (and retried).
func (c *Client) Do(what string, send sender) (Response, bool) {
	backoff := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			if attempt > 400 {
				c.tally.wrong("%s: no answer after 400 attempts", what)
				return Response{}, false
			}
			time.Sleep(backoff)
			backoff = min(backoff*2, 3*time.Second)
		}
		resp, err := send(context.Background(), apiclient.WithCSRF(c.csrf))
		if err != nil {
			c.tally.ConnErrors.Add(1)
			continue
		}
		raw, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			c.tally.ConnErrors.Add(1)
			continue
		}
		r := Response{Status: resp.StatusCode, Body: raw}
		switch {
		case r.Status == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" && r.Error() != "":
			c.tally.Unavailable.Add(1)
			continue
		case r.Status >= 500:
			c.tally.wrong("%s: %d %s (Retry-After %q)", what, r.Status, raw, resp.Header.Get("Retry-After"))
			continue
		}
		return r, true
	}
}

// Call sends the request (retrying outages) and decodes the answer into out when the
// status is want.
func (c *Client) Call(what string, want int, out any, send sender) bool {
	r, ok := c.Do(what, send)
	if !ok {
		return false
	}
	if r.Status != want {
		c.tally.wrong("%s: %d %s, want %d", what, r.Status, r.Body, want)
		return false
	}
	if out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			c.tally.wrong("%s: %v", what, err)
			return false
		}
	}
	return true
}

// JSONBody returns a sender's body maker: v as JSON, read anew on each attempt.
func JSONBody(v any) func() io.Reader {
	b, _ := json.Marshal(v)
	return func() io.Reader { return bytes.NewReader(b) }
}

// Login signs in (retrying outages).
func (c *Client) Login(username, password string) bool {
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	body := JSONBody(map[string]string{"username": username, "password": password})
	if !c.Call("login", http.StatusOK, &out, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.LoginWithBody(ctx, "application/json", body(), ed...)
	}) {
		return false
	}
	c.csrf = out.CSRF
	return true
}

// Upload attaches one file to dossier ref's component (multipart form data).
func (c *Client) Upload(ref string, componentID int64, name string, content []byte) (Response, bool) {
	return c.Do("upload "+ref, func(ctx context.Context, ed ...apiclient.RequestEditorFn) (*http.Response, error) {
		ctype, body := apiclient.Multipart(map[string]string{"component_id": fmt.Sprint(componentID)}, name, content)
		return c.api.UploadWithBody(ctx, ref, &apiclient.UploadParams{}, ctype, body, ed...)
	})
}

func newKey() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
