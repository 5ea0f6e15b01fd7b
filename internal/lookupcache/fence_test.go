package lookupcache_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/lookupcache"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/schema"
)

// gate is a fence the test opens and closes: while closed, a call waits.
type gate struct{ open chan bool }

func (g gate) fence(ctx context.Context) error {
	select {
	case <-g.open:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// fenceFixture is a database with 20 submitted dossiers: its URL, a pool, the store and
// the first dossier's code.
func fenceFixture(t *testing.T) (string, *sqlx.DB, *postgres.Store, string) {
	t.Helper()
	url, db := freshDB(t)
	ctx := context.Background()
	if _, err := schema.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := synthetic.Generate(ctx, db, synthetic.Options{Count: 20, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	store := postgres.NewStore(db)
	var code string
	if err := db.Get(&code, `SELECT code FROM dossiers WHERE code IS NOT NULL ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	return url, db, store, code
}

// TestReplicaReadsWaitForTheFence: an answer read on the replica is kept only once the
// fence has covered every drop so far; while a fence after a change is pending, replica
// reads are served and not kept, and primary reads are kept as before.
func TestReplicaReadsWaitForTheFence(t *testing.T) {
	url, db, store, code := fenceFixture(t)
	ctx := context.Background()
	g := gate{open: make(chan bool)}
	shut := make(chan struct{})
	go func() { // every fence passes until shut is closed
		for {
			select {
			case g.open <- true:
			case <-shut:
				return
			}
		}
	}()
	cache := lookupcache.New(100, time.Minute)
	cache.SetFence(g.fence)
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		cache.Listen(lctx, url, slog.New(slog.DiscardHandler))
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	read := func(replica bool) {
		t.Helper()
		if _, err := cache.LookupRead(code, func() (domain.DossierLog, bool, error) {
			d, err := store.LookupByCode(ctx, code)
			return d, replica, err
		}); err != nil {
			t.Fatal(err)
		}
	}
	kept := func(replica bool) bool { // reads until kept, for up to 5 s
		for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
			read(replica)
			if cache.Holds(code) {
				return true
			}
		}
		return false
	}
	if !kept(true) {
		t.Fatal("with the fence open, a replica read is never kept")
	}

	close(shut) // from now on a fence waits until the test lets it through
	if _, err := db.Exec(`UPDATE dossiers SET updated_at = now() WHERE code = $1`, code); err != nil {
		t.Fatal(err)
	}
	if err := cache.Sync(ctx, store); err != nil {
		t.Fatal(err)
	}
	if cache.Holds(code) {
		t.Fatal("the change did not drop the answer")
	}
	for range 5 {
		read(true)
	}
	if cache.Holds(code) {
		t.Fatal("a replica read was kept while the fence after a change was pending")
	}
	if !kept(false) {
		t.Fatal("a primary read is not kept while a fence is pending")
	}
	cache.DropAll()
	go func() { g.open <- true }() // let the pending fence through (and the one DropAll asked for)
	go func() { g.open <- true }()
	if !kept(true) {
		t.Fatal("once the fence covered the change, a replica read is still not kept")
	}
}
