package synthetic

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
)

// dossier is one planned dossier.
type dossier struct {
	id      int64
	proc    *procedure
	who     person
	owner   *int64
	email   string
	channel string
	code    string
	submit  time.Time
	rows    []row
	rating  string // "" when the citizen did not rate the result
	ratedAt time.Time
}

// batch is what one transaction writes.
type batch struct {
	dossiers []dossier
	counters map[counterKey]int
}

// run plans the dossiers day by day and writes them in batches, planning the next batches
// while the previous ones are written (Writers at once, each in its own transaction).
func (g *generator) run(ctx context.Context, res *Result) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	work := make(chan batch, g.opts.Writers)
	errs := make(chan error, g.opts.Writers)
	var mu sync.Mutex
	for range g.opts.Writers {
		go func() {
			var failed error
			for b := range work { // after a failure, drain so that the planner finishes
				if failed != nil {
					continue
				}
				ev, rt, err := g.write(ctx, b)
				if err != nil {
					failed = err
					cancel()
					continue
				}
				mu.Lock()
				res.Dossiers, res.Events, res.Ratings = res.Dossiers+len(b.dossiers), res.Events+ev, res.Ratings+rt
				if g.opts.Progress != nil {
					g.opts.Progress(res.Dossiers, g.opts.Count)
				}
				mu.Unlock()
			}
			errs <- failed
		}()
	}
	err := g.plan(ctx, work)
	close(work)
	for range g.opts.Writers {
		if werr := <-errs; werr != nil {
			return werr
		}
	}
	return err
}

// plan spreads Count submissions over the days of the period (fewer at weekends and on
// holidays, more before the school year, growing each year) and sends full batches.
func (g *generator) plan(ctx context.Context, work chan<- batch) error {
	var days []time.Time
	var weights []float64
	total := 0.0
	for d := dossiercode.Day(g.opts.From); d.Before(g.opts.To); d = d.AddDate(0, 0, 1) {
		w := 1.0
		switch {
		case !g.cal.IsWorkingDay(d) && d.Weekday() != time.Saturday && d.Weekday() != time.Sunday:
			w = 0.1 // a holiday
		case d.Weekday() == time.Saturday:
			w = 0.15
		case d.Weekday() == time.Sunday:
			w = 0.05
		}
		switch d.Month() {
		case time.August, time.September:
			w *= 1.4
		case time.February:
			w *= 0.8
		}
		w *= 1 + 0.12*float64(d.Year()-2022)
		days = append(days, d)
		weights = append(weights, w)
		total += w
	}
	cur := batch{counters: map[counterKey]int{}}
	acc, emitted := 0.0, 0
	for i, day := range days {
		acc += weights[i]
		n := int(float64(g.opts.Count)*acc/total+0.5) - emitted
		if i == len(days)-1 {
			n = g.opts.Count - emitted
		}
		emitted += n
		for _, d := range g.day(day, n, cur.counters) {
			cur.dossiers = append(cur.dossiers, d)
			if len(cur.dossiers) == g.opts.Batch {
				if err := g.send(ctx, work, cur); err != nil {
					return err
				}
				cur = batch{counters: map[counterKey]int{}}
			}
		}
	}
	if len(cur.dossiers) > 0 {
		return g.send(ctx, work, cur)
	}
	return nil
}

// day plans n dossiers submitted on day, with their codes in submission order.
func (g *generator) day(day time.Time, n int, counters map[counterKey]int) []dossier {
	ds := make([]dossier, n)
	for i := range ds {
		d := &ds[i]
		d.proc = g.procs[sort.SearchFloat64s(g.cum, g.rng.Float64()*g.cum[len(g.cum)-1])]
		switch x := g.rng.Float64(); {
		case x < 0.7:
			d.channel = "online"
		case x < 0.95:
			d.channel = "desk"
		default:
			d.channel = "post"
		}
		offset := 7*time.Hour + time.Duration(g.rng.Int64N(int64(10*time.Hour)))
		if d.channel == "online" && g.rng.Float64() < 0.2 {
			offset = time.Duration(g.rng.Int64N(int64(24 * time.Hour)))
		}
		d.submit = day.Add(offset).Truncate(time.Second)
		g.applicant(d)
	}
	slices.SortFunc(ds, func(a, b dossier) int { return a.submit.Compare(b.submit) })
	dayKey := day.Format(time.DateOnly)
	for i := range ds {
		d := &ds[i]
		k := counterKey{d.proc.agency.id, dayKey}
		g.counters[k]++
		counters[k] = g.counters[k]
		d.code = dossiercode.Format(d.proc.agency.code, d.submit, g.counters[k])
		rows := g.planRows(g.rng, d.proc, d.who.name, d.channel, d.submit)
		cut := len(rows)
		for cut > 1 && rows[cut-1].at.After(g.opts.Now) {
			cut--
		}
		d.rows = rows[:cut]
		last := d.rows[len(d.rows)-1]
		if last.action == domain.ActionDelivered && g.rng.Float64() < 0.15 {
			d.ratedAt = last.at.Add(time.Hour + time.Duration(g.rng.Int64N(int64(72*time.Hour)))).Truncate(time.Second)
			d.rating = []string{"very_satisfied", "very_satisfied", "satisfied", "satisfied", "satisfied", "not_satisfied"}[g.rng.IntN(6)]
			if d.ratedAt.After(g.opts.Now) {
				d.rating = ""
			}
		}
	}
	return ds
}

// applicant picks who submits: 30% account holders (1% of all dossiers from ten heavy
// users such as service agents), the rest anyone in the population.
func (g *generator) applicant(d *dossier) {
	idx := 0
	switch x := g.rng.Float64(); {
	case x < 0.01:
		idx = g.rng.IntN(min(10, len(g.accounts)))
	case x < 0.3:
		idx = g.rng.IntN(len(g.accounts))
	default:
		idx = len(g.accounts) + g.rng.IntN(g.population)
	}
	d.who = personAt(idx)
	if idx < len(g.accounts) {
		d.email = d.who.username() + "@example.vn"
		if d.channel == "online" || g.rng.Float64() < 0.2 {
			d.owner = &g.accounts[idx]
		}
	} else if g.rng.Float64() < 0.3 {
		d.email = fmt.Sprintf("%s%d@example.vn", strings.ToLower(string([]rune(d.who.name)[0:1])), idx)
	}
}

// send reserves the batch's dossier ids, chains the log rows' hashes and queues the batch.
func (g *generator) send(ctx context.Context, work chan<- batch, b batch) error {
	ids, err := g.store.ReserveDossierIDs(ctx, len(b.dossiers))
	if err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	for i := range b.dossiers {
		d := &b.dossiers[i]
		d.id = ids[i]
		var prev []byte
		for j := range d.rows {
			d.rows[j].hash = domain.EventHash(prev, d.event(j))
			prev = d.rows[j].hash
		}
	}
	select {
	case work <- b:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
