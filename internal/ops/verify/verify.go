// Package verify compares what PostgreSQL records about each dossier (the projection in
// dossiers, the processing log in dossier_events) with what Temporal holds (the
// workflow's state and its history), and reports every difference. `dvc verify` and the
// fault tests run it.
package verify

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	historypb "go.temporal.io/api/history/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/converter"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/workflows"
)

// Problem kinds.
const (
	// WorkflowMissing: a submitted dossier has no workflow.
	WorkflowMissing = "workflow_missing"
	// OrphanWorkflow: a dossier workflow has no submitted dossier row.
	OrphanWorkflow = "orphan_workflow"
	// WorkflowFailed: the workflow ended other than by completing (failed, terminated...).
	WorkflowFailed = "workflow_failed"
	// StateUnreadable: the workflow's state could not be read (no worker, timeout).
	StateUnreadable = "state_unreadable"
	// Projection: a column of the dossiers row differs from the workflow's state.
	Projection = "projection"
	// Log: the processing log differs from the rows the workflow applied.
	Log = "log"
	// Chain: the log's hash chain is broken.
	Chain = "chain"
	// Summary: the dossier's log summary, which the statistics read, differs from its log,
	// or its updated_at, which the audit search reads, is before its latest log row.
	Summary = "summary"
	// History: the workflow's history does not show one log write per applied row, or
	// one per successful decision.
	History = "history"
)

// Problem is one difference found.
type Problem struct {
	// Code is the dossier code (the workflow ID).
	Code   string
	Kind   string
	Detail string
}

func (p Problem) String() string { return p.Code + "\t" + p.Kind + "\t" + p.Detail }

// Report is the result of a check.
type Report struct {
	Dossiers  int // submitted dossiers checked
	Workflows int // dossier workflows listed in Temporal (0 when checking one code)
	Problems  []Problem
}

// Checker compares PostgreSQL and Temporal.
type Checker struct {
	Store  *postgres.Store
	Client client.Client
	// Namespace is the Temporal namespace of the dossier workflows.
	Namespace string
	// Attempts is how many times a dossier showing differences is checked again (a
	// decision may be between its history and its log row); default 3.
	Attempts int
	// Pause is the wait between attempts; default one second.
	Pause time.Duration
}

// All checks every submitted dossier, then that every dossier workflow has a dossier.
func (c *Checker) All(ctx context.Context) (Report, error) {
	codes, err := c.Store.SubmittedCodes(ctx)
	if err != nil {
		return Report{}, err
	}
	r := Report{Dossiers: len(codes)}
	known := make(map[string]bool, len(codes))
	for _, code := range codes {
		known[code] = true
		ps, err := c.Dossier(ctx, code)
		if err != nil {
			return r, err
		}
		r.Problems = append(r.Problems, ps...)
	}
	stale, err := c.Store.StaleLogSummaries(ctx)
	if err != nil {
		return r, err
	}
	for _, code := range stale {
		r.Problems = append(r.Problems, Problem{code, Summary, "the log summary on the dossier row differs from its processing log, or updated_at is before its latest row"})
	}
	ids, err := c.workflowIDs(ctx)
	if err != nil {
		return r, err
	}
	r.Workflows = len(ids)
	for _, id := range ids {
		if !known[id] {
			r.Problems = append(r.Problems, Problem{id, OrphanWorkflow, "a DossierWorkflow runs under this ID but no submitted dossier has this code"})
		}
	}
	return r, nil
}

// Dossier checks the submitted dossier with code, again after a pause while it shows
// differences, and returns those of the last attempt.
func (c *Checker) Dossier(ctx context.Context, code string) ([]Problem, error) {
	attempts, pause := c.Attempts, c.Pause
	if attempts <= 0 {
		attempts = 3
	}
	if pause <= 0 {
		pause = time.Second
	}
	for i := 1; ; i++ {
		ps, err := c.dossierOnce(ctx, code)
		if err != nil || len(ps) == 0 || i >= attempts {
			return ps, err
		}
		select {
		case <-ctx.Done():
			return ps, ctx.Err()
		case <-time.After(pause):
		}
	}
}

func (c *Checker) dossierOnce(ctx context.Context, code string) ([]Problem, error) {
	d, err := c.Store.DossierByCode(ctx, code)
	if err != nil {
		return nil, err
	}
	var ps []Problem
	add := func(kind, format string, args ...any) {
		ps = append(ps, Problem{code, kind, fmt.Sprintf(format, args...)})
	}
	st, ok, err := c.state(ctx, code, add)
	if err != nil || !ok {
		return ps, err
	}
	projected, err := c.Store.ProjectedSeq(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	events, err := c.Store.Events(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	compareProjection(d, projected, st, add)
	compareLog(events, st, add)
	if err := c.compareHistory(ctx, code, events, st, add); err != nil {
		return nil, err
	}
	return ps, nil
}

// state reads the workflow's state: its query while it runs, its result once completed.
// ok is false when there is none to compare (each reason added as a problem).
func (c *Checker) state(ctx context.Context, code string, add func(kind, format string, args ...any)) (workflows.State, bool, error) {
	var st workflows.State
	desc, err := c.Client.DescribeWorkflowExecution(ctx, code, "")
	var notFound *serviceerror.NotFound
	if errors.As(err, &notFound) {
		add(WorkflowMissing, "the dossier is submitted but its workflow was never started")
		return st, false, nil
	}
	if err != nil {
		return st, false, fmt.Errorf("verify: describe %s: %w", code, err)
	}
	qctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	switch s := desc.GetWorkflowExecutionInfo().GetStatus(); s {
	case enumspb.WORKFLOW_EXECUTION_STATUS_RUNNING:
		v, err := c.Client.QueryWorkflow(qctx, code, "", workflows.QueryState)
		if err == nil {
			err = v.Get(&st)
		}
		if err != nil {
			add(StateUnreadable, "query %s: %v", workflows.QueryState, err)
			return st, false, nil
		}
	case enumspb.WORKFLOW_EXECUTION_STATUS_COMPLETED:
		if err := c.Client.GetWorkflow(qctx, code, "").Get(qctx, &st); err != nil {
			add(StateUnreadable, "result: %v", err)
			return st, false, nil
		}
	default:
		add(WorkflowFailed, "workflow status %s", s)
		return st, false, nil
	}
	return st, true, nil
}

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
}

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

// compareHistory checks the current run's history: each log row after the run's
// starting point was written by exactly one completed Record activity (an activity task,
// or a local activity's marker in runs started with DossierInput.LocalStore), and the run's
// successful Updates match the decision rows.
func (c *Checker) compareHistory(ctx context.Context, code string, events []domain.Event, st workflows.State,
	add func(kind, format string, args ...any)) error {
	dc := converter.GetDefaultDataConverter()
	base := 0
	scheduled := map[int64]int{} // Record activity scheduled event id → seq
	written := map[int]int{}     // seq → completed Record activities
	decisions := 0
	it := c.Client.GetWorkflowHistory(ctx, code, "", false, enumspb.HISTORY_EVENT_FILTER_TYPE_ALL_EVENT)
	for it.HasNext() {
		ev, err := it.Next()
		if err != nil {
			return fmt.Errorf("verify: history of %s: %w", code, err)
		}
		switch ev.GetEventType() {
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
			var in workflows.DossierInput
			if err := dc.FromPayloads(ev.GetWorkflowExecutionStartedEventAttributes().GetInput(), &in); err != nil {
				return fmt.Errorf("verify: input of %s: %w", code, err)
			}
			if in.Resume != nil {
				base = in.Resume.Seq
			}
			decisions += receiptAtStart(in, events)
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
			attrs := ev.GetActivityTaskScheduledEventAttributes()
			if attrs.GetActivityType().GetName() != "Record" {
				continue
			}
			var in domain.RecordInput
			if err := dc.FromPayloads(attrs.GetInput(), &in); err != nil {
				return fmt.Errorf("verify: Record input in %s: %w", code, err)
			}
			scheduled[ev.GetEventId()] = in.Event.Seq
		case enumspb.EVENT_TYPE_MARKER_RECORDED:
			seq, ok, err := recordMarker(dc, ev.GetMarkerRecordedEventAttributes())
			if err != nil {
				return fmt.Errorf("verify: Record marker in %s: %w", code, err)
			}
			if ok {
				written[seq]++
			}
		case enumspb.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
			if seq, ok := scheduled[ev.GetActivityTaskCompletedEventAttributes().GetScheduledEventId()]; ok {
				written[seq]++
			}
		case enumspb.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
			if successful(ev) {
				decisions++
			}
		}
	}
	for seq := base + 1; seq <= st.Seq; seq++ {
		switch n := written[seq]; {
		case n == 0:
			add(History, "no completed write of row %d in the history", seq)
		case n > 1:
			add(History, "row %d was written %d times in the history", seq, n)
		}
	}
	var extra []int
	for seq := range written {
		if seq <= base || seq > st.Seq {
			extra = append(extra, seq)
		}
	}
	sort.Ints(extra)
	for _, seq := range extra {
		add(History, "the history wrote row %d, outside this run's rows %d..%d", seq, base+1, st.Seq)
	}
	logged := 0
	for _, e := range events {
		if e.Seq > base && !domain.TimerActions[e.Action] {
			logged++
		}
	}
	if logged != decisions {
		add(History, "%d decisions applied in the history, %d decision rows in the log", decisions, logged)
	}
	return nil
}

// receiptAtStart is 1 when the run, started with in, recorded a desk or postal dossier's
// receipt as it started: the officer's decision without an Update.
func receiptAtStart(in workflows.DossierInput, events []domain.Event) int {
	if in.Intake != nil && in.Resume == nil && len(events) > 1 && events[1].Action == domain.ActionReceived {
		return 1
	}
	return 0
}

// recordMarker reads a local activity's marker: ok when it is a completed Record, with
// the seq of the row it wrote (the SDK records a local activity's type in the marker's
// "data" and its result in "result"; a failed attempt has a failure and no result).
func recordMarker(dc converter.DataConverter, m *historypb.MarkerRecordedEventAttributes) (seq int, ok bool, err error) {
	if m.GetMarkerName() != "LocalActivity" || m.GetFailure() != nil {
		return 0, false, nil
	}
	var data struct{ ActivityType string }
	if err := dc.FromPayloads(m.GetDetails()["data"], &data); err != nil {
		return 0, false, err
	}
	result, found := m.GetDetails()["result"]
	if data.ActivityType != "Record" || !found {
		return 0, false, nil
	}
	var e domain.Event
	if err := dc.FromPayloads(result, &e); err != nil {
		return 0, false, err
	}
	return e.Seq, true, nil
}

func successful(ev *historypb.HistoryEvent) bool {
	return ev.GetWorkflowExecutionUpdateCompletedEventAttributes().GetOutcome().GetSuccess() != nil
}

// workflowIDs lists the IDs of every DossierWorkflow in the namespace.
func (c *Checker) workflowIDs(ctx context.Context) ([]string, error) {
	seen := map[string]bool{}
	var ids []string
	var token []byte
	for {
		resp, err := c.Client.ListWorkflow(ctx, &workflowservice.ListWorkflowExecutionsRequest{
			Namespace: c.Namespace, PageSize: 1000, NextPageToken: token, Query: "WorkflowType = 'DossierWorkflow'",
		})
		if err != nil {
			return nil, fmt.Errorf("verify: list workflows: %w", err)
		}
		for _, e := range resp.GetExecutions() {
			if id := e.GetExecution().GetWorkflowId(); !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
		if token = resp.GetNextPageToken(); len(token) == 0 {
			return ids, nil
		}
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
