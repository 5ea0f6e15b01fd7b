package nationalportal_test

import (
	"context"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"

	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

const unit = "000.00.00.H03"

// startStandIn runs the stand-in portal on a free loopback port for the test.
func startStandIn(t *testing.T, opts standin.Options) *standin.Server {
	t.Helper()
	s, err := standin.Start("127.0.0.1:0", opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func newClient(t *testing.T, baseURL string, timeout time.Duration) *nationalportal.Client {
	t.Helper()
	c, err := nationalportal.NewClient(nationalportal.Config{BaseURL: baseURL, Username: "dvc", Password: "dvc-dev",
		UnitCode: unit, Timeout: timeout}, &http.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// outboxRow is a message with the store's bookkeeping.
type outboxRow struct {
	nationalportal.Message
	next   time.Time
	sent   bool
	parked string
	errors []string
}

// memOutbox is an in-memory Outbox with the contract the lead's PostgreSQL one must keep.
type memOutbox struct {
	mu     sync.Mutex
	rows   []*outboxRow
	synced map[int64]bool
	nextID int64
}

func newOutbox() *memOutbox { return &memOutbox{synced: map[int64]bool{}} }

func (o *memOutbox) add(msgs ...nationalportal.Message) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, m := range msgs {
		o.nextID++
		m.ID = o.nextID
		m.Seq = int(o.nextID)
		o.rows = append(o.rows, &outboxRow{Message: m})
	}
}

func (o *memOutbox) Due(_ context.Context, now time.Time, limit int) ([]nationalportal.Queue, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	byDossier := map[int64][]*outboxRow{}
	var order []int64
	for _, r := range o.rows {
		if r.sent {
			continue
		}
		if _, ok := byDossier[r.DossierID]; !ok {
			order = append(order, r.DossierID)
		}
		byDossier[r.DossierID] = append(byDossier[r.DossierID], r)
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	var out []nationalportal.Queue
	for _, id := range order {
		rows := byDossier[id]
		if head := rows[0]; head.parked != "" || head.next.After(now) || len(out) >= limit {
			continue
		}
		q := nationalportal.Queue{DossierID: id, Synced: o.synced[id]}
		for _, r := range rows {
			q.Messages = append(q.Messages, r.Message)
		}
		out = append(out, q)
	}
	return out, nil
}

func (o *memOutbox) row(id int64) *outboxRow {
	for _, r := range o.rows {
		if r.ID == id {
			return r
		}
	}
	panic("no outbox row")
}

func (o *memOutbox) Sent(_ context.Context, id int64, _ time.Time) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.row(id)
	r.sent = true
	if r.Service == nationalportal.ServiceSyncDossier {
		o.synced[r.DossierID] = true
	}
	return nil
}

func (o *memOutbox) Retry(_ context.Context, id int64, attempts int, next time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	r := o.row(id)
	r.Attempts, r.next = attempts, next
	r.errors = append(r.errors, reason)
	return nil
}

func (o *memOutbox) Park(_ context.Context, id int64, _ time.Time, reason string) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.row(id).parked = reason
	return nil
}

// requeue is the administrator's "send again" on a parked message.
func (o *memOutbox) requeue(id int64) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.row(id).parked = ""
}

func (o *memOutbox) pending() (unsent int, parked []*outboxRow) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, r := range o.rows {
		if !r.sent {
			unsent++
		}
		if r.parked != "" {
			parked = append(parked, r)
		}
	}
	return unsent, parked
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// memIntake is an Intake idempotent on the national code, refusing unmapped procedures.
type memIntake struct {
	mu       sync.Mutex
	byCode   map[string]nationalportal.IntakeRecord
	unmapped map[string]bool
	calls    int
}

func newIntake() *memIntake {
	return &memIntake{byCode: map[string]nationalportal.IntakeRecord{}, unmapped: map[string]bool{}}
}

func (m *memIntake) Intake(_ context.Context, rec nationalportal.IntakeRecord) (nationalportal.IntakeResult, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls++
	if m.unmapped[rec.ProcedureCode] {
		return nationalportal.IntakeResult{}, domain.NewError(domain.Unprocessable, "procedure_not_mapped",
			"Thủ tục "+rec.ProcedureCode+" chưa được ánh xạ.")
	}
	if _, ok := m.byCode[rec.Code]; ok {
		return nationalportal.IntakeResult{DossierID: 1, Created: false}, nil
	}
	m.byCode[rec.Code] = rec
	return nationalportal.IntakeResult{DossierID: int64(len(m.byCode)), Created: true}, nil
}

func (m *memIntake) records() map[string]nationalportal.IntakeRecord {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := map[string]nationalportal.IntakeRecord{}
	for k, v := range m.byCode {
		out[k] = v
	}
	return out
}
