package client

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
)

// WithBearer returns a RequestEditorFn sending a machine client's access token.
func WithBearer(token string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
}

// WithBasicAuth returns a RequestEditorFn authenticating a machine client to the token
// endpoint with its id and secret.
func WithBasicAuth(clientID, secret string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		req.SetBasicAuth(clientID, secret)
		return nil
	}
}

// WithCSRF returns a RequestEditorFn sending a person's session CSRF token on unsafe
// requests (the session cookie itself travels in the http.Client's jar).
func WithCSRF(token string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		if token != "" && req.Method != http.MethodGet && req.Method != http.MethodHead {
			req.Header.Set("X-CSRF-Token", token)
		}
		return nil
	}
}

// WithHeader returns a RequestEditorFn setting header name to value (an Idempotency-Key,
// X-Update-Code), or nothing when value is empty.
func WithHeader(name, value string) RequestEditorFn {
	return func(_ context.Context, req *http.Request) error {
		if value != "" {
			req.Header.Set(name, value)
		}
		return nil
	}
}

// Multipart is the body of an upload (the API's multipart/form-data operations): fields
// and one file named name under the form field "file". It returns the content type to
// send with it.
func Multipart(fields map[string]string, name string, content []byte) (string, *bytes.Buffer) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", name)
	_, _ = fw.Write(content)
	_ = mw.Close()
	return mw.FormDataContentType(), &buf
}
