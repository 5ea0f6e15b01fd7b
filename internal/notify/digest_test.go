package notify_test

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/notify"
	"github.com/dvc-project/dvc/internal/ops/synthetic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/testing/testdb"
)

// TestDailyDigest writes the digests of a working day on 2,000 synthetic dossiers: none
// before the digest hour; from it, one to each officer with dossiers due or overdue at
// their step and one to each leader, in the outbox, the dispatcher sends them, and a
// second pass (another worker, a restart) writes none again.
func TestDailyDigest(t *testing.T) {
	ctx := context.Background()
	db := testdb.Seeded(t)
	monday := time.Date(2026, 11, 16, 6, 30, 0, 0, dossiercode.Location)
	if _, err := synthetic.Generate(ctx, db, synthetic.Options{Count: 2000, Now: monday, To: dossiercode.Day(monday), Seed: 11}); err != nil {
		t.Fatal(err)
	}
	s := postgres.NewStore(db)
	clock := monday
	g := &notify.Digest{Store: s, Log: slog.Default(), Hour: 7, PublicURL: "https://dvc.example.vn", Now: func() time.Time { return clock }}
	if n, err := g.Pass(ctx); err != nil || n != 0 {
		t.Fatalf("before 07:00: %d digests, %v", n, err)
	}
	clock = monday.Add(time.Hour)
	n, err := g.Pass(ctx)
	if err != nil || n == 0 {
		t.Fatalf("at 07:30: %d digests, %v", n, err)
	}
	ds, err := s.Digests(ctx, 1000)
	if err != nil || len(ds) != n {
		t.Fatalf("%d digests in the outbox, %d written (%v)", len(ds), n, err)
	}
	kinds := map[string]int{}
	for _, d := range ds {
		kinds[d.Kind]++
		if d.DossierID != nil || d.Email == "" || d.AccountID == nil {
			t.Errorf("digest %d: dossier %v, e-mail %q", d.ID, d.DossierID, d.Email)
		}
		switch d.Kind {
		case "digest_leader":
			if !strings.Contains(d.Subject, "Tổng hợp hồ sơ ngày 16/11/2026") || !strings.Contains(d.Body, "- Quá hạn: ") {
				t.Errorf("leader digest: %q\n%s", d.Subject, d.Body)
			}
		case "digest_officer":
			if !strings.Contains(d.Subject, "Hồ sơ cần xử lý ngày 16/11/2026") || !strings.Contains(d.Body, "/2026") {
				t.Errorf("officer digest: %q\n%s", d.Subject, d.Body)
			}
		}
	}
	if kinds["digest_leader"] == 0 || kinds["digest_officer"] == 0 {
		t.Fatalf("digests by kind: %v", kinds)
	}
	if again, err := g.Pass(ctx); err != nil || again != 0 {
		t.Fatalf("a second pass wrote %d digests (%v)", again, err)
	}
	sent := 0
	for d := (&notify.Dispatcher{Store: s, Mailer: notify.DevMailbox{}}); ; {
		k, err := d.Pass(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if k == 0 {
			break
		}
		sent += k
	}
	if sent < n {
		t.Fatalf("dispatched %d of %d digests", sent, n)
	}
	clock = time.Date(2026, 11, 21, 9, 0, 0, 0, dossiercode.Location) // a Saturday
	if n, err := g.Pass(ctx); err != nil || n != 0 {
		t.Fatalf("on a Saturday: %d digests, %v", n, err)
	}
}
