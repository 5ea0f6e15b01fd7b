package testdb_test

import (
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/testing/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }

func currentDatabase(t *testing.T, db *sqlx.DB) string {
	t.Helper()
	var name string
	if err := db.Get(&name, "SELECT current_database()"); err != nil {
		t.Fatal(err)
	}
	return name
}

func hasTable(t *testing.T, db *sqlx.DB, table string) bool {
	t.Helper()
	var ok bool
	if err := db.Get(&ok, "SELECT to_regclass($1) IS NOT NULL", table); err != nil {
		t.Fatal(err)
	}
	return ok
}

// TestIsolation: a subtest gets a database of its own, which does not see the
// parent test's table and is dropped when the subtest ends.
func TestIsolation(t *testing.T) {
	a := testdb.Open(t)
	nameA := currentDatabase(t, a)
	a.MustExec("CREATE TABLE widgets (id int); INSERT INTO widgets VALUES (1)")

	var nameB string
	t.Run("other", func(t *testing.T) {
		b := testdb.Open(t)
		nameB = currentDatabase(t, b)
		if nameB == nameA {
			t.Fatalf("both tests got database %s", nameA)
		}
		if hasTable(t, b, "widgets") {
			t.Fatal("table created in the other test's database is visible here")
		}
		b.MustExec("CREATE TABLE widgets (id int)")
	})

	var n int
	if err := a.Get(&n, "SELECT count(*) FROM widgets"); err != nil || n != 1 {
		t.Fatalf("own table: %d rows, err %v", n, err)
	}
	var exists bool
	if err := a.Get(&exists, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", nameB); err != nil || exists {
		t.Fatalf("database %s of the finished subtest: exists=%v err=%v", nameB, exists, err)
	}
}

func TestParallel(t *testing.T) {
	for _, name := range []string{"one", "two", "three"} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			db := testdb.Open(t)
			if hasTable(t, db, "widgets") {
				t.Fatal("fresh database is not empty")
			}
			db.MustExec("CREATE TABLE widgets (id int)")
		})
	}
}

// TestExistingServer uses DVC_TEST_DATABASE_URL: the databases are created on
// the server it names.
func TestExistingServer(t *testing.T) {
	server := testdb.URL(t) // any database on a server where we may CREATE DATABASE
	t.Setenv(testdb.EnvURL, server)
	db := testdb.Open(t)
	if name := currentDatabase(t, db); name == "" {
		t.Fatal("no database name")
	}
	if hasTable(t, db, "widgets") {
		t.Fatal("fresh database is not empty")
	}
}
