package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/lib/pq"
)

// ListenHandler receives what Listen sees. A nil callback is skipped. Connected,
// Reconnected, Disconnected and ConnectFailed run on the connection's own goroutine; the
// others on Listen's.
type ListenHandler struct {
	// Connected: the connection is up for the first time.
	Connected func()
	// Reconnected: the connection is back after a failure, and LISTEN was issued on it
	// again.
	Reconnected func()
	// Disconnected: the connection was lost; it is tried again until Listen ends.
	Disconnected func(err error)
	// ConnectFailed: an attempt to connect failed.
	ConnectFailed func(err error)
	// Listening: LISTEN has run (or will run as soon as the connection is back): from now
	// on every notification sent while the connection is up reaches Notify.
	Listening func()
	// Notify receives a notification's payload.
	Notify func(payload string)
	// Missed: notifications may have been lost while Listen went on: after a reconnection
	// (err is nil), or when the connection did not answer a ping (err says why).
	Missed func(err error)
}

// Listen listens on channel over a connection of its own to the database at url until ctx
// ends, reconnecting after a failure (waiting 100 ms to 10 s between attempts) and pinging
// the connection every pingEvery when no notification arrives. It returns nil once ctx
// has ended, and an error when LISTEN failed (connection failures are not errors: they
// reach h and Listen goes on).
func Listen(ctx context.Context, url, channel string, pingEvery time.Duration, h ListenHandler) error {
	h.fill()
	l := pq.NewListener(url, 100*time.Millisecond, 10*time.Second, func(ev pq.ListenerEventType, err error) {
		switch ev {
		case pq.ListenerEventConnected:
			h.Connected()
		case pq.ListenerEventReconnected: // lib/pq has issued LISTEN again
			h.Reconnected()
		case pq.ListenerEventDisconnected:
			h.Disconnected(err)
		case pq.ListenerEventConnectionAttemptFailed:
			h.ConnectFailed(err)
		}
	})
	stop := context.AfterFunc(ctx, func() { _ = l.Close() }) // also ends a Listen still waiting
	defer func() {
		stop()
		_ = l.Close()
	}()
	// Listen returns once LISTEN ran on a connection (or will run when lib/pq reconnects).
	if err := l.Listen(channel); err != nil {
		return fmt.Errorf("store: listen %s: %w", channel, err)
	}
	h.Listening()
	ping := time.NewTicker(pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case n, ok := <-l.Notify:
			if !ok { // closed
				return nil
			}
			if n == nil { // reconnected: notifications may have been lost
				h.Missed(nil)
				continue
			}
			h.Notify(n.Extra)
		case <-ping.C:
			if err := l.Ping(); err != nil {
				h.Missed(err)
			}
		}
	}
}

// fill replaces h's nil callbacks with ones that do nothing.
func (h *ListenHandler) fill() {
	for _, f := range []*func(){&h.Connected, &h.Reconnected, &h.Listening} {
		if *f == nil {
			*f = func() {}
		}
	}
	for _, f := range []*func(error){&h.Disconnected, &h.ConnectFailed, &h.Missed} {
		if *f == nil {
			*f = func(error) {}
		}
	}
	if h.Notify == nil {
		h.Notify = func(string) {}
	}
}

// Notify sends payload on channel (pg_notify), delivered when the statement commits.
// Errors: domain.ErrUnavailable when PostgreSQL cannot be reached.
func (s *Store) Notify(ctx context.Context, channel, payload string) error {
	if _, err := s.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload); err != nil {
		return fmt.Errorf("store: notify: %w", err)
	}
	return nil
}
