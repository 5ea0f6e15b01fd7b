package notify_test

import (
	"bufio"
	"context"
	"io"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/notify"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// outbox returns a store holding a submitted dossier whose first log row carries n
// notifications to the citizen's address and one to an officer without an address.
func outbox(t *testing.T, email string) (*postgres.Store, int64) {
	t.Helper()
	ctx := context.Background()
	s := postgres.NewStore(testdb.Seeded(t))
	ps, _ := s.ListProcedures(ctx)
	d, err := s.CreateDraft(ctx, domain.DraftInput{ProcedureID: ps[0].ID, Applicant: domain.Applicant{
		Name: "Lê Thị Cúc", IDNumber: "012345678", Phone: "0912345678", Email: email}})
	if err != nil {
		t.Fatal(err)
	}
	if d, err = s.Submit(ctx, d.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	var officer int64
	if err := s.DB().Get(&officer, `INSERT INTO accounts (username, password_hash, kind, full_name, agency_id, roles)
		VALUES ('noemail', 'x', 'staff', 'Không có thư', $1, '{reception}') RETURNING id`, d.AgencyID); err != nil {
		t.Fatal(err)
	}
	_, err = s.Record(ctx, domain.RecordInput{
		Event:      domain.Event{DossierID: d.ID, Seq: 1, At: time.Now(), Action: "submitted", Status: domain.StatusNew},
		Projection: domain.Projection{Status: domain.StatusNew},
		Notify: []domain.NotifyRequest{
			{Kind: domain.NotifyReceived, Citizen: true, Subject: "[X] Hồ sơ đã được tiếp nhận", Body: "Nội dung có dấu: ạ ố ữ"},
			{Kind: domain.NotifyAssigned, AccountID: officer, Subject: "s", Body: "b"},
		}})
	if err != nil {
		t.Fatal(err)
	}
	return s, d.ID
}

func TestDevMailbox(t *testing.T) {
	s, id := outbox(t, "cuc@example.vn")
	d := &notify.Dispatcher{Store: s, Mailer: notify.DevMailbox{}, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	n, err := d.Pass(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("pass sent %d: %v", n, err)
	}
	ns, _ := s.Notifications(context.Background(), id)
	if len(ns) != 2 || ns[0].Transport != "dev-mailbox" || ns[0].SentAt == nil || ns[1].Transport != "none" {
		t.Fatalf("outbox after pass: %+v", ns)
	}
	if n, _ := d.Pass(context.Background()); n != 0 {
		t.Fatalf("second pass sent %d again", n)
	}
}

// smtpServer is a minimal SMTP receiver on loopback for the test: it records messages.
type smtpServer struct {
	l    net.Listener
	mu   sync.Mutex
	msgs []string
	fail bool
}

func startSMTP(t *testing.T) *smtpServer {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &smtpServer{l: l}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *smtpServer) serve(c net.Conn) {
	defer c.Close()
	r := bufio.NewReader(c)
	say := func(line string) { _, _ = io.WriteString(c, line+"\r\n") } // a failed write shows as the client's error
	say("220 test ESMTP")
	var data strings.Builder
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.ToUpper(strings.TrimSpace(line))
		switch {
		case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
			say("250 test")
		case strings.HasPrefix(cmd, "MAIL"):
			s.mu.Lock()
			fail := s.fail
			s.mu.Unlock()
			if fail {
				say("451 try later")
				continue
			}
			say("250 ok")
		case strings.HasPrefix(cmd, "RCPT"):
			say("250 ok")
		case cmd == "DATA":
			say("354 go")
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				data.WriteString(l)
			}
			s.mu.Lock()
			s.msgs = append(s.msgs, data.String())
			s.mu.Unlock()
			data.Reset()
			say("250 queued")
		case cmd == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

func TestSMTP(t *testing.T) {
	srv := startSMTP(t)
	s, id := outbox(t, "cuc@example.vn")
	mailer := notify.SMTP{Addr: srv.l.Addr().String(), From: "dvc@tinh.gov.vn"}
	d := &notify.Dispatcher{Store: s, Mailer: mailer, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}

	srv.mu.Lock()
	srv.fail = true
	srv.mu.Unlock()
	if n, err := d.Pass(context.Background()); err != nil || n != 1 { // only the address-less row closes
		t.Fatalf("pass with a failing server: %d, %v", n, err)
	}
	ns, _ := s.Notifications(context.Background(), id)
	if ns[0].SentAt != nil || ns[0].Attempts != 1 || !strings.Contains(ns[0].LastError, "451") {
		t.Fatalf("failed row: %+v", ns[0])
	}

	srv.mu.Lock()
	srv.fail = false
	srv.mu.Unlock()
	if n, err := d.Pass(context.Background()); err != nil || n != 1 {
		t.Fatalf("retry pass: %d, %v", n, err)
	}
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if len(srv.msgs) != 1 || !strings.Contains(srv.msgs[0], "To: cuc@example.vn") ||
		!strings.Contains(srv.msgs[0], "Nội dung có dấu: ạ ố ữ") || !strings.Contains(srv.msgs[0], "=?utf-8?q?") {
		t.Fatalf("message: %q", srv.msgs)
	}
	ns, _ = s.Notifications(context.Background(), id)
	if ns[0].Transport != "smtp" || ns[0].SentAt == nil || ns[0].Attempts != 2 {
		t.Fatalf("sent row: %+v", ns[0])
	}
}
