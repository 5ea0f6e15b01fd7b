package verify

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/testing/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestPGMicroseconds sends times through lib/pq to a real PostgreSQL and checks
// pgMicroseconds predicts what it keeps, halfway nanoseconds included (the time a fault
// run reported as a projection difference, ….095106500, among them).
func TestPGMicroseconds(t *testing.T) {
	db := testdb.Open(t)
	base := time.Date(2026, 11, 23, 18, 55, 31, 0, time.UTC)
	times := []time.Time{base.Add(95106500), base.Add(95107500), base.Add(999999500), base.Add(500), base.Add(1500)}
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		us := r.Int64N(1e6)
		ns := []int64{us*1000 + 500, us*1000 + r.Int64N(1000)}[r.IntN(2)] // halves are the hard case
		times = append(times, base.Add(time.Duration(ns)))
	}
	halfUp := 0
	for _, tm := range times {
		var stored time.Time
		if err := db.QueryRow(`SELECT $1::timestamptz`, tm).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if got := pgMicroseconds(tm); !got.Equal(stored) {
			t.Fatalf("%s: PostgreSQL kept %s, pgMicroseconds says %s", tm.Format(time.RFC3339Nano),
				stored.UTC().Format(time.RFC3339Nano), got.Format(time.RFC3339Nano))
		}
		if !tm.Round(time.Microsecond).Equal(stored) {
			halfUp++
		}
	}
	if halfUp == 0 {
		t.Fatal("no time where Go's Round and PostgreSQL differ: the test does not test the difference")
	}
	t.Logf("%d of %d times PostgreSQL rounds otherwise than Go's Round", halfUp, len(times))
}
