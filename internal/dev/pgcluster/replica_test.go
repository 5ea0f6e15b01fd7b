package pgcluster

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// waitCount waits until the query's count on db is want.
func waitCount(t *testing.T, db *sql.DB, want int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	var got int
	for time.Now().Before(deadline) {
		if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&got); err == nil && got == want {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the replica shows %d rows, want %d", got, want)
}

// TestReplica makes a hot standby of a running server, reads on it what the primary
// wrote, refuses writes on it, and, after a SIGKILL and a restart, catches up with what
// the primary wrote meanwhile.
func TestReplica(t *testing.T) {
	ctx := context.Background()
	primary := start(t, Options{Dir: clusterDir(t), Fast: true})
	pdb := open(t, primary.URL("postgres"))
	if _, err := pdb.Exec(`CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 10)`); err != nil {
		t.Fatal(err)
	}
	dir := clusterDir(t)
	replica := start(t, Options{Dir: dir, Fast: true, ReplicaOf: primary})
	rdb := open(t, replica.URL("postgres"))
	var standby bool
	if err := rdb.QueryRow(`SELECT pg_is_in_recovery()`).Scan(&standby); err != nil || !standby {
		t.Fatalf("the replica is not a standby: %v %v", standby, err)
	}
	waitCount(t, rdb, 10)
	if _, err := rdb.Exec(`INSERT INTO t VALUES (11)`); err == nil {
		t.Fatal("the replica accepted a write")
	}
	if _, err := pdb.Exec(`INSERT INTO t VALUES (11)`); err != nil {
		t.Fatal(err)
	}
	waitCount(t, rdb, 11)

	if err := replica.Kill(); err != nil {
		t.Fatal(err)
	}
	if _, err := pdb.Exec(`INSERT INTO t SELECT generate_series(12, 20)`); err != nil {
		t.Fatal(err)
	}
	again := start(t, Options{Dir: dir, Fast: true, ReplicaOf: primary})
	if again.Port() == 0 {
		t.Fatal("no port")
	}
	waitCount(t, open(t, again.URL("postgres")), 20)
	var slot string
	if err := pdb.QueryRowContext(ctx, `SELECT slot_name FROM pg_replication_slots WHERE active`).Scan(&slot); err != nil || slot != SlotName(again.Dir()) {
		t.Fatalf("replication slot %q (%v), want %q active", slot, err, SlotName(again.Dir()))
	}
}
