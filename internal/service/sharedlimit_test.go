package service

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestSharedLimiter: three replicas sharing one database allow exactly the limit in all,
// however a client's requests spread over them, then refuse with the window's rest as
// Retry-After; a new window allows again; without the database each limits on its own.
func TestSharedLimiter(t *testing.T) {
	store := postgres.NewStore(testdb.Migrated(t))
	ctx := context.Background()
	log := slog.New(slog.DiscardHandler)
	for _, tc := range []struct {
		name string
		n    int
	}{{"lookup", 30}, {"registration", 5}} {
		t.Run(tc.name, func(t *testing.T) {
			var replicas []*sharedLimiter
			for range 3 {
				replicas = append(replicas, newSharedLimiter(tc.name, tc.n, time.Minute, store, log, time.Now))
			}
			allowed := 0
			for i := range 10 * tc.n {
				if ok, _ := replicas[i*7%3].take(ctx, "10.0.0.1"); ok {
					allowed++
				}
			}
			if allowed != tc.n {
				t.Fatalf("the replicas allowed %d events together, want %d", allowed, tc.n)
			}
			for _, r := range replicas {
				ok, wait := r.take(ctx, "10.0.0.1")
				if ok || wait < time.Second || wait > time.Minute {
					t.Fatalf("over the limit: allowed %v, Retry-After %s", ok, wait)
				}
			}
			if ok, _ := replicas[0].take(ctx, "10.0.0.2"); !ok {
				t.Fatal("another address is refused")
			}
		})
	}
	t.Run("NewWindow", func(t *testing.T) {
		a := newSharedLimiter("short", 2, time.Second, store, log, time.Now)
		b := newSharedLimiter("short", 2, time.Second, store, log, time.Now)
		okA, _ := a.take(ctx, "k")
		okB, _ := b.take(ctx, "k")
		okC, _ := a.take(ctx, "k")
		if !okA || !okB || okC {
			t.Fatalf("first window: %v %v %v, want true true false", okA, okB, okC)
		}
		time.Sleep(1100 * time.Millisecond)
		if ok, _ := b.take(ctx, "k"); !ok {
			t.Fatal("a new window does not allow again")
		}
	})
	t.Run("DatabaseDown", func(t *testing.T) {
		down, err := postgres.Connect("postgres://dvc@127.0.0.1:1/none?sslmode=disable&connect_timeout=1", 2)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = down.Close() }()
		l := newSharedLimiter("lookup", 3, time.Minute, down, log, time.Now)
		allowed := 0
		for range 5 {
			if ok, _ := l.take(ctx, "k"); ok {
				allowed++
			}
		}
		if allowed != 3 {
			t.Fatalf("without the database %d allowed, want the limit (3) in this process", allowed)
		}
	})
}
