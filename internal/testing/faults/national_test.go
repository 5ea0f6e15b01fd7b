package faults

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/nationalportal"
)

// checkNational waits until the outbox to the national portal is drained, then checks
// that the portal holds, for every acknowledged dossier, exactly its log's progress in
// order (nothing lost, duplicated or reordered by the kills), and that `dvc verify
// --national` is clean.
func checkNational(t *testing.T, s *Stack, db *sqlx.DB, a *Acked, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		var open int
		err := db.Get(&open, `SELECT count(*) FROM national_outbox WHERE state IN ('pending', 'parked')`)
		if err == nil && open == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("national outbox not drained after %s: %d open, %v", within, open, err)
			return
		}
		time.Sleep(200 * time.Millisecond)
	}
	st := s.Portal.State()
	if len(st.Violations) > 0 {
		t.Errorf("the portal saw violations: %v", st.Violations)
	}
	for _, r := range st.Refusals {
		t.Errorf("the portal refused a message: %+v", r)
	}
	for _, code := range a.Codes() {
		var id int64
		if err := db.Get(&id, `SELECT id FROM dossiers WHERE code = $1`, code); err != nil {
			t.Fatal(err)
		}
		var events []domain.Event
		if err := db.Select(&events, `SELECT dossier_id, seq, at, action, actor_id, actor_name, actor_unit, receiver, note,
			status, step_name, step_due_at, timing, hash FROM dossier_events WHERE dossier_id = $1 ORDER BY seq`, id); err != nil {
			t.Fatal(err)
		}
		want := []string{}
		for _, e := range events {
			if p, ok, _ := nationalportal.ProgressMessage(code, e); ok {
				want = append(want, p.Key())
			}
		}
		got := []string{}
		if r := st.Received[code]; r != nil {
			for _, p := range r.Progress {
				got = append(got, p.Key)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s on the portal:\n%s\nin its log:\n%s", code, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if out, err := s.VerifyNational(ctx); err != nil {
		t.Errorf("dvc verify --national: %v\n%s", err, out)
	}
}
