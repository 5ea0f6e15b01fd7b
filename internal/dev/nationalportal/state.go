package nationalportal

import (
	"crypto/sha256"
	"encoding/hex"
	"sync"
	"time"
)

// Fault modes the stand-in can be told to play.
const (
	FaultNone      = ""
	FaultFail      = "fail"      // answer HTTP 503 without processing
	FaultDelay     = "delay"     // process, then answer only after Delay
	FaultRefuse    = "refuse"    // answer error_code -1 with Message, without processing
	FaultDuplicate = "duplicate" // process, then answer 503 (so the province sends again); push and list intake twice
)

// Fault scopes: which endpoints a fault applies to.
const (
	ScopeMessages = "messages" // DongBoHoSoMC and CapNhatTienDoHoSoMC only (the default)
	ScopeAll      = "all"      // every endpoint the province calls, sign-in and pull included
)

// Fault is the misbehaviour in force.
type Fault struct {
	Mode    string        `json:"mode"`
	Delay   time.Duration `json:"delay"`   // for FaultDelay
	Message string        `json:"message"` // for FaultRefuse
	// Count is how many calls the fault still applies to; 0 means until cleared.
	Count int    `json:"count"`
	Scope string `json:"scope"`
}

// Snapshot is one distinct DongBoHoSoMC the stand-in received for a dossier.
type Snapshot struct {
	Status     string    `json:"status"`
	Updating   bool      `json:"updating"`
	ReceivedAt time.Time `json:"received_at"`
	Deliveries int       `json:"deliveries"` // 1, or more when the same snapshot came again
	hash       string
}

// Progress is one distinct CapNhatTienDoHoSoMC entry, in order of first arrival.
type Progress struct {
	Key        string    `json:"key"`
	At         string    `json:"at"`
	Status     string    `json:"status"`
	Actor      string    `json:"actor"`
	Content    string    `json:"content"`
	ReceivedAt time.Time `json:"received_at"`
	Deliveries int       `json:"deliveries"`
}

// Received is what the stand-in received from the province for one dossier.
type Received struct {
	Code      string     `json:"code"`
	Snapshots []Snapshot `json:"snapshots"`
	Progress  []Progress `json:"progress"`
	// Duplicates counts deliveries of something already received (absorbed, as the real
	// portal is expected to).
	Duplicates int `json:"duplicates"`
}

// Refusal is a message the stand-in refused, with its reason.
type Refusal struct {
	Service string    `json:"service"`
	Code    string    `json:"code"`
	Reason  string    `json:"reason"`
	At      time.Time `json:"at"`
	// Fault is true for a refusal played by the refuse fault, false for a message that
	// broke the rules of the specification.
	Fault bool `json:"fault"`
}

// File is a file of a dossier submitted on the stand-in.
type File struct {
	Name    string `json:"name"`
	Content []byte `json:"content"`
}

// Submission is a dossier "submitted on the national portal".
type Submission struct {
	ProcedureCode string `json:"procedure_code"`
	AgencyCode    string `json:"agency_code"`
	Owner         string `json:"owner"`
	IDNumber      string `json:"id_number"`
	TechID        string `json:"tech_id"`
	OwnerType     string `json:"owner_type"`
	Phone         string `json:"phone"`
	Email         string `json:"email"`
	Address       string `json:"address"`
	Summary       string `json:"summary"`
	Files         []File `json:"files"`
	// Delivery is "pull" (listed for the province to fetch), "push" (posted to the
	// province's push URL) or "both"; default "pull".
	Delivery string `json:"delivery"`
}

// Sent is a dossier the stand-in sent (or listed) to the province.
type Sent struct {
	ID          string     `json:"id"`
	Code        string     `json:"code"`
	SubmittedAt time.Time  `json:"submitted_at"`
	Submission  Submission `json:"submission"`
	Acked       bool       `json:"acked"`
	Acks        int        `json:"acks"`
	Pushes      []string   `json:"pushes"` // the province's answers to each push
}

// State is the stand-in's bookkeeping, as GET /control/state returns it.
type State struct {
	Fault      Fault                `json:"fault"`
	Sent       []*Sent              `json:"sent"`
	Received   map[string]*Received `json:"received"`
	Order      []string             `json:"order"` // dossier codes in order of first message
	Refusals   []Refusal            `json:"refusals"`
	Violations []string             `json:"violations"`
	Calls      int                  `json:"calls"`
}

// vietnam is the portal's time zone (UTC+7, no daylight saving).
var vietnam = time.FixedZone("Asia/Ho_Chi_Minh", 7*60*60)

// store guards State.
type store struct {
	mu       sync.Mutex
	st       State
	sessions map[string]time.Time
	seq      int
}

func newStore() *store {
	return &store{st: State{Received: map[string]*Received{}}, sessions: map[string]time.Time{}}
}

// takeFault returns the fault that applies to a call of scope, consuming one count.
func (s *store) takeFault(scope string) Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Calls++
	f := s.st.Fault
	if f.Mode == FaultNone || (f.Scope != ScopeAll && scope != ScopeMessages) {
		return Fault{}
	}
	if f.Count > 0 {
		s.st.Fault.Count--
		if s.st.Fault.Count == 0 {
			s.st.Fault = Fault{}
		}
	}
	return f
}

// duplicatingIntake reports whether the duplicate fault applies to intake deliveries.
func (s *store) duplicatingIntake() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.Fault.Mode == FaultDuplicate && s.st.Fault.Scope == ScopeAll
}

func (s *store) received(code string) *Received {
	r, ok := s.st.Received[code]
	if !ok {
		r = &Received{Code: code, Snapshots: []Snapshot{}, Progress: []Progress{}}
		s.st.Received[code] = r
		s.st.Order = append(s.st.Order, code)
	}
	return r
}

func hashOf(b []byte) string {
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:])
}

// addSnapshot records a DongBoHoSoMC entry; raw is its canonical JSON.
func (s *store) addSnapshot(code, status string, updating bool, raw []byte, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.received(code)
	h := hashOf(raw)
	if n := len(r.Snapshots); n > 0 && r.Snapshots[n-1].hash == h {
		r.Snapshots[n-1].Deliveries++
		r.Duplicates++
		return
	}
	r.Snapshots = append(r.Snapshots, Snapshot{Status: status, Updating: updating, ReceivedAt: now, Deliveries: 1, hash: h})
}

// addProgress records a CapNhatTienDoHoSoMC entry, checking order and "log after dossier".
func (s *store) addProgress(p Progress, code string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.received(code)
	for i := range r.Progress {
		if r.Progress[i].Key == p.Key {
			r.Progress[i].Deliveries++
			r.Duplicates++
			return
		}
	}
	if len(r.Snapshots) == 0 {
		s.st.Violations = append(s.st.Violations, code+": tiến độ đến trước bản tin DongBoHoSoMC đầu tiên")
	}
	if n := len(r.Progress); n > 0 && p.At < r.Progress[n-1].At {
		s.st.Violations = append(s.st.Violations, code+": tiến độ "+p.At+" đến sau "+r.Progress[n-1].At+" (sai thứ tự)")
	}
	p.Deliveries = 1
	r.Progress = append(r.Progress, p)
}

func (s *store) known(code string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, ok := s.st.Received[code]
	return ok && len(r.Snapshots) > 0
}

func (s *store) refuse(service, code, reason string, fault bool, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.Refusals = append(s.st.Refusals, Refusal{Service: service, Code: code, Reason: reason, At: now, Fault: fault})
}

// snapshot returns a deep copy of the state.
func (s *store) snapshot() State {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.st
	out.Sent = make([]*Sent, len(s.st.Sent))
	for i, d := range s.st.Sent {
		c := *d
		c.Pushes = append([]string(nil), d.Pushes...)
		out.Sent[i] = &c
	}
	out.Received = make(map[string]*Received, len(s.st.Received))
	for k, r := range s.st.Received {
		c := *r
		c.Snapshots = append([]Snapshot(nil), r.Snapshots...)
		c.Progress = append([]Progress(nil), r.Progress...)
		out.Received[k] = &c
	}
	out.Order = append([]string(nil), s.st.Order...)
	out.Refusals = append([]Refusal(nil), s.st.Refusals...)
	out.Violations = append([]string(nil), s.st.Violations...)
	return out
}
