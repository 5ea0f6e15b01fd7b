package app_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/webhooks"
)

// received is one delivery a receiver accepted: its verified event and what it was sent
// with, to check forgeries and replays against.
type received struct {
	ID, Type  string
	Code      string
	Seq       int
	Body      []byte
	Timestamp string
	Signature string
}

// receiver is a real webhook receiver on 127.0.0.1 that checks every delivery with the
// documented signature check (webhooks.Verify) and can be taken down and brought back
// on the same address.
type receiver struct {
	t      *testing.T
	addr   string
	mu     sync.Mutex
	secret string
	got    []received
	bad    []string // deliveries that failed the check
	srv    *http.Server
}

func newReceiver(t *testing.T) *receiver {
	r := &receiver{t: t}
	r.listen("127.0.0.1:0")
	t.Cleanup(r.stop)
	return r
}

// URL is where the receiver takes deliveries.
func (r *receiver) URL() string { return "http://" + r.addr + "/hooks" }

func (r *receiver) setSecret(s string) { r.mu.Lock(); r.secret = s; r.mu.Unlock() }

func (r *receiver) listen(addr string) {
	r.t.Helper()
	var l net.Listener
	var err error
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if l, err = net.Listen("tcp", addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		r.t.Fatalf("receiver: %v", err)
	}
	r.addr = l.Addr().String()
	r.srv = &http.Server{Handler: http.HandlerFunc(r.serve), ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = r.srv.Serve(l) }()
}

// stop takes the receiver down: connections are refused until start.
func (r *receiver) stop() {
	if r.srv != nil {
		_ = r.srv.Close()
		r.srv = nil
	}
}

// start brings the receiver back on its address.
func (r *receiver) start() { r.listen(r.addr) }

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	ts, sig := req.Header.Get(webhooks.HeaderTimestamp), req.Header.Get(webhooks.HeaderSignature)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := webhooks.Verify(r.secret, ts, sig, body, time.Now()); err != nil {
		r.bad = append(r.bad, err.Error())
		http.Error(w, "bad signature", http.StatusBadRequest)
		return
	}
	var ev struct {
		ID      string `json:"id"`
		Type    string `json:"type"`
		Dossier struct {
			Code string `json:"code"`
		} `json:"dossier"`
		Log struct {
			Seq int `json:"seq"`
		} `json:"log"`
	}
	if err := json.Unmarshal(body, &ev); err != nil || ev.ID != req.Header.Get(webhooks.HeaderEventID) {
		r.bad = append(r.bad, "event does not match its header: "+string(body))
		http.Error(w, "bad event", http.StatusBadRequest)
		return
	}
	r.got = append(r.got, received{ID: ev.ID, Type: ev.Type, Code: ev.Dossier.Code, Seq: ev.Log.Seq, Body: body, Timestamp: ts, Signature: sig})
	w.WriteHeader(http.StatusNoContent)
}

// events returns the deliveries accepted so far for dossier code, in arrival order.
func (r *receiver) events(code string) []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []received
	for _, e := range r.got {
		if e.Code == code {
			out = append(out, e)
		}
	}
	return out
}

// waitFor waits until the receiver accepted an event of type typ for code (count times).
func (r *receiver) waitFor(code, typ string, count int) {
	r.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		n := 0
		for _, e := range r.events(code) {
			if e.Type == typ {
				n++
			}
		}
		if n >= count {
			return
		}
		if time.Now().After(deadline) {
			r.t.Fatalf("receiver: %d %s events for %s after 60s, want %d (got %+v)", n, typ, code, count, r.events(code))
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// specTransport checks every answer the typed client gets against the OpenAPI document.
type specTransport struct {
	t    *testing.T
	spec *specChecker
}

func (s specTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	s.spec.check(s.t, req, resp, body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// checkForgeries shows that the documented check refuses a forged body, a wrong secret
// and a replay of a genuine delivery later than the tolerance.
func checkForgeries(t *testing.T, secret string, d received) {
	t.Helper()
	now := time.Now()
	if err := webhooks.Verify(secret, d.Timestamp, d.Signature, d.Body, now); err != nil {
		t.Fatalf("a genuine delivery fails the check: %v", err)
	}
	forged := bytes.Replace(d.Body, []byte(d.Type), []byte("dossier.delivered"), 1)
	forged = append(forged, ' ')
	for name, err := range map[string]error{
		"forged body":                          webhooks.Verify(secret, d.Timestamp, d.Signature, forged, now),
		"wrong secret":                         webhooks.Verify("not-the-secret", d.Timestamp, d.Signature, d.Body, now),
		"new timestamp with the old signature": webhooks.Verify(secret, "1"+d.Timestamp, d.Signature, d.Body, now),
	} {
		if !errors.Is(err, webhooks.ErrBadSignature) {
			t.Errorf("%s: %v, want ErrBadSignature", name, err)
		}
	}
	if err := webhooks.Verify(secret, d.Timestamp, d.Signature, d.Body, now.Add(webhooks.Tolerance+time.Minute)); !errors.Is(err, webhooks.ErrStale) {
		t.Errorf("a replay after the tolerance: %v, want ErrStale", err)
	}
}
