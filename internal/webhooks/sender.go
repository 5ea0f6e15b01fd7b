package webhooks

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/periodic"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Sender delivers the webhook outbox: each pass claims the due deliveries (the oldest
// pending one of each subscription and dossier, so a dossier's events arrive in order)
// and posts each on its own goroutine, so a slow receiver holds up only its own queue.
// Several senders may run (one per worker); a claim is a lease, so a delivery goes to one.
type Sender struct {
	Store *postgres.Store
	Log   *slog.Logger
	// HTTP posts the deliveries; a client with Timeout and no redirects when nil.
	HTTP *http.Client
	// Timeout bounds one attempt; MaxBackoff caps the doubling wait between attempts
	// (from one second); GiveUpAfter marks a delivery failed; Poll is the pause between
	// passes.
	Timeout, MaxBackoff, GiveUpAfter, Poll time.Duration
	// Workers is how many deliveries are in flight at most; 16 when 0.
	Workers int

	wg sync.WaitGroup
}

// Run delivers until ctx ends, then waits for the attempts in flight.
func (s *Sender) Run(ctx context.Context) {
	if s.HTTP == nil {
		s.HTTP = &http.Client{Timeout: s.Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if s.Workers <= 0 {
		s.Workers = 16
	}
	slots := make(chan struct{}, s.Workers)
	periodic.Run(ctx, s.Poll, s.Log, "webhook delivery", func(ctx context.Context) (bool, error) {
		free := s.Workers - len(slots)
		if free == 0 {
			return false, nil
		}
		ds, err := s.Store.ClaimDeliveries(ctx, free, s.Timeout+5*time.Second)
		if err != nil {
			return false, err
		}
		for _, d := range ds {
			slots <- struct{}{}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer func() { <-slots }()
				s.deliver(context.WithoutCancel(ctx), d)
			}()
		}
		return len(ds) == free, nil
	})
	s.wg.Wait()
}

// deliver makes one attempt and records its outcome.
func (s *Sender) deliver(ctx context.Context, d domain.WebhookDelivery) {
	status, err := s.post(ctx, d)
	retry := min(s.MaxBackoff, time.Second<<min(max(d.Attempts-1, 0), 20))
	if err := s.Store.DeliveryDone(ctx, d.ID, status, err, retry, s.GiveUpAfter); err != nil {
		s.Log.Warn("webhook delivery outcome not recorded", "delivery", d.ID, "err", err)
	}
	if err != nil {
		s.Log.Info("webhook delivery failed", "delivery", d.ID, "event", d.EventID, "attempt", d.Attempts, "err", err)
	}
}

// post sends d signed now; a 2xx answer is a delivery.
func (s *Sender) post(ctx context.Context, d domain.WebhookDelivery) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, s.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(d.Payload))
	if err != nil {
		return 0, err
	}
	now := time.Now()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "dvc-webhooks/1")
	req.Header.Set(HeaderEventID, d.EventID)
	req.Header.Set(HeaderEventType, d.EventType)
	req.Header.Set(HeaderTimestamp, fmt.Sprint(now.Unix()))
	req.Header.Set(HeaderSignature, Sign(d.Secret, now, d.Payload))
	resp, err := s.HTTP.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("receiver answered %d", resp.StatusCode)
	}
	return resp.StatusCode, nil
}
