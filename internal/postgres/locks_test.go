package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// TestLockDossier: two stores on one database, as two API replicas: a dossier locked in
// one cannot be locked in the other until it is unlocked or the holding connection
// dies; other dossiers stay free.
func TestLockDossier(t *testing.T) {
	url := testdb.URL(t)
	replica := func() *postgres.Store {
		s, err := postgres.Open(context.Background(), url, 8)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close() })
		return s
	}
	a, b := replica(), replica()
	ctx := context.Background()
	tryLock := func(s *postgres.Store, id int64) (func(), error) {
		ctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
		defer cancel()
		return s.LockDossier(ctx, id)
	}
	unlockA, err := a.LockDossier(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tryLock(b, 7); !domain.IsKind(err, domain.Unavailable) {
		t.Fatalf("dossier 7 locked twice, or an unexpected error: %v", err)
	}
	unlock8, err := tryLock(b, 8)
	if err != nil {
		t.Fatalf("another dossier is held up: %v", err)
	}
	unlock8()
	got := make(chan error, 1)
	go func() {
		unlock, err := b.LockDossier(ctx, 7)
		if err == nil {
			unlock()
		}
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("the second lock did not wait: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	unlockA()
	unlockA() // a second unlock does nothing
	select {
	case err := <-got:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("unlock did not release the lock")
	}

	if _, err := a.LockDossier(ctx, 9); err != nil {
		t.Fatal(err)
	}
	terminateHolder(t, b.DB(), 9) // the process holding it dies
	unlock9, err := tryLock(b, 9)
	if err != nil {
		t.Fatalf("the lock of a dead connection was not released: %v", err)
	}
	unlock9()
}

// terminateHolder ends the backend that holds dossier id's lock.
func terminateHolder(t *testing.T, db *sqlx.DB, id int64) {
	t.Helper()
	var ok bool
	err := db.Get(&ok, `SELECT pg_terminate_backend(pid) FROM pg_locks
		WHERE locktype = 'advisory' AND classid = 1685480292 AND objid = $1 AND granted`, id)
	if err != nil || !ok {
		t.Fatal(errors.Join(err, errors.New("no backend holds the lock")))
	}
}
