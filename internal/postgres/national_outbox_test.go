package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// record writes log row seq of dossier d.
func record(t *testing.T, s *postgres.Store, d domain.Dossier, seq int, status domain.Status) {
	t.Helper()
	_, err := s.Record(context.Background(), domain.RecordInput{Event: domain.Event{DossierID: d.ID, Seq: seq,
		At: time.Now(), Action: domain.ActionSubmitted, Status: status}, Projection: domain.Projection{Status: status}})
	if err != nil {
		t.Fatal(err)
	}
}

// TestNationalOutbox: every new log row queues its messages in its own transaction (a
// row written again queues nothing); the sender takes each dossier's messages in order, a
// failed one waits for its next attempt, a parked one blocks its dossier until an
// administrator sends it again; one sender holds the lock at a time.
func TestNationalOutbox(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	s.SetNationalSync(func(f postgres.NationalFacts, e domain.Event) ([]postgres.OutboxMessage, error) {
		st := fmt.Sprint(int(e.Status))
		payload := []byte(fmt.Sprintf(`{"seq":%d,"procedure":%q}`, e.Seq, f.ProcedureCode))
		return []postgres.OutboxMessage{{Service: postgres.ServiceSyncDossier, Status: st, Payload: payload},
			{Service: postgres.ServiceUpdateProgress, Status: st, Payload: payload}}, nil
	})
	a, b := submitDraft(t, s, proc), submitDraft(t, s, proc)
	record(t, s, a, 1, domain.StatusNew)
	record(t, s, a, 1, domain.StatusNew) // the activity retried: nothing more
	record(t, s, b, 1, domain.StatusNew)
	record(t, s, a, 2, domain.StatusReceived)
	now := time.Now().Add(time.Second)
	qs, err := s.NationalDue(ctx, now, 10)
	if err != nil || len(qs) != 2 || len(qs[0].Messages)+len(qs[1].Messages) != 6 {
		t.Fatalf("due: %v %+v", err, qs)
	}
	qa := qs[0]
	if qa.DossierID != a.ID {
		qa = qs[1]
	}
	if got := fmt.Sprintf("%d %s %d %s", qa.Messages[0].LogSeq, qa.Messages[0].Service, qa.Messages[2].LogSeq, qa.Messages[3].Service); got != "1 DongBoHoSoMC 2 CapNhatTienDoHoSoMC" {
		t.Fatalf("order %s", got)
	}
	if err := s.NationalSent(ctx, qa.Messages[0].ID, now); err != nil {
		t.Fatal(err)
	}
	if err := s.NationalPark(ctx, qa.Messages[1].ID, now, "Từ chối"); err != nil {
		t.Fatal(err)
	}
	qb := qs[0]
	if qb.DossierID != b.ID {
		qb = qs[1]
	}
	if err := s.NationalRetry(ctx, qb.Messages[0].ID, 1, now.Add(time.Hour), "503"); err != nil {
		t.Fatal(err)
	}
	if qs, err := s.NationalDue(ctx, now, 10); err != nil || len(qs) != 0 {
		t.Fatalf("a parked and a waiting dossier are due: %v %+v", err, qs)
	}
	if err := s.ResolveParked(ctx, qa.Messages[1].ID, 0, true, now); err == nil {
		t.Fatal("resolved by nobody")
	}
	var admin int64
	if err := s.DB().Get(&admin, `SELECT id FROM accounts WHERE username = 'quantri'`); err != nil {
		t.Fatal(err)
	}
	if err := s.ResolveParked(ctx, qa.Messages[1].ID, admin, true, now); err != nil {
		t.Fatal(err)
	}
	if err := s.ResolveParked(ctx, qa.Messages[1].ID, admin, true, now); !domain.IsKind(err, domain.Conflict) {
		t.Fatalf("requeued twice: %v", err)
	}
	qs, err = s.NationalDue(ctx, now, 10)
	if err != nil || len(qs) != 1 || !qs[0].Synced || len(qs[0].Messages) != 3 {
		t.Fatalf("after the requeue: %v %+v", err, qs)
	}
	got, err := s.WithAdvisoryLock(ctx, 42, func(ctx context.Context) error {
		inner, err := postgres.NewStore(s.DB()).WithAdvisoryLock(ctx, 42, func(context.Context) error { return nil })
		if inner || err != nil {
			t.Errorf("a second holder: %v %v", inner, err)
		}
		return nil
	})
	if !got || err != nil {
		t.Fatalf("lock: %v %v", got, err)
	}
}

// TestIntakeIdempotent: a registration is stored once per national code, and once per
// officer and key.
func TestIntakeIdempotent(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	var officer int64
	if err := s.DB().Get(&officer, `SELECT id FROM accounts WHERE username = 'motcua'`); err != nil {
		t.Fatal(err)
	}
	in := domain.IntakeDossier{ProcedureID: proc, Channel: domain.ChannelOnline, NationalCode: "QG-1", NationalSource: "push",
		Applicant: domain.Applicant{Name: "Lý Thị Hoa", IDNumber: "036090001234"}, At: time.Now(),
		Content: domain.DraftContent{FormData: map[string]string{}}}
	first, created, err := s.Intake(ctx, in)
	if err != nil || !created || first.Code == nil || first.Status != domain.StatusNew {
		t.Fatalf("first: %v %v %+v", err, created, first)
	}
	again, created, err := s.Intake(ctx, in)
	if err != nil || created || again.ID != first.ID {
		t.Fatalf("again: %v %v %d", err, created, again.ID)
	}
	desk := domain.IntakeDossier{ProcedureID: proc, Channel: domain.ChannelDesk, ReceivedBy: &officer, Key: "k1",
		Applicant: in.Applicant, At: time.Now(), Content: in.Content, Paper: []int64{999999}}
	if _, _, err := s.Intake(ctx, desk); !domain.IsKind(err, domain.Invalid) {
		t.Fatalf("a component of another procedure: %v", err)
	}
	desk.Paper = nil
	d1, _, err := s.Intake(ctx, desk)
	if err != nil {
		t.Fatal(err)
	}
	d2, created, err := s.Intake(ctx, desk)
	if err != nil || created || d2.ID != d1.ID {
		t.Fatalf("the same key: %v %v", err, created)
	}
	if n := countDossiers(t, s); n != 2 {
		t.Fatalf("%d dossiers", n)
	}
}
