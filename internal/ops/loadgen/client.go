package loadgen

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"time"

	apiclient "github.com/dvc-project/dvc/internal/client"
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

// client is one signed-in (or anonymous) user of the API, through the typed client
// generated from the OpenAPI document (internal/client): a cookie jar on the shared
// transport and the session's CSRF token. It is safe for concurrent use once signed in.
type client struct {
	base string
	http *http.Client
	api  *apiclient.Client
	csrf string
	rec  *recorder
}

func newClient(base string, tr http.RoundTripper, rec *recorder) *client {
	jar, _ := cookiejar.New(nil)
	hc := &http.Client{Jar: jar, Transport: tr, Timeout: time.Minute}
	api, err := apiclient.NewClient(base+"/api/v1", apiclient.WithHTTPClient(hc))
	if err != nil {
		panic(err) // base is a URL the options checked
	}
	return &client{base: base, http: hc, api: api, rec: rec}
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

// sender is one call of the typed client.
type sender func(ctx context.Context, editors ...apiclient.RequestEditorFn) (*http.Response, error)

// op names what a call is recorded under: "" = not recorded; also is a second name (a
// per-kind breakdown).
type op struct{ name, also string }

// call sends one request through send (with the session's CSRF token), records its
// latency and outcome under o, and decodes a JSON answer into out (when not nil). Any
// status but want is an error.
func (c *client) call(ctx context.Context, o op, want int, out any, send sender) error {
	start := time.Now()
	resp, err := send(ctx, apiclient.WithCSRF(c.csrf))
	var raw []byte
	if err == nil {
		raw, err = io.ReadAll(resp.Body)
		resp.Body.Close()
	}
	if err == nil && resp.StatusCode != want {
		var e struct {
			Error struct {
				Code string `json:"code"`
			} `json:"error"`
		}
		_ = json.Unmarshal(raw, &e)
		err = &statusError{Method: resp.Request.Method, Path: resp.Request.URL.Path, Status: resp.StatusCode, Code: e.Error.Code}
	}
	if err == nil && out != nil && len(raw) > 0 {
		if jerr := json.Unmarshal(raw, out); jerr != nil {
			err = fmt.Errorf("%s %s: answer is not JSON: %w", resp.Request.Method, resp.Request.URL.Path, jerr)
		}
	}
	took := time.Since(start)
	c.rec.record(o.name, took, err)
	c.rec.record(o.also, took, err)
	return err
}

// get reads path outside the API's document (the baselines' bare endpoint), recorded as
// name.
func (c *client) get(ctx context.Context, name, path string) error {
	return c.call(ctx, op{name: name}, http.StatusOK, nil, func(ctx context.Context, _ ...apiclient.RequestEditorFn) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.base+path, nil)
		if err != nil {
			return nil, err
		}
		return c.http.Do(req)
	})
}

// jsonBody is v as a JSON request body.
func jsonBody(v any) (io.Reader, error) {
	b, err := json.Marshal(v)
	return bytes.NewReader(b), err
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
	body, err := jsonBody(map[string]string{"username": username, "password": password})
	if err != nil {
		return 0, err
	}
	if err := c.call(ctx, op{}, http.StatusOK, &s, func(ctx context.Context, e ...apiclient.RequestEditorFn) (*http.Response, error) {
		return c.api.LoginWithBody(ctx, "application/json", body, e...)
	}); err != nil {
		return 0, fmt.Errorf("login %s: %w", username, err)
	}
	c.csrf = s.CSRF
	return s.Account.ID, nil
}
