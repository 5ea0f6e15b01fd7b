// Package webhooks delivers the webhook outbox to the machine clients' receivers (the
// sender, run by `dvc worker`) and holds the signature scheme both sides use: each
// delivery is signed with HMAC-SHA256 over "<timestamp>.<body>" with the subscription's
// secret (docs/integration.md).
package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Headers of a delivery.
const (
	HeaderEventID   = "Dvc-Event-Id"   // the event's id: the same on every attempt and replay
	HeaderEventType = "Dvc-Event-Type" // e.g. dossier.received
	HeaderTimestamp = "Dvc-Timestamp"  // when this attempt was signed, in Unix seconds
	HeaderSignature = "Dvc-Signature"  // "v1=" and the hex HMAC-SHA256 of "<timestamp>.<body>"
)

// Tolerance is how far a delivery's timestamp may be from the receiver's clock before
// Verify calls it a replay.
const Tolerance = 5 * time.Minute

// Sign is the Dvc-Signature of body sent at ts with secret.
func Sign(secret string, ts time.Time, body []byte) string {
	return "v1=" + hex.EncodeToString(mac(secret, strconv.FormatInt(ts.Unix(), 10), body))
}

func mac(secret, ts string, body []byte) []byte {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return m.Sum(nil)
}

// Errors of Verify.
var (
	ErrBadSignature = errors.New("webhooks: signature does not match")
	ErrStale        = errors.New("webhooks: timestamp outside the tolerance (a replay?)")
)

// Verify is the receiver's check of a delivery: the signature header must hold a v1
// signature of "<timestamp>.<body>" with secret, and the timestamp must be within
// Tolerance of now. A receiver also drops an event id it has already processed.
func Verify(secret, timestamp, signature string, body []byte, now time.Time) error {
	sec, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return ErrBadSignature
	}
	want := mac(secret, timestamp, body)
	ok := false
	for _, part := range strings.Split(signature, ",") {
		v, found := strings.CutPrefix(strings.TrimSpace(part), "v1=")
		got, herr := hex.DecodeString(v)
		if found && herr == nil && hmac.Equal(got, want) {
			ok = true
		}
	}
	if !ok {
		return ErrBadSignature
	}
	if d := now.Sub(time.Unix(sec, 0)); d > Tolerance || d < -Tolerance {
		return ErrStale
	}
	return nil
}
