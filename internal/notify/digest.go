package notify

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/periodic"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/vnformat"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Digest writes the officers' daily digests to the outbox, once a working day from
// Hour (Vietnam's clock): to each officer with dossiers at their step due within one
// working day or past their deadline, the list of them; to each leader, their agency's
// summary (open, due soon, overdue, waiting for a supplement too long, resolved since
// the previous working day). The dispatcher sends them like every other notification.
type Digest struct {
	Store *postgres.Store
	Log   *slog.Logger
	// Hour is the hour of the day from which the day's digests are written.
	Hour int
	// Every is the pause between passes; 10 minutes when 0.
	Every time.Duration
	// SupplementWait is how long a supplement may be awaited before a leader's summary
	// counts it as too long; 10 days when 0.
	SupplementWait time.Duration
	// PublicURL is the portal's address for the links; Now the clock (time.Now when nil).
	PublicURL string
	Now       func() time.Time
}

// maxDigestItems bounds the dossiers an officer's digest lists by name.
const maxDigestItems = 20

// Run writes the digests until ctx ends.
func (g *Digest) Run(ctx context.Context) {
	every := g.Every
	if every <= 0 {
		every = 10 * time.Minute
	}
	periodic.Run(ctx, every, g.Log, "daily digest", func(ctx context.Context) (bool, error) {
		_, err := g.Pass(ctx)
		return false, err
	})
}

// Pass writes today's digests not yet written, when today is a working day and its
// hour has come, and returns how many it wrote.
func (g *Digest) Pass(ctx context.Context) (int, error) {
	now := time.Now()
	if g.Now != nil {
		now = g.Now()
	}
	rules, err := g.Store.Rules(ctx, now)
	if err != nil {
		return 0, err
	}
	cal := worktime.MustNew(rules.Calendar)
	local := now.In(dossiercode.Location)
	if !cal.IsWorkingDay(now) || local.Hour() < g.Hour {
		return 0, nil
	}
	day := dossiercode.Day(now)
	horizon := cal.Add(now, cal.Day())
	n, err := g.officers(ctx, now, horizon, day)
	if err != nil {
		return n, err
	}
	wait := g.SupplementWait
	if wait <= 0 {
		wait = 10 * 24 * time.Hour
	}
	since := cal.Sub(day, cal.Day()) // the previous working day's start
	sums, err := g.Store.LeaderSummaries(ctx, now, horizon, now.Add(-wait), dossiercode.Day(since))
	if err != nil {
		return n, err
	}
	for _, s := range sums {
		subject := "Tổng hợp hồ sơ ngày " + vnformat.Date(now) + ": " + s.AgencyName
		body := fmt.Sprintf("Kính gửi %s,\n\nTình hình hồ sơ của %s lúc %s:\n- Đang giải quyết: %s\n- Sắp đến hạn (trong một ngày làm việc): %s\n- Quá hạn: %s\n- Chờ bổ sung quá lâu: %s\n- Đã giải quyết từ ngày làm việc trước: %s\n\nXem chi tiết: %s/can-bo/giam-sat?list=overdue\n",
			s.FullName, s.AgencyName, vnformat.DateTime(now), vnformat.Int(int64(s.Open)), vnformat.Int(int64(s.DueSoon)),
			vnformat.Int(int64(s.Overdue)), vnformat.Int(int64(s.SupplementTooLong)), vnformat.Int(int64(s.ResolvedLastPeriod)), g.PublicURL)
		ok, err := g.Store.WriteDigest(ctx, s.AccountID, day, "leader", s.Email, subject, body)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
	}
	return n, nil
}

// officers writes the officers' digests of day.
func (g *Digest) officers(ctx context.Context, now, horizon, day time.Time) (int, error) {
	items, err := g.Store.DigestItems(ctx, now, horizon)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := 0; i < len(items); {
		j := i
		for j < len(items) && items[j].AccountID == items[i].AccountID {
			j++
		}
		subject, body := officerDigest(items[i:j], now, g.PublicURL)
		ok, err := g.Store.WriteDigest(ctx, items[i].AccountID, day, "officer", items[i].Email, subject, body)
		if err != nil {
			return n, err
		}
		if ok {
			n++
		}
		i = j
	}
	return n, nil
}

// officerDigest is one officer's digest of items (theirs, by deadline).
func officerDigest(items []postgres.DigestItem, now time.Time, publicURL string) (string, string) {
	overdue := 0
	for _, it := range items {
		if it.Overdue {
			overdue++
		}
	}
	soon := len(items) - overdue
	subject := fmt.Sprintf("Hồ sơ cần xử lý ngày %s: %s quá hạn, %s sắp đến hạn", vnformat.Date(now),
		vnformat.Int(int64(overdue)), vnformat.Int(int64(soon)))
	var b strings.Builder
	fmt.Fprintf(&b, "Kính gửi %s,\n\nCác hồ sơ đang chờ bạn xử lý đã quá hạn hoặc đến hạn trong một ngày làm việc:\n", items[0].FullName)
	for k, it := range items {
		if k == maxDigestItems {
			fmt.Fprintf(&b, "… và %s hồ sơ khác.\n", vnformat.Int(int64(len(items)-k)))
			break
		}
		state := "hạn"
		if it.Overdue {
			state = "QUÁ HẠN từ"
		}
		fmt.Fprintf(&b, "- %s (%s): %s %s\n", it.Code, it.ProcedureName, state, vnformat.DateTime(it.DueAt))
	}
	fmt.Fprintf(&b, "\nMở danh sách: %s/can-bo\n", publicURL)
	return subject, b.String()
}
