package readreplica_test

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/dev/pgcluster"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/readreplica"
)

// cluster starts a server (a replica of primary when it is not nil) in a directory of
// its own, stopped at the end of the test.
func cluster(t *testing.T, dir string, port int, primary *pgcluster.Cluster) *pgcluster.Cluster {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Port: port, Fast: true, ReplicaOf: primary})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Stop() })
	return c
}

func store(t *testing.T, url string) *postgres.Store {
	t.Helper()
	s, err := postgres.Connect(url, 4)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// eventually waits up to 20 s for cond.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("not within 20 s: %s", what)
		}
	}
}

// TestRouter: reads go to a replica that keeps up, with a small measured staleness
// bound; the fence returns once a write on the primary is readable on the replica; a
// killed replica sends reads to the primary and a restarted one takes them back.
func TestRouter(t *testing.T) {
	root := t.TempDir()
	if err := os.Chmod(root, 0o755); err != nil { // the postgres user must reach it
		t.Fatal(err)
	}
	_ = os.Chmod(filepath.Dir(root), 0o755)
	primary := cluster(t, filepath.Join(root, "primary"), 0, nil)
	replicaDir := filepath.Join(root, "replica")
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	replica := cluster(t, replicaDir, port, primary)
	p, r := store(t, primary.URL("postgres")), store(t, replica.URL("postgres"))
	router := readreplica.New(readreplica.Options{Primary: p, Replica: r, MaxStaleness: time.Second, Every: 20 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		router.Run(ctx)
	}()
	defer func() {
		cancel()
		<-done
	}()
	onReplica := func() bool { s, ok := router.Store(p); return ok && s == r }
	eventually(t, "reads go to the replica", onReplica)
	if b, ok := router.Staleness(); !ok || b > time.Second {
		t.Fatalf("staleness bound %s (%v)", b, ok)
	}

	if _, err := p.DB().Exec(`CREATE TABLE t (n int); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	if err := router.Fence(context.Background()); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := r.DB().Get(&n, `SELECT n FROM t`); err != nil || n != 1 {
		t.Fatalf("after the fence the replica reads %d (%v), want the row written before it", n, err)
	}

	if err := replica.Kill(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "reads go to the primary once the replica is killed", func() bool { return !onReplica() })
	if _, ok := router.Staleness(); ok {
		t.Fatal("a staleness bound is reported for a replica that is down")
	}
	cluster(t, replicaDir, port, primary)
	eventually(t, "reads go to the replica again once it is restarted", onReplica)
}
