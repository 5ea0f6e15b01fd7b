package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"time"
)

// newTransport is the one connection pool every virtual user shares: loopback, kept alive,
// wide enough that no request waits for a connection below maxConns in flight.
func newTransport(maxConns int) *http.Transport {
	return &http.Transport{
		MaxIdleConns:        maxConns + 16,
		MaxIdleConnsPerHost: maxConns + 16,
		IdleConnTimeout:     time.Minute,
		DisableCompression:  true,
	}
}

// client is one signed-in (or anonymous) user of the API: a cookie jar on the shared
// transport and the session's CSRF token. It is safe for concurrent use once signed in.
type client struct {
	base string
	http *http.Client
	csrf string
	rec  *recorder
}

func newClient(base string, tr http.RoundTripper, rec *recorder) *client {
	jar, _ := cookiejar.New(nil)
	return &client{base: base, http: &http.Client{Jar: jar, Transport: tr, Timeout: time.Minute}, rec: rec}
}

// statusError is an answer other than the one expected.
type statusError struct {
	Method, Path string
	Status       int
	Code         string // the API's stable error code, when the body has one
}

func (e *statusError) Error() string {
	if e.Code != "" {
		return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, e.Code)
	}
	return fmt.Sprintf("%s %s: %d", e.Method, e.Path, e.Status)
}

// request is one API call.
type request struct {
	op          string // the operation it is recorded under; "" = not recorded
	also        string // a second name it is recorded under (a per-kind breakdown)
	method      string
	path        string
	body        []byte
	contentType string
	header      map[string]string
	want        int // the expected status
}

// do sends r, records its latency and outcome under r.op, and decodes a JSON answer into
// out (when not nil). Any status but r.want is an error.
func (c *client) do(ctx context.Context, r request, out any) error {
	req, err := http.NewRequestWithContext(ctx, r.method, c.base+r.path, bytes.NewReader(r.body))
	if err != nil {
		return err
	}
	if r.contentType != "" {
		req.Header.Set("Content-Type", r.contentType)
	}
	if c.csrf != "" && r.method != http.MethodGet {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	start := time.Now()
	raw, status, err := c.roundTrip(req)
	if err == nil && status != r.want {
		var e struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		err = &statusError{Method: r.method, Path: req.URL.Path, Status: status, Code: e.Error.Code}
	}
	if err == nil && out != nil && len(raw) > 0 {
		if jerr := json.Unmarshal(raw, out); jerr != nil {
			err = fmt.Errorf("%s %s: answer is not JSON: %w", r.method, req.URL.Path, jerr)
		}
	}
	took := time.Since(start)
	c.rec.record(r.op, took, err)
	c.rec.record(r.also, took, err)
	return err
}

func (c *client) roundTrip(req *http.Request) ([]byte, int, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return raw, resp.StatusCode, err
}

func (c *client) get(ctx context.Context, op, path string, out any) error {
	return c.do(ctx, request{op: op, method: http.MethodGet, path: path, want: http.StatusOK}, out)
}

func (c *client) postJSON(ctx context.Context, op, path string, v any, want int, out any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return c.do(ctx, request{op: op, method: http.MethodPost, path: path, body: body, contentType: "application/json", want: want}, out)
}

// upload posts a multipart form with fields and one file.
func (c *client) upload(ctx context.Context, op, path string, fields map[string]string, name string, content []byte, out any) error {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	return c.do(ctx, request{op: op, method: http.MethodPost, path: path, body: buf.Bytes(),
		contentType: mw.FormDataContentType(), want: http.StatusCreated}, out)
}

// session is the answer of login and register.
type session struct {
	Account struct {
		ID int64 `json:"id"`
	} `json:"account"`
	CSRF string `json:"csrf_token"`
}

// login signs c in and keeps the session's CSRF token; it returns the account id.
func (c *client) login(ctx context.Context, username, password string) (int64, error) {
	var s session
	if err := c.postJSON(ctx, "", "/api/v1/auth/login", map[string]string{"username": username, "password": password}, http.StatusOK, &s); err != nil {
		return 0, fmt.Errorf("login %s: %w", username, err)
	}
	c.csrf = s.CSRF
	return s.Account.ID, nil
}
