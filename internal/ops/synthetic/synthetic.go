// Package synthetic fills a dvc database with realistic historic dossiers for load and
// scale tests: `dvc seed --synthetic N`. Dossiers are spread over several years and over
// the catalogue's procedures (so its agencies), with applicants who have valid citizen
// identity numbers and Vietnamese names, citizen accounts owning part of them, and for
// each dossier its processing log with a valid hash chain and the projection that log
// leads to. Rows go in with COPY, in batches of one transaction each.
//
// The dossiers have no Temporal workflow: they are history (most are closed; the recent
// ones stay open as they would be at the time of generation). Each is written with
// workflow_started_at set, like an imported record, so the reconciler never starts a
// workflow for it; officer decisions on an open synthetic dossier therefore find no
// workflow to update. Codes continue the per-agency, per-day counters, which are moved
// forward in the same transaction, so later submissions never reuse a code.
package synthetic

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"golang.org/x/crypto/bcrypt"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/worktime"
)

// Options configures Generate.
type Options struct {
	// Count is how many dossiers to add.
	Count int
	// From and To bound the submission times; zero values mean 1 January 2022 and the
	// start of today in Vietnam (today is left to live submissions).
	From, To time.Time
	// Now is the generation's present: log rows planned after it have not happened yet,
	// so recent dossiers stay open. Zero means time.Now().
	Now time.Time
	// Seed makes the data reproducible (same seed, same database state: same dossiers).
	Seed uint64
	// Batch is the number of dossiers per transaction; 0 means 5000.
	Batch int
	// Writers is the number of batches written at once; 0 means 2.
	Writers int
	// Progress, when set, is called after each committed batch (never concurrently).
	Progress func(done, total int)
}

// Result counts what Generate wrote.
type Result struct {
	Dossiers, Events, Ratings, Accounts int
	Load, Vacuum                        time.Duration
}

// Generate adds opts.Count synthetic dossiers to db, which must hold a catalogue (e.g.
// the demo one), then vacuums and analyses the tables it filled. It plans; the store
// (internal/postgres, synthetic.go) reads and writes.
func Generate(ctx context.Context, db *sqlx.DB, opts Options) (Result, error) {
	if opts.Count <= 0 {
		return Result{}, errors.New("synthetic: count must be positive")
	}
	if opts.Batch <= 0 {
		opts.Batch = 5000
	}
	if opts.Writers <= 0 {
		opts.Writers = 2
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	if opts.From.IsZero() {
		opts.From = time.Date(2022, 1, 1, 0, 0, 0, 0, dossiercode.Location)
	}
	if opts.To.IsZero() {
		opts.To = dossiercode.Day(opts.Now)
	}
	if !opts.From.Before(opts.To) {
		return Result{}, fmt.Errorf("synthetic: empty period %s – %s", opts.From, opts.To)
	}
	started := time.Now()
	store := postgres.NewStore(db)
	g := &generator{store: store, opts: opts, rng: rand.New(rand.NewPCG(opts.Seed, 0x5eed))}
	if err := g.load(ctx); err != nil {
		return Result{}, err
	}
	var res Result
	var err error
	if res.Accounts, err = g.ensureAccounts(ctx); err != nil {
		return res, err
	}
	if err := g.run(ctx, &res); err != nil {
		return res, err
	}
	res.Load = time.Since(started)
	started = time.Now()
	if err := store.VacuumAfterLoad(ctx); err != nil {
		return res, fmt.Errorf("synthetic: %w", err)
	}
	res.Vacuum = time.Since(started)
	return res, nil
}

type agency struct {
	id       int64
	code     string
	name     string
	short    string
	officers map[string]officer
}

type officer struct {
	id   *int64
	name string
	role string
}

// officer is the agency's officer of role: a demo account when there is one, else a
// named officer without an account.
func (a *agency) officer(role string) officer {
	if o, ok := a.officers[role]; ok {
		return o
	}
	return officer{role: role}
}

type procedure struct {
	id     int64
	agency *agency
	days   int
	kind   domain.DayKind
	route  []domain.Step
}

type counterKey struct {
	agency int64
	day    string
}

type generator struct {
	store *postgres.Store
	opts  Options
	rng   *rand.Rand
	cal   *worktime.Calendar
	procs []*procedure
	cum   []float64 // cumulative popularity of procs
	// accounts[i] is the citizen account of person i.
	accounts    []int64
	population  int
	counters    map[counterKey]int
	ruleVersion int
}

// load reads the catalogue, the calendar, the staff and the code counters.
func (g *generator) load(ctx context.Context) error {
	basis, err := g.store.SyntheticBasis(ctx, g.opts.From.In(dossiercode.Location).Format(time.DateOnly),
		g.opts.To.In(dossiercode.Location).Format(time.DateOnly))
	if err != nil {
		return fmt.Errorf("synthetic: %w", err)
	}
	g.ruleVersion = basis.RuleVersion
	cal, err := worktime.New(basis.Calendar)
	if err != nil {
		return fmt.Errorf("synthetic: calendar: %w", err)
	}
	g.cal = cal

	agencies := map[int64]*agency{}
	for _, a := range basis.Agencies {
		agencies[a.ID] = &agency{id: a.ID, code: a.Code, name: a.Name, short: initials(a.Name), officers: officersOf(a.ID)}
	}
	for _, s := range basis.Staff {
		a := agencies[s.AgencyID]
		for _, role := range s.Roles {
			if a != nil && a.officers[role].id == nil {
				a.officers[role] = officer{id: ptr(s.ID), name: s.Name, role: role}
			}
		}
	}

	if len(basis.Procedures) == 0 {
		return errors.New("synthetic: the catalogue has no active procedure (run dvc seed first)")
	}
	total := 0.0
	for _, p := range basis.Procedures {
		route := p.Route
		if len(route) == 0 {
			route = domain.DefaultRoute(p.ProcessingDays, p.DayKind)
		}
		g.procs = append(g.procs, &procedure{id: p.ID, agency: agencies[p.AgencyID], days: max(p.ProcessingDays, 1), kind: p.DayKind, route: route})
		// Popularity: a few procedures (land, civil status, business) take most dossiers.
		total += 0.2 + g.rng.ExpFloat64()*g.rng.ExpFloat64()
		g.cum = append(g.cum, total)
	}

	g.counters = map[counterKey]int{}
	for _, c := range basis.Counters {
		g.counters[counterKey{c.AgencyID, c.Day}] = c.LastSeq
	}
	g.population = max(1000, g.opts.Count/3)
	return nil
}

// officersOf names an agency's officers that have no account, the same on every run.
func officersOf(agencyID int64) map[string]officer {
	out := map[string]officer{}
	for i, role := range []string{domain.RoleReception, domain.RoleSpecialist, domain.RoleLeader, domain.RoleClerk} {
		out[role] = officer{name: personAt(1<<40 + int(agencyID)*8 + i).name, role: role}
	}
	return out
}

// initials abbreviates an agency name for result references ("Sở Tài chính" → "STC").
func initials(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if w == "và" || w == "tỉnh" {
			continue
		}
		r := []rune(w)[0]
		b.WriteString(strings.ToUpper(string(r)))
	}
	return b.String()
}

// ensureAccounts creates the citizen accounts of the first persons (password: the demo
// password) unless they exist, and records their ids.
func (g *generator) ensureAccounts(ctx context.Context) (int, error) {
	n := max(10, g.opts.Count/50)
	hash, err := bcrypt.GenerateFromPassword([]byte(demo.Password), bcrypt.MinCost)
	if err != nil {
		return 0, err
	}
	citizens := make([]postgres.SyntheticCitizen, n)
	for i := range n {
		p := personAt(i)
		citizens[i] = postgres.SyntheticCitizen{Username: p.username(), FullName: p.name, IDNumber: p.idNumber,
			Phone: p.phone, Email: p.username() + "@example.vn"}
	}
	created, ids, err := g.store.EnsureCitizens(ctx, string(hash), citizens)
	if err != nil {
		return 0, fmt.Errorf("synthetic: %w", err)
	}
	g.accounts = ids
	return created, nil
}
