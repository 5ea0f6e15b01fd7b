package postgres_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// newStore returns a store on a fresh seeded database and the id of a demo procedure of
// the Department of Education (agency 000.00.03.H03).
func newStore(t *testing.T) (*postgres.Store, int64) {
	t.Helper()
	db := testdb.Seeded(t)
	// Bounded like the app's pool (database.max_open_conns, 20): TestSubmitConcurrent's
	// 200 submissions then queue for connections as in production instead of opening
	// more than the server's max_connections.
	db.SetMaxOpenConns(20)
	var id int64
	if err := db.Get(&id, `SELECT p.id FROM procedures p JOIN agencies a ON a.id = p.agency_id
		WHERE a.code = '000.00.03.H03' ORDER BY p.id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	return postgres.NewStore(db), id
}

func validDraft(procedureID int64) domain.DraftInput {
	return domain.DraftInput{ProcedureID: procedureID, Applicant: domain.Applicant{
		Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "0912 345 678", Email: "an@example.vn", Address: "Bắc Kạn",
	}}
}

// submitDraft creates a valid draft and submits it now.
func submitDraft(t *testing.T, s *postgres.Store, proc int64) domain.Dossier {
	t.Helper()
	d, err := s.CreateDraft(context.Background(), validDraft(proc))
	if err != nil {
		t.Fatal(err)
	}
	d, err = s.Submit(context.Background(), d.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func countDossiers(t *testing.T, s *postgres.Store) int {
	t.Helper()
	var n int
	if err := s.DB().Get(&n, `SELECT count(*) FROM dossiers`); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCreateDraft(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	t.Run("OK", func(t *testing.T) {
		d, err := s.CreateDraft(ctx, validDraft(proc))
		if err != nil {
			t.Fatal(err)
		}
		if d.Status != domain.StatusDraft || d.Code != nil || d.Phone != "0912345678" || d.AgencyCode != "000.00.03.H03" {
			t.Fatalf("draft = %+v", d)
		}
	})
	t.Run("ErrInvalid", func(t *testing.T) {
		before := countDossiers(t, s)
		in := domain.DraftInput{Applicant: domain.Applicant{IDNumber: "12", Phone: "12", Email: "no"}}
		_, err := s.CreateDraft(ctx, in)
		e, ok := domain.AsError(err)
		if !ok || e.Code != "invalid_dossier" {
			t.Fatalf("err = %v, want invalid_dossier", err)
		}
		for _, f := range []string{"procedure_id", "applicant_name", "id_number", "phone", "email"} {
			if e.Fields[f] == "" {
				t.Errorf("no message for field %s: %v", f, e.Fields)
			}
		}
		if countDossiers(t, s) != before {
			t.Fatal("an invalid draft was written")
		}
	})
	t.Run("ErrProcedureNotFound", func(t *testing.T) {
		before := countDossiers(t, s)
		_, err := s.CreateDraft(ctx, validDraft(proc+100000))
		if e, ok := domain.AsError(err); !ok || e.Code != "procedure_not_found" {
			t.Fatalf("err = %v, want procedure_not_found", err)
		}
		if countDossiers(t, s) != before {
			t.Fatal("a draft for a missing procedure was written")
		}
	})
}

func TestSubmit(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	d, err := s.CreateDraft(ctx, validDraft(proc))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 20, 0, 0, 0, time.UTC) // already 3 March in Vietnam
	got, err := s.Submit(ctx, d.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if got.Code == nil || *got.Code != "000.00.03.H03-260303-0001" || got.Status != domain.StatusNew || got.SubmittedAt == nil {
		t.Fatalf("submitted = %+v (code %v)", got, got.Code)
	}
	t.Run("Idempotent", func(t *testing.T) {
		again, err := s.Submit(ctx, d.ID, now.Add(time.Hour))
		if err != nil || *again.Code != *got.Code || !again.SubmittedAt.Equal(*got.SubmittedAt) {
			t.Fatalf("resubmit = %v, %v", again.Code, err)
		}
	})
	t.Run("NextIsTwo", func(t *testing.T) {
		d2, _ := s.CreateDraft(ctx, validDraft(proc))
		got2, err := s.Submit(ctx, d2.ID, now)
		if err != nil || *got2.Code != "000.00.03.H03-260303-0002" {
			t.Fatalf("second code = %v, %v", got2.Code, err)
		}
	})
	t.Run("NewDayStartsAtOne", func(t *testing.T) {
		d3, _ := s.CreateDraft(ctx, validDraft(proc))
		got3, err := s.Submit(ctx, d3.ID, now.Add(24*time.Hour))
		if err != nil || *got3.Code != "000.00.03.H03-260304-0001" {
			t.Fatalf("next day code = %v, %v", got3.Code, err)
		}
	})
	t.Run("ErrNotFound", func(t *testing.T) {
		if _, err := s.Submit(ctx, 999999, now); !domain.IsKind(err, domain.NotFound) {
			t.Fatalf("err = %v, want not found", err)
		}
	})
}

// TestSubmitConcurrent: two hundred concurrent submissions to one agency on one day get
// two hundred distinct codes numbered 1..200 with no gap.
func TestSubmitConcurrent(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	const n = 200
	ids := make([]int64, n)
	for i := range ids {
		d, err := s.CreateDraft(ctx, validDraft(proc))
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = d.ID
	}
	now := time.Now()
	codes := make([]string, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d, err := s.Submit(ctx, id, now)
			if err != nil {
				errs <- err
				return
			}
			codes[i] = *d.Code
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	seqs := make([]int, 0, n)
	seen := map[string]bool{}
	for _, c := range codes {
		if seen[c] {
			t.Fatalf("code %s given twice", c)
		}
		seen[c] = true
		parsed, err := dossiercode.Parse(c)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, parsed.Seq)
	}
	sort.Ints(seqs)
	for i, seq := range seqs {
		if seq != i+1 {
			t.Fatalf("sequence has a gap or repeat at %d: %v", i+1, seqs[:i+1])
		}
	}
}

func TestAppendEvent(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	d := submitDraft(t, s, proc)
	at := time.Now()
	e1 := domain.Event{DossierID: d.ID, Seq: 1, At: at, Action: domain.ActionSubmitted, ActorName: "Nguyễn Văn An", Status: domain.StatusNew}
	first, err := s.AppendEvent(ctx, e1)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("Idempotent", func(t *testing.T) {
		e := e1
		e.Note = "a retried activity with different content must not write again"
		again, err := s.AppendEvent(ctx, e)
		if err != nil || string(again.Hash) != string(first.Hash) || again.Note != "" {
			t.Fatalf("retry = %+v, %v", again, err)
		}
	})
	t.Run("ChainAndProjection", func(t *testing.T) {
		e2 := domain.Event{DossierID: d.ID, Seq: 2, At: at.Add(time.Minute), Action: "received", ActorName: "Hoàng Thị Thu", Status: domain.StatusReceived}
		if _, err := s.AppendEvent(ctx, e2); err != nil {
			t.Fatal(err)
		}
		events, err := s.Events(ctx, d.ID)
		if err != nil || len(events) != 2 {
			t.Fatalf("events = %v, %v", events, err)
		}
		if bad := domain.VerifyChain(events); bad != 0 {
			t.Fatalf("stored chain breaks at %d", bad)
		}
		events[0].Note = "tampered"
		if bad := domain.VerifyChain(events); bad != 1 {
			t.Fatalf("tampering not detected: %d", bad)
		}
		got, _ := s.DossierByID(ctx, d.ID)
		if got.Status != domain.StatusReceived {
			t.Fatalf("projected status = %d", got.Status)
		}
	})
	t.Run("ErrOutOfOrder", func(t *testing.T) {
		e := domain.Event{DossierID: d.ID, Seq: 9, At: at, Action: "x", Status: domain.StatusProcessing}
		if _, err := s.AppendEvent(ctx, e); err == nil || !strings.Contains(err.Error(), "previous event") {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestUnstartedDossiers(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	var ids []int64
	for range 3 {
		d, _ := s.CreateDraft(ctx, validDraft(proc))
		d, err := s.Submit(ctx, d.ID, time.Now().Add(-time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, d.ID)
	}
	if _, err := s.CreateDraft(ctx, validDraft(proc)); err != nil { // a draft is never "unstarted"
		t.Fatal(err)
	}
	if err := s.MarkWorkflowStarted(ctx, ids[1], time.Now()); err != nil {
		t.Fatal(err)
	}
	ds, err := s.UnstartedDossiers(ctx, time.Now(), 10)
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprint(len(ds))
	if len(ds) == 2 {
		got = fmt.Sprint(ds[0].ID, ds[1].ID)
	}
	if want := fmt.Sprint(ids[0], ids[2]); got != want {
		t.Fatalf("unstarted = %s, want %s", got, want)
	}
}
