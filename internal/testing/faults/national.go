package faults

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"os/exec"

	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
)

// StartNationalPortal starts the national portal's stand-in in this process and connects
// the stack's processes to it (national.* in their environment: the push endpoint of
// the API, a quick sender in the worker), so that every fault run also checks that the
// status and progress sent back survive the kills.
func (s *Stack) StartNationalPortal() error {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	secret := hex.EncodeToString(key)
	p, err := standin.Start("127.0.0.1:0", standin.Options{PushURL: s.BaseURL() + "/lien-thong/quoc-gia/ho-so",
		PushSecret: []byte(secret), Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Portal = p
	s.national = []string{"DVC_NATIONAL_ENABLED=true", "DVC_NATIONAL_BASE_URL=" + p.URL(),
		"DVC_NATIONAL_USERNAME=dvc", "DVC_NATIONAL_PASSWORD=dvc-dev", "DVC_NATIONAL_UNIT_CODE=000.00.00.H03",
		"DVC_NATIONAL_PUSH_SECRET=" + secret, "DVC_NATIONAL_FILES_KEY=" + secret,
		"DVC_NATIONAL_SENDER_EVERY=200ms", "DVC_NATIONAL_SENDER_BASE_DELAY=200ms", "DVC_NATIONAL_SENDER_MAX_DELAY=2s"}
	return nil
}

// VerifyNational runs `dvc verify --national`.
func (s *Stack) VerifyNational(ctx context.Context) (string, error) {
	c := exec.CommandContext(ctx, s.Bin, "verify", "--national")
	c.Env = s.Env()
	out, err := c.CombinedOutput()
	return string(out), err
}
