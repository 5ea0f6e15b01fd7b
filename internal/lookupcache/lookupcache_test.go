package lookupcache_test

import (
	"context"
	"fmt"
	"log/slog"
	neturl "net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/lookupcache"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/schema"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// fixture is a database with 600 submitted synthetic dossiers and a cache listening on it.
type fixture struct {
	t     *testing.T
	url   string
	db    *sqlx.DB
	store *postgres.Store
	cache *lookupcache.Cache
	loads atomic.Int64 // database reads made through lookup
}

// freshDB is an empty database of its own for the test: its URL and a pool on it.
func freshDB(t *testing.T) (string, *sqlx.DB) {
	t.Helper()
	url := testdb.URL(t)
	db, err := sqlx.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return url, db
}

func newFixture(t *testing.T, max int) *fixture {
	t.Helper()
	url, db := freshDB(t)
	ctx := context.Background()
	if _, err := schema.Migrate(ctx, db); err != nil {
		t.Fatal(err)
	}
	if err := demo.Seed(ctx, db); err != nil {
		t.Fatal(err)
	}
	if _, err := synthetic.Generate(ctx, db, synthetic.Options{Count: 600, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, url: url, db: db, store: postgres.NewStore(db), cache: lookupcache.New(max, time.Minute)}
	f.listen(url)
	return f
}

// listen starts the cache's listener until the test ends and waits until it keeps answers.
func (f *fixture) listen(url string) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		f.cache.Listen(ctx, url, slog.New(slog.DiscardHandler))
	}()
	f.t.Cleanup(func() {
		cancel()
		<-done
	})
	f.waitLive()
}

// waitLive waits until a lookup is kept (the listener connected and listening).
func (f *fixture) waitLive() {
	f.t.Helper()
	code := f.code(0)
	for deadline := time.Now().Add(10 * time.Second); ; {
		f.lookup(code)
		if f.cache.Len() > 0 {
			f.cache.DropAll()
			return
		}
		if time.Now().After(deadline) {
			f.t.Fatal("the cache keeps nothing 10 s after Listen started")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// code is the code of the i-th submitted dossier by id.
func (f *fixture) code(i int) string {
	f.t.Helper()
	var code string
	if err := f.db.Get(&code, `SELECT code FROM dossiers WHERE code IS NOT NULL ORDER BY id OFFSET $1 LIMIT 1`, i); err != nil {
		f.t.Fatal(err)
	}
	return code
}

func (f *fixture) lookup(code string) domain.DossierLog {
	f.t.Helper()
	d, err := f.cache.Lookup(code, func() (domain.DossierLog, error) {
		f.loads.Add(1)
		return f.store.LookupByCode(context.Background(), code)
	})
	if err != nil {
		f.t.Fatalf("lookup %s: %v", code, err)
	}
	return d
}

func (f *fixture) exec(query string, args ...any) {
	f.t.Helper()
	if _, err := f.db.Exec(query, args...); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) sync() {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.cache.Sync(ctx, f.store); err != nil {
		f.t.Fatal(err)
	}
}

// TestChangesReachTheCache: a repeated lookup costs no read; a change to the dossier made
// by another connection (an officer's decision, a log row, a rename, a mass update) is seen
// by the next lookup, and a rolled-back change drops nothing.
func TestChangesReachTheCache(t *testing.T) {
	f := newFixture(t, 100)
	a, b := f.code(1), f.code(2)
	first := f.lookup(a)
	f.lookup(b)
	before := f.loads.Load()
	if again := f.lookup(a); f.loads.Load() != before || again.Status != first.Status {
		t.Fatalf("a repeated lookup read the database (%d reads, want %d)", f.loads.Load(), before)
	}

	expectReads := func(step string, want int64, codes ...string) {
		t.Helper()
		from := f.loads.Load()
		for _, c := range codes {
			f.lookup(c)
		}
		if got := f.loads.Load() - from; got != want {
			t.Fatalf("%s: %d database reads for %v, want %d", step, got, codes, want)
		}
	}

	// An update of dossier a: its answer goes, b's stays.
	f.exec(`UPDATE dossiers SET address = 'Tổ 9, phường Mới, Bắc Kạn' WHERE code = $1`, a)
	f.sync()
	expectReads("after updating a", 1, a, b)
	if got := f.lookup(a).Address; got != "Tổ 9, phường Mới, Bắc Kạn" {
		t.Fatalf("lookup after the update shows address %q", got)
	}

	// A log row (the projection's and the summary's UPDATE of the dossier) drops it too.
	rows := len(f.lookup(b).Events)
	f.exec(`INSERT INTO dossier_events (dossier_id, seq, at, action, actor_name, status, hash)
		SELECT id, log_seq + 1, now(), 'note', 'Cán bộ', status, '\x00'::bytea FROM dossiers WHERE code = $1`, b)
	f.sync()
	if got := len(f.lookup(b).Events); got != rows+1 {
		t.Fatalf("lookup after a new log row shows %d rows, want %d", got, rows+1)
	}

	// A rolled-back update drops nothing.
	tx := f.db.MustBegin()
	if _, err := tx.Exec(`UPDATE dossiers SET address = 'x' WHERE code = $1`, a); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	f.sync()
	expectReads("after a rollback", 0, a, b)

	// A procedure renamed: every answer goes.
	f.exec(`UPDATE procedures SET name = name || ' (sửa)' WHERE id = (SELECT procedure_id FROM dossiers WHERE code = $1)`, a)
	f.sync()
	expectReads("after a rename", 2, a, b)

	// A statement over more than 500 dossiers: one "*" notification, every answer goes.
	f.exec(`UPDATE dossiers SET phone = phone WHERE code IS NOT NULL`)
	f.sync()
	expectReads("after a mass update", 2, a, b)
}

// TestReadDuringChange: an answer read while a change was being reported is not kept, so
// it cannot outlive the notification that should have dropped it.
func TestReadDuringChange(t *testing.T) {
	f := newFixture(t, 100)
	a := f.code(3)
	var id int64
	if err := f.db.Get(&id, `SELECT id FROM dossiers WHERE code = $1`, a); err != nil {
		t.Fatal(err)
	}
	_, err := f.cache.Lookup(a, func() (domain.DossierLog, error) {
		d, err := f.store.LookupByCode(context.Background(), a)
		// The change commits and its notification arrives after the read, before Lookup
		// would keep the answer.
		f.exec(`UPDATE dossiers SET address = 'Đã đổi' WHERE id = $1`, id)
		f.sync()
		return d, err
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := f.cache.Len(); n != 0 {
		t.Fatalf("the answer read before the change was kept (%d entries)", n)
	}
	if got := f.lookup(a).Address; got != "Đã đổi" {
		t.Fatalf("lookup shows %q after the change", got)
	}
}

// TestLostConnection: when the listening connection is killed, the cache drops what it
// holds and keeps nothing until lib/pq has reconnected and listens again; then changes
// reach it as before.
func TestLostConnection(t *testing.T) {
	f := newFixture(t, 100)
	a := f.code(4)
	f.lookup(a)
	// Keep the listener from reconnecting for a while: the database refuses new
	// connections (the test's pool keeps its open one), as told from the server's
	// maintenance database.
	u, err := neturl.Parse(f.url)
	if err != nil {
		t.Fatal(err)
	}
	dbname := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, err := sqlx.Open("postgres", u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	allow := func(yes bool) {
		t.Helper()
		if _, err := admin.Exec(fmt.Sprintf(`ALTER DATABASE %s WITH ALLOW_CONNECTIONS %t`, pq.QuoteIdentifier(dbname), yes)); err != nil {
			t.Fatal(err)
		}
	}
	allow(false)
	defer allow(true)
	var killed int
	if err := f.db.Get(&killed, `SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil || killed != 1 {
		t.Fatalf("terminating the listener: %d backends, %v", killed, err)
	}
	for deadline := time.Now().Add(10 * time.Second); f.cache.Len() != 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the cache kept its entries 10 s after its connection was killed")
		}
	}
	// Disconnected: answers are read, not kept, so a change made now cannot be missed.
	for i := 0; i < 3; i++ {
		f.lookup(a)
	}
	if n := f.cache.Len(); n != 0 {
		t.Fatalf("the cache kept %d answers without a listening connection", n)
	}
	f.exec(`UPDATE dossiers SET address = 'Trong lúc mất kết nối' WHERE code = $1`, a)
	if got := f.lookup(a).Address; got != "Trong lúc mất kết nối" {
		t.Fatalf("lookup while disconnected shows %q", got)
	}
	allow(true)
	f.waitLive()
	f.exec(`UPDATE dossiers SET address = 'Sau khi kết nối lại' WHERE code = $1`, a)
	f.sync()
	if got := f.lookup(a).Address; got != "Sau khi kết nối lại" {
		t.Fatalf("lookup after a change following the reconnection shows %q", got)
	}
}

// TestBounds: at most max entries, and none kept past the TTL or without a listener.
func TestBounds(t *testing.T) {
	f := newFixture(t, 5)
	for i := 0; i < 20; i++ {
		f.lookup(f.code(i))
	}
	if n := f.cache.Len(); n != 5 {
		t.Fatalf("%d entries held, want the maximum 5", n)
	}

	idle := lookupcache.New(5, time.Minute) // never listening
	code := f.code(0)
	var reads int
	for i := 0; i < 3; i++ {
		if _, err := idle.Lookup(code, func() (domain.DossierLog, error) {
			reads++
			return f.store.LookupByCode(context.Background(), code)
		}); err != nil {
			t.Fatal(err)
		}
	}
	if reads != 3 || idle.Len() != 0 {
		t.Fatalf("a cache without a listener read %d times and holds %d entries, want 3 and 0", reads, idle.Len())
	}

	var nilCache *lookupcache.Cache
	if _, err := nilCache.Lookup(code, func() (domain.DossierLog, error) { return f.store.LookupByCode(context.Background(), code) }); err != nil {
		t.Fatalf("a nil cache: %v", err)
	}
}

// TestTTL: an answer older than the TTL is read again even without a notification.
func TestTTL(t *testing.T) {
	url := testdb.URL(t)
	c := lookupcache.New(10, 300*time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.Listen(ctx, url, slog.New(slog.DiscardHandler))
	}()
	defer func() {
		cancel()
		<-done
	}()
	var reads int
	load := func() (domain.DossierLog, error) {
		reads++
		code := "X"
		return domain.DossierLog{Dossier: domain.Dossier{ID: 1, Code: &code}}, nil
	}
	for deadline := time.Now().Add(10 * time.Second); c.Len() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("not listening after 10 s")
		}
		if _, err := c.Lookup("X", load); err != nil {
			t.Fatal(err)
		}
	}
	reads = 0
	if _, err := c.Lookup("X", load); err != nil || reads != 0 {
		t.Fatalf("fresh entry: %d reads, %v", reads, err)
	}
	time.Sleep(350 * time.Millisecond)
	if _, err := c.Lookup("X", load); err != nil || reads != 1 {
		t.Fatalf("entry past its TTL: %d reads, want 1 (%v)", reads, err)
	}
}

// TestListenLazily: no notification connection until the first lookup; then answers are
// kept, and Wait returns once the context has ended the listener. After Wait, a lookup
// starts nothing.
func TestListenLazily(t *testing.T) {
	url, db := freshDB(t)
	listeners := func() int {
		t.Helper()
		var n int
		if err := db.Get(&n, `SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	code := "X"
	load := func() (domain.DossierLog, error) {
		return domain.DossierLog{Dossier: domain.Dossier{ID: 1, Code: &code}}, nil
	}
	c := lookupcache.New(10, time.Minute)
	ctx, cancel := context.WithCancel(context.Background())
	c.ListenLazily(ctx, url, slog.New(slog.DiscardHandler))
	time.Sleep(200 * time.Millisecond)
	if n := listeners(); n != 0 {
		t.Fatalf("%d listening connections before any lookup", n)
	}
	for deadline := time.Now().Add(10 * time.Second); c.Len() == 0; time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("nothing kept 10 s after the first lookup")
		}
		if _, err := c.Lookup(code, load); err != nil {
			t.Fatal(err)
		}
	}
	if n := listeners(); n != 1 {
		t.Fatalf("%d listening connections after the first lookup, want 1", n)
	}
	cancel()
	c.Wait()
	if n := c.Len(); n != 0 {
		t.Fatalf("%d entries kept after the listener ended", n)
	}

	idle := lookupcache.New(10, time.Minute)
	idle.ListenLazily(context.Background(), url, slog.New(slog.DiscardHandler))
	idle.Wait() // never started: returns at once, and no lookup starts it now
	if _, err := idle.Lookup(code, load); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if n := listeners(); n != 0 {
		t.Fatalf("a lookup after Wait started a listener (%d connections)", n)
	}
}
