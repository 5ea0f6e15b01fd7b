package postgres_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestLookup: the lookup (prepared statements, one log query for many dossiers) returns
// what the separate reads of the dossier and its log return, field by field (times,
// nulls, hashes), for a code and an ID number.
func TestLookup(t *testing.T) {
	ctx := context.Background()
	s, proc := newStore(t)
	d := submitDraft(t, s, proc)
	other := submitDraft(t, s, proc) // same applicant ID number, no log yet
	at := time.Now().Truncate(time.Microsecond)
	due := at.Add(48 * time.Hour)
	for i, e := range []domain.Event{
		{DossierID: d.ID, Seq: 1, At: at, Action: domain.ActionSubmitted, ActorName: "Nguyễn Văn An", Status: domain.StatusNew},
		{DossierID: d.ID, Seq: 2, At: at.Add(time.Minute), Action: domain.ActionReceived, ActorName: "Hoàng Thị Thu",
			ActorUnit: "Bộ phận một cửa", Note: "Hồ sơ đủ \"thành phần\"", Status: domain.StatusReceived,
			StepName: "Tiếp nhận", StepDueAt: &due, Timing: "early"},
	} {
		if _, err := s.AppendEvent(ctx, e); err != nil {
			t.Fatalf("event %d: %v", i+1, err)
		}
	}
	wantDossier, err := s.DossierByID(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	wantEvents, err := s.Events(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	same := func(t *testing.T, got domain.DossierLog, wantD domain.Dossier, wantE []domain.Event) {
		t.Helper()
		if got.ID != wantD.ID || *got.Code != *wantD.Code || got.ProcedureName != wantD.ProcedureName || got.Status != wantD.Status {
			t.Fatalf("dossier %+v, want %+v", got.Dossier, wantD)
		}
		if len(got.Events) != len(wantE) {
			t.Fatalf("%d log rows, want %d", len(got.Events), len(wantE))
		}
		for i := range wantE {
			g, w := got.Events[i], wantE[i]
			if !g.At.Equal(w.At) || (g.StepDueAt == nil) != (w.StepDueAt == nil) || (w.StepDueAt != nil && !g.StepDueAt.Equal(*w.StepDueAt)) {
				t.Fatalf("row %d times %v %v, want %v %v", i+1, g.At, g.StepDueAt, w.At, w.StepDueAt)
			}
			g.At, w.At, g.StepDueAt, w.StepDueAt = time.Time{}, time.Time{}, nil, nil
			if !reflect.DeepEqual(g, w) {
				t.Fatalf("row %d:\n got %+v\nwant %+v", i+1, g, w)
			}
		}
		if bad := domain.VerifyChain(got.Events); bad != 0 {
			t.Fatalf("chain read through the lookup breaks at %d", bad)
		}
	}
	for range 7 { // past PostgreSQL's five custom plans, onto the prepared statement's generic one
		got, err := s.LookupByCode(ctx, *d.Code)
		if err != nil {
			t.Fatal(err)
		}
		same(t, got, wantDossier, wantEvents)
	}
	list, err := s.LookupByIDNumber(ctx, d.IDNumber, 20)
	if err != nil || len(list) != 2 {
		t.Fatalf("by ID number: %d dossiers, %v", len(list), err)
	}
	if list[0].ID != other.ID || len(list[0].Events) != 0 || list[0].Events == nil {
		t.Fatalf("newest first, with an empty log: %+v", list[0])
	}
	same(t, list[1], wantDossier, wantEvents)
	if _, err := s.LookupByCode(ctx, "000.00.00.H00-000000-0000"); !domain.IsKind(err, domain.NotFound) {
		t.Fatalf("unknown code: %v", err)
	}
}
