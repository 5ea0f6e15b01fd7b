package synthetic_test

import (
	"context"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
	"github.com/dvc-project/dvc/internal/validate"
)

func TestMain(m *testing.M) { testdb.Main(m) }

// TestGenerate checks that generated dossiers look like real ones to every reader: valid
// applicants, codes that follow the counters, logs whose hash chains verify, projections
// that match the last log row, nothing for the reconciler, and that a later submission
// on a generated day gets the next code.
func TestGenerate(t *testing.T) {
	ctx := context.Background()
	db := testdb.Seeded(t)
	s := postgres.NewStore(db)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, dossiercode.Location)
	opts := synthetic.Options{Count: 3000, From: time.Date(2026, 1, 1, 0, 0, 0, 0, dossiercode.Location),
		To: dossiercode.Day(now), Now: now, Seed: 1, Batch: 700}
	res, err := synthetic.Generate(ctx, db, opts)
	if err != nil {
		t.Fatal(err)
	}
	if res.Dossiers != 3000 || res.Events < 3*3000 || res.Accounts != 60 || res.Ratings == 0 {
		t.Fatalf("result %+v", res)
	}

	t.Run("Chains", func(t *testing.T) {
		breaks, checked, err := s.CheckChains(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(breaks) != 0 || checked != 3000 {
			t.Fatalf("%d checked, breaks %v", checked, breaks)
		}
	})

	t.Run("Applicants", func(t *testing.T) {
		var rows []struct {
			Name     string `db:"applicant_name"`
			IDNumber string `db:"id_number"`
			Phone    string `db:"phone"`
		}
		if err := db.SelectContext(ctx, &rows, `SELECT applicant_name, id_number, phone FROM dossiers`); err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			if _, ok := validate.IDNumber(r.IDNumber); !ok || !validate.Phone(r.Phone) || !validate.Text(r.Name, 200) {
				t.Fatalf("invalid applicant %+v", r)
			}
		}
	})

	t.Run("Projection", func(t *testing.T) {
		var bad int
		if err := db.GetContext(ctx, &bad, `SELECT count(*) FROM dossiers d JOIN LATERAL (
			SELECT status, seq, at FROM dossier_events e WHERE e.dossier_id = d.id ORDER BY seq DESC LIMIT 1) l ON true
			WHERE d.status <> l.status OR d.projected_seq <> l.seq OR d.updated_at <> l.at
			OR (d.status IN (9, 10)) <> (d.finished_at IS NOT NULL AND d.result_ref <> '')
			OR (d.status IN (2, 4, 5, 9, 10) AND d.received_at IS NULL) OR (d.status = 1 AND d.received_at IS NOT NULL)
			OR (d.status IN (3, 7, 8, 10)) <> (d.assignee_role = '')`); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Fatalf("%d dossiers whose projection does not match their log", bad)
		}
		var statuses []int
		if err := db.SelectContext(ctx, &statuses, `SELECT DISTINCT status FROM dossiers ORDER BY 1`); err != nil {
			t.Fatal(err)
		}
		for _, want := range []int{1, 2, 3, 4, 5, 7, 8, 9, 10} {
			found := false
			for _, s := range statuses {
				found = found || s == want
			}
			if !found {
				t.Errorf("no dossier in status %d (have %v)", want, statuses)
			}
		}
		var overdue int
		if err := db.GetContext(ctx, &overdue, `SELECT count(*) FROM dossiers WHERE overdue AND status = 4`); err != nil || overdue == 0 {
			t.Errorf("no open overdue dossier (%v)", err)
		}
	})

	t.Run("NothingToReconcile", func(t *testing.T) {
		ds, err := s.UnstartedDossiers(ctx, now.Add(time.Hour), 10)
		if err != nil || len(ds) != 0 {
			t.Fatalf("reconciler would start %d workflows (%v)", len(ds), err)
		}
	})

	t.Run("CodesFollowCounters", func(t *testing.T) {
		var bad int
		if err := db.GetContext(ctx, &bad, `SELECT count(*) FROM dossiers d JOIN agencies a ON a.id = d.agency_id
			LEFT JOIN dossier_code_counters c ON c.agency_id = d.agency_id
				AND c.day = (d.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date
			WHERE c.last_seq IS NULL OR split_part(d.code, '-', 3)::int > c.last_seq
			OR d.code NOT LIKE a.code || '-' || to_char(d.submitted_at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYMMDD') || '-%'`); err != nil {
			t.Fatal(err)
		}
		if bad != 0 {
			t.Fatalf("%d codes outside their counters", bad)
		}
		var d domain.Dossier
		if err := db.GetContext(ctx, &d.ProcedureID, `SELECT procedure_id FROM dossiers ORDER BY id DESC LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		var day time.Time
		if err := db.GetContext(ctx, &day, `SELECT submitted_at FROM dossiers ORDER BY id DESC LIMIT 1`); err != nil {
			t.Fatal(err)
		}
		draft, err := s.CreateDraft(ctx, domain.DraftInput{ProcedureID: d.ProcedureID,
			Applicant: domain.Applicant{Name: "Nguyễn Văn An", IDNumber: "001203004567", Phone: "0912345678"}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Submit(ctx, draft.ID, day); err != nil {
			t.Fatalf("a submission on a generated day collides: %v", err)
		}
	})

	t.Run("SecondRunContinues", func(t *testing.T) {
		opts.Count, opts.Seed = 500, 2
		if _, err := synthetic.Generate(ctx, db, opts); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.GetContext(ctx, &n, `SELECT count(*) FROM dossiers WHERE code IS NOT NULL`); err != nil || n != 3501 {
			t.Fatalf("%d dossiers after the second run (%v)", n, err)
		}
	})
}
