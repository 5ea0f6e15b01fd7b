package activities_test

import (
	"context"
	"testing"
	"time"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/testdb"
)

// BenchmarkSubmit measures storing a draft and submitting it (code allocation included),
// in parallel, all to one agency on one day: the contended path.
//
//	go test -run '^$' -bench Submit -benchtime 2000x ./activities/
func BenchmarkSubmit(b *testing.B) {
	db := testdb.Seeded(b)
	s := activities.NewStore(db)
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
	s := activities.NewStore(db)
	ps, _ := s.ListProcedures(context.Background())
	ctx := context.Background()
	d, _ := s.CreateDraft(ctx, validDraft(ps[0].ID))
	d, err := s.Submit(ctx, d.ID, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		e := activities.Event{DossierID: d.ID, Seq: i + 1, At: time.Now(), Action: "note", Status: activities.StatusNew}
		if _, err := s.AppendEvent(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
}
