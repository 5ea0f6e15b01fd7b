package faults

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/ops/loadgen"
)

// samplePDF is accepted as an attachment.
var samplePDF = []byte("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")

// Job is an acknowledged dossier and the decisions it is to get.
type Job struct {
	Code   string
	Key    string
	Refuse bool
}

// Acked records what the system acknowledged.
type Acked struct {
	mu        sync.Mutex
	dossiers  []Job
	decisions map[string][]string // code → actions acknowledged, in order
}

// NewAcked returns an empty record.
func NewAcked() *Acked { return &Acked{decisions: map[string][]string{}} }

func (a *Acked) dossier(j Job) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.dossiers = append(a.dossiers, j)
}

func (a *Acked) decision(code, action string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.decisions[code] = append(a.decisions[code], action)
}

// Counts returns how many dossiers and decisions were acknowledged.
func (a *Acked) Counts() (dossiers, decisions int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, as := range a.decisions {
		decisions += len(as)
	}
	return len(a.dossiers), decisions
}

// Codes returns the acknowledged dossiers' codes.
func (a *Acked) Codes() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	codes := make([]string, len(a.dossiers))
	for i, j := range a.dossiers {
		codes[i] = j.Code
	}
	return codes
}

// Load is a bounded load: Citizens clients (the demo citizen) submit dossiers of
// ProcedureID, each with an Idempotency-Key, and Officers clients (motcua) receive and
// transfer three in four and refuse the fourth, each decision with its own key. Client i
// starts on Bases[i % len(Bases)] and moves to the next base when its base does not
// answer, as behind a load balancer.
type Load struct {
	Bases              []string
	Citizens, Officers int
	ProcedureID        int64
	Tally              *Tally
	Acked              *Acked
	// Stop ends the load: citizens stop submitting, officers finish the queue.
	Stop *atomic.Bool
}

// Run runs the load until Stop is set and the officers have decided every dossier
// submitted before.
func (l Load) Run() {
	jobs := make(chan Job, 10000)
	var citizens, officers sync.WaitGroup
	for i := range l.Citizens {
		citizens.Add(1)
		go func() {
			defer citizens.Done()
			l.citizen(i, jobs)
		}()
	}
	for i := range l.Officers {
		officers.Add(1)
		go func() {
			defer officers.Done()
			l.officer(l.Citizens+i, jobs)
		}()
	}
	citizens.Wait()
	close(jobs)
	officers.Wait()
}

func (l Load) citizen(i int, jobs chan<- Job) {
	c := NewClientOver(l.Bases, i, l.Tally)
	if !c.Login("congdan", demo.Password) {
		return
	}
	for n := 0; !l.Stop.Load(); n++ {
		j, ok := Submit(c, l.ProcedureID)
		if !ok {
			return
		}
		j.Refuse = (n+i)%4 == 0
		l.Acked.dossier(j)
		jobs <- j
		for len(jobs) > 4*l.Officers && !l.Stop.Load() { // officers keep up with the citizens
			time.Sleep(50 * time.Millisecond)
		}
	}
}

// step is one decision an officer makes and the status it leads to.
type step struct {
	action string
	body   map[string]any
	status int
}

func (l Load) officer(i int, jobs <-chan Job) {
	c := NewClientOver(l.Bases, i, l.Tally)
	if !c.Login("motcua", demo.Password) {
		return
	}
	for j := range jobs {
		steps := []step{{"receive", nil, 2}, {"transfer", nil, 4}}
		if j.Refuse {
			steps = []step{{"refuse", map[string]any{"reasons": []string{"Hồ sơ không thuộc thẩm quyền"}}, 3}}
		}
		for _, st := range steps {
			var out struct {
				Status int `json:"status"`
			}
			if !c.JSON(http.MethodPost, "/api/v1/officer/dossiers/"+j.Code+"/actions/"+st.action, st.body,
				map[string]string{"Idempotency-Key": j.Key + "-" + st.action}, 200, &out) {
				break
			}
			if out.Status != st.status {
				l.Tally.wrong("%s %s: status %d, want %d", j.Code, st.action, out.Status, st.status)
				break
			}
			l.Acked.decision(j.Code, st.action)
		}
	}
}

// Submit creates a complete draft and submits it with an idempotency key, retrying the
// submission with the same key until it is acknowledged.
func Submit(c *Client, procID int64) (Job, bool) {
	var p struct {
		Components []struct {
			ID       int64 `json:"id"`
			Required bool  `json:"required"`
		} `json:"components"`
		FormFields []loadgen.FormField `json:"form_fields"`
	}
	if !c.JSON(http.MethodGet, fmt.Sprintf("/api/v1/procedures/%d", procID), nil, nil, 200, &p) {
		return Job{}, false
	}
	form := loadgen.SampleForm(p.FormFields, "Nội dung kê khai")
	var d struct {
		ID   int64   `json:"id"`
		Code *string `json:"code"`
	}
	draft := map[string]any{"procedure_id": procID, "applicant_name": "Nguyễn Văn An", "id_number": "001203004567",
		"phone": "0912345678", "email": "an@example.vn", "address": "Phường Đức Xuân, Bắc Kạn", "form_data": form}
	if !c.JSON(http.MethodPost, "/api/v1/dossiers", draft, nil, 201, &d) {
		return Job{}, false
	}
	for _, comp := range p.Components {
		if !comp.Required {
			continue
		}
		r, ok := c.Upload(fmt.Sprintf("/api/v1/dossiers/%d/files", d.ID), map[string]string{"component_id": fmt.Sprint(comp.ID)}, "giay-to.pdf", samplePDF)
		if !ok {
			return Job{}, false
		}
		if r.Status != 201 {
			c.tally.wrong("upload: %d %s", r.Status, r.Body)
			return Job{}, false
		}
	}
	key := newKey()
	r, ok := c.Do(http.MethodPost, fmt.Sprintf("/api/v1/dossiers/%d/submit", d.ID), "", nil, map[string]string{"Idempotency-Key": key})
	if !ok {
		return Job{}, false
	}
	if r.Status != 201 && r.Status != 200 {
		c.tally.wrong("submit: %d %s", r.Status, r.Body)
		return Job{}, false
	}
	if err := json.Unmarshal(r.Body, &d); err != nil || d.Code == nil {
		c.tally.wrong("submit: %s", r.Body)
		return Job{}, false
	}
	return Job{Code: *d.Code, Key: key}, true
}

// Outcome is what Check found.
type Outcome struct {
	Lost, Duplicated, Stuck int
	// Problems lists each, sorted; empty when everything acknowledged is there once.
	Problems []string
}

// Check waits (up to within) until every acknowledged dossier shows its expected status
// and log, and counts what is lost (acknowledged, not there), duplicated (there more than
// once, or submitted without acknowledgement) and stuck (not in its expected state in
// time). before is how many submitted dossiers the database held before the load.
func Check(db *sqlx.DB, a *Acked, before int, within time.Duration) Outcome {
	deadline := time.Now().Add(within)
	for {
		o, err := checkOnce(db, a, before)
		if err == nil && len(o.Problems) == 0 {
			return o
		}
		if time.Now().After(deadline) {
			if err != nil {
				o.Problems = append(o.Problems, "database: "+err.Error())
			}
			sort.Strings(o.Problems)
			return o
		}
		time.Sleep(time.Second)
	}
}

// checkOnce compares the database with a once.
func checkOnce(db *sqlx.DB, a *Acked, before int) (Outcome, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	var o Outcome
	var submitted int
	if err := db.Get(&submitted, `SELECT count(*) FROM dossiers WHERE code IS NOT NULL`); err != nil {
		return o, err
	}
	if submitted -= before; submitted != len(a.dossiers) {
		o.Problems = append(o.Problems, fmt.Sprintf("%d dossiers submitted, %d acknowledged", submitted, len(a.dossiers)))
		if submitted > len(a.dossiers) {
			o.Duplicated += submitted - len(a.dossiers)
		}
	}
	for _, j := range a.dossiers {
		if err := checkDossier(db, j, a.decisions[j.Code], &o); err != nil {
			return o, err
		}
	}
	return o, nil
}

// checkDossier compares one acknowledged dossier, and the decisions acknowledged on it,
// with its row and its log, adding what differs to o.
func checkDossier(db *sqlx.DB, j Job, decided []string, o *Outcome) error {
	var row struct {
		Key    *string       `db:"submit_key"`
		Status domain.Status `db:"status"`
		ID     int64         `db:"id"`
	}
	if err := db.Get(&row, `SELECT id, submit_key, status FROM dossiers WHERE code = $1`, j.Code); err != nil {
		if strings.Contains(err.Error(), "no rows") {
			o.Lost++
			o.Problems = append(o.Problems, j.Code+" acknowledged but not in the database")
			return nil
		}
		return err
	}
	if row.Key == nil || *row.Key != j.Key {
		o.Problems = append(o.Problems, j.Code+" has another submission key")
		o.Lost++
	}
	var actions []string
	if err := db.Select(&actions, `SELECT action FROM dossier_events WHERE dossier_id = $1 ORDER BY seq`, row.ID); err != nil {
		return err
	}
	count := map[string]int{}
	for _, act := range actions {
		if !domain.TimerActions[act] || act == domain.ActionSubmitted {
			count[act]++
		}
	}
	want := map[string]int{domain.ActionSubmitted: 1}
	for _, act := range decided {
		want[act]++
	}
	for act, n := range want {
		switch {
		case count[act] == 0 && act == domain.ActionSubmitted:
			o.Stuck++
			o.Problems = append(o.Problems, j.Code+": the workflow has not recorded the submission")
		case count[act] == 0:
			o.Lost++
			o.Problems = append(o.Problems, fmt.Sprintf("%s: acknowledged %s missing from the log %v", j.Code, act, actions))
		case count[act] > n:
			o.Duplicated++
			o.Problems = append(o.Problems, fmt.Sprintf("%s: %s %d times in the log", j.Code, act, count[act]))
		}
	}
	for act := range count {
		if want[act] == 0 {
			o.Duplicated++
			o.Problems = append(o.Problems, fmt.Sprintf("%s: %s in the log but never acknowledged", j.Code, act))
		}
	}
	expected := domain.StatusNew
	switch {
	case len(decided) > 0 && decided[len(decided)-1] == "refuse":
		expected = domain.StatusRefused
	case len(decided) > 0 && decided[len(decided)-1] == "transfer":
		expected = domain.StatusProcessing
	case len(decided) > 0:
		expected = domain.StatusReceived
	}
	if row.Status != expected {
		o.Stuck++
		o.Problems = append(o.Problems, fmt.Sprintf("%s: status %d, want %d", j.Code, row.Status, expected))
	}
	return nil
}
