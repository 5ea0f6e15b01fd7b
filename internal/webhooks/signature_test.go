package webhooks

import (
	"errors"
	"testing"
	"time"
)

func TestVerify(t *testing.T) {
	now := time.Unix(1_796_000_000, 0)
	body := []byte(`{"id":"X/2/dossier.received"}`)
	sig := Sign("s3cret", now, body)
	ts := "1796000000"
	cases := []struct {
		name       string
		secret, ts string
		sig        string
		body       []byte
		at         time.Time
		want       error
	}{
		{"OK", "s3cret", ts, sig, body, now, nil},
		{"OKAmongOthers", "s3cret", ts, "v0=abc, " + sig, body, now, nil},
		{"ForgedBody", "s3cret", ts, sig, []byte(`{"id":"X/2/dossier.delivered"}`), now, ErrBadSignature},
		{"WrongSecret", "other", ts, sig, body, now, ErrBadSignature},
		{"MovedTimestamp", "s3cret", "1796000300", sig, body, now, ErrBadSignature},
		{"NotHex", "s3cret", ts, "v1=zz", body, now, ErrBadSignature},
		{"BadTimestamp", "s3cret", "yesterday", sig, body, now, ErrBadSignature},
		{"Replayed", "s3cret", ts, sig, body, now.Add(Tolerance + time.Second), ErrStale},
		{"FromTheFuture", "s3cret", ts, sig, body, now.Add(-Tolerance - time.Second), ErrStale},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := Verify(tc.secret, tc.ts, tc.sig, tc.body, tc.at); !errors.Is(err, tc.want) {
				t.Fatalf("Verify = %v, want %v", err, tc.want)
			}
		})
	}
}
