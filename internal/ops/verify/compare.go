package verify

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// compareProjection compares the dossiers row, column by column, with the projection of
// the workflow's state.
func compareProjection(d domain.Dossier, projectedSeq int, st workflows.State, add func(kind, format string, args ...any)) {
	p := st.Projection()
	diff := func(column string, got, want any) {
		if fmt.Sprint(got) != fmt.Sprint(want) {
			add(Projection, "%s is %v in PostgreSQL, %v in the workflow", column, got, want)
		}
	}
	diff("status", d.Status, p.Status)
	diff("projected_seq", projectedSeq, st.Seq)
	diff("step_position", d.StepPosition, p.StepPosition)
	diff("step_name", d.StepName, p.StepName)
	diff("holder_agency_id", deref(d.HolderAgencyID), p.HolderAgencyID)
	diff("assignee_role", d.AssigneeRole, p.AssigneeRole)
	diff("assignee_id", deref(d.AssigneeID), p.AssigneeID)
	diff("assignee_name", d.AssigneeName, p.AssigneeName)
	diff("received_at", stamp(d.ReceivedAt), stamp(p.ReceivedAt))
	diff("due_at", stamp(d.DueAt), stamp(p.DueAt))
	diff("step_due_at", stamp(d.StepDueAt), stamp(p.StepDueAt))
	diff("supplement_due_at", stamp(d.SupplementDueAt), stamp(p.SupplementDueAt))
	diff("overdue", d.Overdue, p.Overdue)
	diff("extensions", d.Extensions, p.Extensions)
	diff("finished_at", stamp(d.FinishedAt), stamp(p.FinishedAt))
	diff("result_ref", d.ResultRef, p.ResultRef)
	diff("rule_version", deref(d.RuleVersion), p.RuleVersion)
	diff("calendar_version", deref(d.CalendarVersion), p.CalendarVersion)
}

// compareLog compares the processing log with the rows the workflow applied, and checks
// the log's hash chain.
func compareLog(events []domain.Event, st workflows.State, add func(kind, format string, args ...any)) {
	seen := map[int]int{}
	for _, e := range events {
		seen[e.Seq]++
	}
	for seq := 1; seq <= st.Seq; seq++ {
		if seen[seq] == 0 {
			add(Log, "row %d is missing from the log (the workflow applied %d rows)", seq, st.Seq)
		}
	}
	for seq, n := range seen {
		if n > 1 {
			add(Log, "row %d is in the log %d times", seq, n)
		}
		if seq > st.Seq || seq < 1 {
			add(Log, "row %d is in the log but the workflow applied only %d rows", seq, st.Seq)
		}
	}
	if bad := domain.VerifyChain(events); bad != 0 {
		add(Chain, "the hash chain breaks at row %d", bad)
	}
	byseq := map[int]domain.Event{}
	for _, e := range events {
		byseq[e.Seq] = e
	}
	for _, w := range st.Log {
		if e, ok := byseq[w.Seq]; ok && (e.Action != w.Action || string(e.Hash) != string(w.Hash)) {
			add(Log, "row %d is %q in the log, %q as the workflow recorded it (or its hash differs)", w.Seq, e.Action, w.Action)
		}
	}
	if len(st.Log) != st.Seq {
		add(Log, "the workflow's state holds %d rows for %d applied", len(st.Log), st.Seq)
	}
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func stamp(t *time.Time) string {
	if t == nil || t.IsZero() {
		return "-"
	}
	return pgMicroseconds(*t).Format(time.RFC3339Nano)
}

// pgMicroseconds is t as PostgreSQL stores it when lib/pq sends it: the text's fraction of
// a second read as a double, times a million, rounded half to even (rint). Go's Round
// rounds halves up: a time of ….0951065 s was stored as ….095106 and read as a difference.
func pgMicroseconds(t time.Time) time.Time {
	t = t.UTC()
	frac, _ := strconv.ParseFloat(fmt.Sprintf("0.%09d", t.Nanosecond()), 64)
	return t.Truncate(time.Second).Add(time.Duration(math.RoundToEven(frac*1e6)) * time.Microsecond)
}
