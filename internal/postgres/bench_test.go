package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// BenchmarkSubmit measures storing a draft and submitting it (code allocation included),
// in parallel, all to one agency on one day: the contended path.
//
//	go test -run '^$' -bench Submit -benchtime 2000x ./activities/
func BenchmarkSubmit(b *testing.B) {
	db := testdb.Seeded(b)
	s := postgres.NewStore(db)
	ps, err := s.ListProcedures(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	in := validDraft(ps[0].ID)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		ctx := context.Background()
		for pb.Next() {
			d, err := s.CreateDraft(ctx, in)
			if err != nil {
				b.Error(err)
				return
			}
			if _, err := s.Submit(ctx, d.ID, time.Now()); err != nil {
				b.Error(err)
				return
			}
		}
	})
}

// BenchmarkAppendEvent measures writing processing-log rows (hash chain, projection).
func BenchmarkAppendEvent(b *testing.B) {
	db := testdb.Seeded(b)
	s := postgres.NewStore(db)
	ps, _ := s.ListProcedures(context.Background())
	ctx := context.Background()
	d, _ := s.CreateDraft(ctx, validDraft(ps[0].ID))
	d, err := s.Submit(ctx, d.ID, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		e := domain.Event{DossierID: d.ID, Seq: i + 1, At: time.Now(), Action: "note", Status: domain.StatusNew}
		if _, err := s.AppendEvent(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}

// benchLog is a typical ten-row processing log.
func benchLog() []domain.Event {
	at := time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)
	due := at.Add(72 * time.Hour)
	es := make([]domain.Event, 10)
	var prev []byte
	for i := range es {
		es[i] = domain.Event{DossierID: 123456, Seq: i + 1, At: at.Add(time.Duration(i) * time.Hour),
			Action: domain.ActionTransferred, ActorName: "Lê Minh Đức", ActorUnit: "Sở Giáo dục và Đào tạo",
			Receiver: "Trần Quốc Hùng", Note: "Chuyển thẩm định", Status: domain.StatusProcessing,
			StepName: "Chuyên viên thẩm định hồ sơ", StepDueAt: &due, Timing: "on_time"}
		es[i].Hash = domain.EventHash(prev, es[i])
		prev = es[i].Hash
	}
	return es
}

// BenchmarkEventHash hashes one log row chained to the previous one.
//
//	go test -run '^$' -bench 'EventHash|VerifyChain' ./activities/
func BenchmarkEventHash(b *testing.B) {
	es := benchLog()
	b.ReportAllocs()
	for b.Loop() {
		_ = domain.EventHash(es[4].Hash, es[5])
	}
}

// BenchmarkVerifyChain verifies a ten-row log (the audit check, per dossier).
func BenchmarkVerifyChain(b *testing.B) {
	es := benchLog()
	b.ReportAllocs()
	for b.Loop() {
		if bad := domain.VerifyChain(es); bad != 0 {
			b.Fatalf("row %d does not verify", bad)
		}
	}
}
