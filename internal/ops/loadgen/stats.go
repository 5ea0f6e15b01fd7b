package loadgen

import (
	"errors"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// recorder collects every operation's latency and outcome while it is active (setup
// requests are not counted).
type recorder struct {
	active atomic.Bool
	errs   atomic.Int64
	mu     sync.Mutex
	ops    map[string]*opRecord
}

type opRecord struct {
	ok     []time.Duration
	errors int
	kinds  map[string]int // error text → count, a few kinds kept
}

func newRecorder() *recorder { return &recorder{ops: map[string]*opRecord{}} }

// record counts one operation named op; nothing when op is "" or the recorder is idle.
func (r *recorder) record(op string, d time.Duration, err error) {
	if r == nil || op == "" || !r.active.Load() {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	o := r.ops[op]
	if o == nil {
		o = &opRecord{kinds: map[string]int{}}
		r.ops[op] = o
	}
	if err == nil {
		o.ok = append(o.ok, d)
		return
	}
	r.errs.Add(1)
	o.errors++
	text := err.Error()
	var se *statusError
	if errors.As(err, &se) {
		text = se.Error()
	}
	if _, seen := o.kinds[text]; seen || len(o.kinds) < 5 {
		o.kinds[text]++
	}
}

// OpStats are the figures of one operation over the measured interval.
type OpStats struct {
	Name string `json:"name"`
	// Count is the successful operations, Errors the failed ones.
	Count  int `json:"count"`
	Errors int `json:"errors"`
	// Rate is successful operations per second of the measured interval.
	Rate float64 `json:"rate_per_s"`
	// Latencies in milliseconds, of successful operations.
	P50  float64 `json:"p50_ms"`
	P95  float64 `json:"p95_ms"`
	P99  float64 `json:"p99_ms"`
	Max  float64 `json:"max_ms"`
	Mean float64 `json:"mean_ms"`
	// ErrorKinds counts the first few kinds of errors by message.
	ErrorKinds map[string]int `json:"error_kinds,omitempty"`
	// Baseline names the baseline this operation is compared with, Ratio is Rate / its rate.
	Baseline string   `json:"baseline,omitempty"`
	Ratio    *float64 `json:"ratio,omitempty"`
}

// stats summarises every operation, sorted by name.
func (r *recorder) stats(elapsed time.Duration) []OpStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]OpStats, 0, len(r.ops))
	for name, o := range r.ops {
		s := summarize(name, o.ok, elapsed)
		s.Errors = o.errors
		if len(o.kinds) > 0 {
			s.ErrorKinds = o.kinds
		}
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// summarize computes count, rate and percentiles of latencies.
func summarize(name string, ds []time.Duration, elapsed time.Duration) OpStats {
	s := OpStats{Name: name, Count: len(ds)}
	if elapsed > 0 {
		s.Rate = float64(len(ds)) / elapsed.Seconds()
	}
	if len(ds) == 0 {
		return s
	}
	sorted := slices.Clone(ds)
	slices.Sort(sorted)
	var sum time.Duration
	for _, d := range sorted {
		sum += d
	}
	s.P50, s.P95, s.P99 = ms(percentile(sorted, 0.50)), ms(percentile(sorted, 0.95)), ms(percentile(sorted, 0.99))
	s.Max = ms(sorted[len(sorted)-1])
	s.Mean = ms(sum / time.Duration(len(sorted)))
	return s
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p float64) time.Duration {
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return math.Round(float64(d.Microseconds())/10) / 100 }
