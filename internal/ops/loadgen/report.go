package loadgen

import (
	"encoding/json"
	"fmt"
	"io"
	"text/tabwriter"
)

// WriteJSON writes the report as indented JSON.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// WriteText writes the report as aligned tables: the run, the baselines, then each
// operation with its rate, percentiles, errors and ratio to its baseline. It returns the
// first write error, after which it writes nothing more.
func (r *Report) WriteText(w io.Writer) error {
	var err error
	printf := func(to io.Writer, format string, args ...any) {
		if err == nil {
			_, err = fmt.Fprintf(to, format, args...)
		}
	}
	printf(w, "scenario %s, %s, %.1f s measured, %d iterations (%.1f/s), %d errors",
		r.Scenario, r.Mode, r.Elapsed, r.Iterations, float64(r.Iterations)/max(r.Elapsed, 1e-9), r.Errors)
	if r.Missed > 0 {
		printf(w, ", %d missed (too many in flight)", r.Missed)
	}
	printf(w, "; setup %.1f s (%d dossiers prepared", r.Setup, r.Prepared)
	if r.Sampled > 0 {
		printf(w, ", %d lookup targets sampled from the database", r.Sampled)
	}
	printf(w, ")\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	if len(r.Baselines) > 0 {
		printf(tw, "baseline\trate/s\tmean ms\tp50 ms\tp99 ms\t\n")
		for _, b := range r.Baselines {
			if b.Error != "" {
				printf(tw, "%s\tnot measured: %s\t\t\t\t\n", b.Name, b.Error)
				continue
			}
			printf(tw, "%s\t%.1f\t%.2f\t%s\t%s\t\n", b.Name, b.Rate, b.Mean, opt(b.P50), opt(b.P99))
		}
		printf(tw, "\t\t\t\t\t\n")
	}
	printf(tw, "operation\tcount\trate/s\tp50 ms\tp95 ms\tp99 ms\tmax ms\terrors\tvs baseline\t\n")
	for _, op := range r.Operations {
		ratio := ""
		if op.Ratio != nil {
			ratio = fmt.Sprintf("%.1f%% of %s", *op.Ratio*100, op.Baseline)
		}
		printf(tw, "%s\t%d\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\t%s\t\n",
			op.Name, op.Count, op.Rate, op.P50, op.P95, op.P99, op.Max, op.Errors, ratio)
	}
	if err == nil {
		err = tw.Flush()
	}
	for _, op := range r.Operations {
		for kind, n := range op.ErrorKinds {
			printf(w, "  %s error ×%d: %s\n", op.Name, n, kind)
		}
	}
	return err
}

func opt(v float64) string {
	if v == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", v)
}
