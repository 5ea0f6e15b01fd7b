package postgres_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// bigTables may never be read whole by a hot query.
var bigTables = map[string]bool{"dossiers": true, "dossier_events": true, "dossier_files": true, "accounts": true}

// TestHotQueryPlans runs the store's hot reads (public lookups, inboxes, "my dossiers",
// audit search, statistics of one agency and one year, reconciler) on 60,000 synthetic
// dossiers, records the SQL they send and checks the planner's choice with EXPLAIN: every
// read of a big table goes through an index.
func TestHotQueryPlans(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 60,000 dossiers")
	}
	ctx := context.Background()
	db := testdb.Seeded(t)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, dossiercode.Location)
	res, err := synthetic.Generate(ctx, db, synthetic.Options{Count: 60000, Now: now,
		To: dossiercode.Day(now), Seed: 7, Batch: 10000})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated %d dossiers, %d log rows in %s, vacuum %s", res.Dossiers, res.Events, res.Load, res.Vacuum)
	rec := &recorder{}
	s := postgres.NewStore(sqlx.NewDb(sql.OpenDB(rec.connector(sameDatabase(t, db))), "postgres"))
	defer s.DB().Close()

	var f struct {
		Code      string `db:"code"`
		IDNumber  string `db:"id_number"`
		DossierID int64  `db:"id"`
		AgencyID  int64  `db:"agency_id"`
		OwnerID   int64  `db:"owner_id"`
		OfficerID int64  `db:"officer_id"`
		Username  string `db:"username"`
	}
	if err := db.GetContext(ctx, &f, `SELECT d.code, d.id_number, d.id, d.agency_id, d.owner_id,
		(SELECT id FROM accounts WHERE username = 'chuyenvien') AS officer_id, o.username
		FROM dossiers d JOIN accounts o ON o.id = d.owner_id JOIN agencies a ON a.id = d.agency_id
		WHERE a.code = '000.00.03.H03' ORDER BY d.id DESC LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	year := time.Date(2025, 1, 1, 0, 0, 0, 0, dossiercode.Location)
	month := now.AddDate(0, -1, 0)
	due := now.AddDate(0, 0, 3)
	calls := map[string]func() error{
		"DossierByCode": func() error { _, err := s.DossierByCode(ctx, f.Code); return err },
		"LookupByCode":  func() error { _, err := s.LookupByCode(ctx, f.Code); return err },
		"LookupByIDNumber": func() error {
			_, err := s.LookupByIDNumber(ctx, f.IDNumber, 20)
			return err
		},
		"Events": func() error { _, err := s.Events(ctx, f.DossierID); return err },
		"Files":  func() error { _, err := s.Files(ctx, f.DossierID); return err },
		"InboxReception": func() error {
			_, err := s.Inbox(ctx, domain.InboxQuery{AgencyID: f.AgencyID, Roles: []string{domain.RoleReception}, AccountID: 1})
			return err
		},
		"InboxSpecialistDue": func() error {
			_, err := s.Inbox(ctx, domain.InboxQuery{AgencyID: f.AgencyID, Roles: []string{domain.RoleSpecialist, domain.RoleLeader},
				AccountID: f.OfficerID, Status: int(domain.StatusProcessing), DueBefore: &due})
			return err
		},
		"AssignedTo": func() error { _, err := s.AssignedTo(ctx, f.AgencyID, f.OfficerID); return err },
		"OwnerDossiersAll": func() error {
			_, _, err := s.OwnerDossiers(ctx, f.OwnerID, "", 1, 20)
			return err
		},
		"OwnerDossiersReturned": func() error {
			_, _, err := s.OwnerDossiers(ctx, f.OwnerID, "returned", 2, 20)
			return err
		},
		"Credentials": func() error { _, _, err := s.Credentials(ctx, f.Username); return err },
		"SearchEventsAgencyMonth": func() error {
			_, _, err := s.SearchEvents(ctx, domain.EventQuery{AgencyID: f.AgencyID, From: &month, To: &now, Page: 1, PerPage: 50})
			return err
		},
		"SearchEventsActionMonth": func() error {
			_, _, err := s.SearchEvents(ctx, domain.EventQuery{Action: domain.ActionRefused, From: &month, Page: 2, PerPage: 50})
			return err
		},
		"StatsAgencyYear": func() error {
			_, err := s.Stats(ctx, domain.StatsQuery{AgencyID: f.AgencyID, From: year, To: year.AddDate(1, 0, 0)})
			return err
		},
		"Unstarted": func() error { _, err := s.UnstartedDossiers(ctx, now, 100); return err },
	}
	t.Run("StatsSameFiguresAsFullScan", func(t *testing.T) {
		full, err := os.ReadFile("testdata/stats_full_scan.sql")
		if err != nil {
			t.Fatal(err)
		}
		// The queries below read both the log summary on the dossier rows (dossiers whose
		// log ends before the period's end) and the log itself (the others); the summary
		// the COPY trigger wrote equals the log.
		var split struct {
			Summary int `db:"summary"`
			Log     int `db:"log"`
		}
		end := year.AddDate(1, 0, 0)
		if err := db.GetContext(ctx, &split, `SELECT count(*) FILTER (WHERE log_last_at < $1) AS summary,
			count(*) FILTER (WHERE log_last_at >= $1) AS log FROM dossiers WHERE submitted_at < $1`, end); err != nil {
			t.Fatal(err)
		}
		if split.Summary == 0 || split.Log == 0 {
			t.Fatalf("dossiers submitted before %s: %+v, want some with their log before it and some after", end, split)
		}
		if stale, err := s.StaleLogSummaries(ctx); err != nil || len(stale) != 0 {
			t.Fatalf("stale log summaries after COPY: %d (%v)", len(stale), err)
		}
		for _, q := range []domain.StatsQuery{
			{AgencyID: f.AgencyID, From: year, To: year.AddDate(1, 0, 0)},
			{AgencyID: f.AgencyID, From: now.AddDate(0, -1, 0), To: now},
			{GroupBy: "agency", From: year.AddDate(-2, 6, 0), To: year.AddDate(-2, 9, 0)},
			{GroupBy: "field", From: year.AddDate(1, 0, 0), To: now.AddDate(0, 0, 1)},
		} {
			got, err := s.Stats(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			want := []domain.Stats{}
			if err := db.SelectContext(ctx, &want, string(full), q.AgencyID, q.FieldID, q.From, q.To, q.GroupBy); err != nil {
				t.Fatal(err)
			}
			if len(got) == 0 || got[0].Received == 0 || !reflect.DeepEqual(got, want) {
				t.Errorf("%+v:\n got %+v\nwant %+v", q, got, want)
			}
		}
	})
	t.Run("SearchEventsSameRowsAsAllAgencyDossiers", func(t *testing.T) {
		// The search reads only the dossiers updated since the period's start; the same
		// filter over all the agency's dossiers finds the same rows.
		for _, q := range []domain.EventQuery{
			{AgencyID: f.AgencyID, From: &month, To: &now, Page: 1, PerPage: 50},
			{AgencyID: f.AgencyID, From: &year, To: ptr(year.AddDate(0, 3, 0)), Page: 3, PerPage: 20},
			{AgencyID: f.AgencyID, From: ptr(now.AddDate(0, 0, -7)), Page: 1, PerPage: 0},
		} {
			got, total, err := s.SearchEvents(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			if err := db.SelectContext(ctx, &want, `SELECT e.dossier_id || '/' || e.seq FROM dossier_events e
				WHERE e.dossier_id IN (SELECT id FROM dossiers WHERE agency_id = $1 OR holder_agency_id = $1)
					AND e.at >= $2 AND ($3::timestamptz IS NULL OR e.at < $3)
				ORDER BY e.at DESC, e.dossier_id, e.seq`, q.AgencyID, q.From, q.To); err != nil {
				t.Fatal(err)
			}
			per := q.PerPage
			if per == 0 {
				per = len(want)
			}
			page := want[min((q.Page-1)*per, len(want)):min(q.Page*per, len(want))]
			var keys []string
			for _, e := range got {
				keys = append(keys, fmt.Sprintf("%d/%d", e.DossierID, e.Seq))
			}
			if total != len(want) || len(page) == 0 || !reflect.DeepEqual(keys, page) {
				t.Errorf("%+v: total %d, want %d; page %v, want %v", q, total, len(want), keys, page)
			}
		}
	})
	for name, call := range calls {
		t.Run(name, func(t *testing.T) {
			rec.reset()
			if err := call(); err != nil {
				t.Fatal(err)
			}
			qs := rec.take()
			if len(qs) == 0 {
				t.Fatal("no query recorded")
			}
			for _, q := range qs {
				if strings.HasPrefix(strings.TrimSpace(q.query), "SET ") {
					continue // a setting (jit off for the statistics), nothing to plan
				}
				plan := explain(t, db, q)
				for _, n := range plan.scans() {
					if bigTables[n.Relation] && n.Type == "Seq Scan" {
						t.Errorf("sequential scan of %s in %.200s…\nplan:\n%s", n.Relation, strings.TrimSpace(q.query), plan.raw)
					}
				}
			}
		})
	}
}

// sameDatabase returns a URL of db's database.
func sameDatabase(t *testing.T, db *sqlx.DB) string {
	var name string
	if err := db.Get(&name, `SELECT current_database()`); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(testdb.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// recorded is one statement a store method sent.
type recorded struct {
	query string
	args  []any
}

// recorder is a database/sql connector over lib/pq that remembers the statements run.
type recorder struct {
	mu   sync.Mutex
	seen []recorded
}

func (r *recorder) reset() { r.mu.Lock(); r.seen = nil; r.mu.Unlock() }

func (r *recorder) take() []recorded {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.seen
}

func (r *recorder) add(query string, args []driver.NamedValue) {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	r.mu.Lock()
	r.seen = append(r.seen, recorded{query, vals})
	r.mu.Unlock()
}

func (r *recorder) connector(url string) driver.Connector {
	c, err := pq.NewConnector(url)
	if err != nil {
		panic(err)
	}
	return recConnector{c, r}
}

type recConnector struct {
	driver.Connector
	rec *recorder
}

func (c recConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return recConn{conn, c.rec}, nil
}

// recConn forwards everything database/sql uses to the pq connection, recording queries.
type recConn struct {
	driver.Conn
	rec *recorder
}

func (c recConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	c.rec.add(query, args)
	return c.Conn.(driver.QueryerContext).QueryContext(ctx, query, args)
}

func (c recConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	c.rec.add(query, args)
	return c.Conn.(driver.ExecerContext).ExecContext(ctx, query, args)
}

// PrepareContext records the prepared statement's query each time it runs (Store's hot
// reads are prepared).
func (c recConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	return recStmt{st, query, c.rec}, nil
}

// recStmt records the runs of a prepared statement.
type recStmt struct {
	driver.Stmt
	query string
	rec   *recorder
}

func (s recStmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	s.rec.add(s.query, args)
	return s.Stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
}

func (s recStmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	s.rec.add(s.query, args)
	return s.Stmt.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c recConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c recConn) CheckNamedValue(nv *driver.NamedValue) error {
	return c.Conn.(driver.NamedValueChecker).CheckNamedValue(nv)
}

// planNode is the part of EXPLAIN (FORMAT JSON) output the test reads.
type planNode struct {
	Type     string     `json:"Node Type"`
	Relation string     `json:"Relation Name"`
	Index    string     `json:"Index Name"`
	Plans    []planNode `json:"Plans"`
}

type plan struct {
	root planNode
	raw  string
}

func (p plan) scans() []planNode {
	var out []planNode
	var walk func(n planNode)
	walk = func(n planNode) {
		if n.Relation != "" {
			out = append(out, n)
		}
		for _, c := range n.Plans {
			walk(c)
		}
	}
	walk(p.root)
	return out
}

// explain plans q with its recorded arguments, as the application's unnamed statement is.
func explain(t *testing.T, db *sqlx.DB, q recorded) plan {
	t.Helper()
	var raw string
	if err := db.QueryRow(`EXPLAIN (FORMAT JSON) `+q.query, q.args...).Scan(&raw); err != nil {
		t.Fatalf("explain %s: %v", q.query, err)
	}
	var out []struct {
		Plan planNode `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil || len(out) != 1 {
		t.Fatalf("explain output %q: %v", raw, err)
	}
	return plan{root: out[0].Plan, raw: indentPlan(out[0].Plan, 0)}
}

func indentPlan(n planNode, depth int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s %s %s\n", strings.Repeat("  ", depth), n.Type, n.Relation, n.Index)
	for _, c := range n.Plans {
		b.WriteString(indentPlan(c, depth+1))
	}
	return b.String()
}

func ptr[T any](v T) *T { return &v }
