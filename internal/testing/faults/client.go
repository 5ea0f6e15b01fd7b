package faults

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"sync"
	"sync/atomic"
	"time"
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

// Client is a signed-in API client that retries what is retryable: connection errors
// and 503 answers carrying Retry-After, with exponential backoff. With several bases (API
// replicas) it moves to the next one after a connection error, as a load balancer
// would; the session is the database's, so it holds on every replica.
type Client struct {
	Base  string // the base it sends to now
	bases []string
	next  int
	tally *Tally
	http  *http.Client
	csrf  string
}

// NewClient returns a client of base reporting to tally.
func NewClient(base string, tally *Tally) *Client {
	return NewClientOver([]string{base}, 0, tally)
}

// NewClientOver returns a client of the API replicas at bases, starting with
// bases[first % len(bases)], reporting to tally.
func NewClientOver(bases []string, first int, tally *Tally) *Client {
	jar, _ := cookiejar.New(nil)
	// Cookies are kept by host; the replicas share 127.0.0.1, so one jar serves them all.
	return &Client{Base: bases[first%len(bases)], bases: bases, next: first + 1, tally: tally,
		http: &http.Client{Jar: jar, Timeout: 45 * time.Second}}
}

// failover moves to the next base after a connection error.
func (c *Client) failover() {
	c.Base = c.bases[c.next%len(c.bases)]
	c.next++
}

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

// Do sends the request until it gets an answer that is not retryable. A 503 without
// Retry-After and any other 5xx are recorded as wrong answers (and retried).
func (c *Client) Do(method, path, contentType string, body []byte, header map[string]string) (Response, bool) {
	backoff := 100 * time.Millisecond
	for attempt := 1; ; attempt++ {
		if attempt > 1 {
			if attempt > 400 {
				c.tally.wrong("%s %s: no answer after 400 attempts", method, path)
				return Response{}, false
			}
			time.Sleep(backoff)
			backoff = min(backoff*2, 3*time.Second)
		}
		req, err := http.NewRequest(method, c.Base+path, bytes.NewReader(body))
		if err != nil {
			panic(err)
		}
		if contentType != "" {
			req.Header.Set("Content-Type", contentType)
		}
		if c.csrf != "" && method != http.MethodGet {
			req.Header.Set("X-CSRF-Token", c.csrf)
		}
		for k, v := range header {
			req.Header.Set(k, v)
		}
		resp, err := c.http.Do(req)
		if err != nil {
			c.tally.ConnErrors.Add(1)
			c.failover()
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
			c.tally.wrong("%s %s: %d %s (Retry-After %q)", method, path, r.Status, raw, resp.Header.Get("Retry-After"))
			continue
		}
		return r, true
	}
}

// JSON sends v as JSON and decodes the answer into out when the status is want.
func (c *Client) JSON(method, path string, v any, header map[string]string, want int, out any) bool {
	var body []byte
	if v != nil {
		body, _ = json.Marshal(v)
	}
	r, ok := c.Do(method, path, "application/json", body, header)
	if !ok {
		return false
	}
	if r.Status != want {
		c.tally.wrong("%s %s: %d %s, want %d", method, path, r.Status, r.Body, want)
		return false
	}
	if out != nil {
		if err := json.Unmarshal(r.Body, out); err != nil {
			c.tally.wrong("%s %s: %v", method, path, err)
			return false
		}
	}
	return true
}

// Login signs in (retrying outages).
func (c *Client) Login(username, password string) bool {
	var out struct {
		CSRF string `json:"csrf_token"`
	}
	if !c.JSON(http.MethodPost, "/api/v1/auth/login", map[string]string{"username": username, "password": password}, nil, 200, &out) {
		return false
	}
	c.csrf = out.CSRF
	return true
}

// Upload posts one file as multipart form data.
func (c *Client) Upload(path string, fields map[string]string, name string, content []byte) (Response, bool) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	return c.Do(http.MethodPost, path, mw.FormDataContentType(), buf.Bytes(), nil)
}

func newKey() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
