// Package notify delivers the notification outbox: the dispatcher claims unsent rows
// (several dispatchers may run; each row goes to one) and hands them to a Mailer — SMTP
// when configured, otherwise the development mailbox, which keeps them readable in the
// database and on the /dev/mailbox page.
package notify

import (
	"context"
	"fmt"
	"log/slog"
	"mime"
	"net/smtp"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/periodic"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Mailer sends one message.
type Mailer interface {
	// Send delivers subject and body to the address to.
	Send(ctx context.Context, to, subject, body string) error
	// Transport names the mailer in the outbox ("smtp", "dev-mailbox").
	Transport() string
}

// DevMailbox keeps messages in the outbox table only, for `dvc dev`.
type DevMailbox struct{}

// Send does nothing: the row itself is the mail.
func (DevMailbox) Send(context.Context, string, string, string) error { return nil }

// Transport is "dev-mailbox".
func (DevMailbox) Transport() string { return "dev-mailbox" }

// SMTP sends through an SMTP server (STARTTLS when offered, PLAIN auth when a username
// is set).
type SMTP struct {
	Addr     string // host:port
	From     string
	Username string
	Password string
}

// Transport is "smtp".
func (SMTP) Transport() string { return "smtp" }

// Send writes a UTF-8 plain-text message.
func (s SMTP) Send(_ context.Context, to, subject, body string) error {
	var auth smtp.Auth
	if s.Username != "" {
		host, _, _ := strings.Cut(s.Addr, ":")
		auth = smtp.PlainAuth("", s.Username, s.Password, host)
	}
	msg := "From: " + s.From + "\r\n" +
		"To: " + to + "\r\n" +
		"Subject: " + mime.QEncoding.Encode("utf-8", subject) + "\r\n" +
		"MIME-Version: 1.0\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n" +
		"Content-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n") + "\r\n"
	if err := smtp.SendMail(s.Addr, auth, s.From, []string{to}, []byte(msg)); err != nil {
		return fmt.Errorf("notify: smtp to %s: %w", to, err)
	}
	return nil
}

// Dispatcher sends the outbox.
type Dispatcher struct {
	Store  *postgres.Store
	Mailer Mailer
	Log    *slog.Logger
	// Every is the pause between passes; default 2s.
	Every time.Duration
}

// Run dispatches until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) {
	every := d.Every
	if every <= 0 {
		every = 2 * time.Second
	}
	periodic.Run(ctx, every, d.Log, "notification dispatch", func(ctx context.Context) (bool, error) {
		n, err := d.Pass(ctx)
		return n > 0, err
	})
}

// Pass sends one batch and returns how many were sent. A row without an address is
// closed with transport "none"; a failed send is retried on later passes (10 attempts).
func (d *Dispatcher) Pass(ctx context.Context) (int, error) {
	return d.Store.ClaimUnsent(ctx, 50, func(n domain.Notification) (string, error) {
		if n.Email == "" {
			return "none", nil
		}
		if err := d.Mailer.Send(ctx, n.Email, n.Subject, n.Body); err != nil {
			return "", err
		}
		return d.Mailer.Transport(), nil
	})
}
