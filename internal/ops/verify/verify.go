// Package verify compares what PostgreSQL records about each dossier (the projection in
// dossiers, the processing log in dossier_events) with what Temporal holds (the
// workflow's state and its history), and reports every difference. `dvc verify` and the
// fault tests run it.
package verify

import (
	"context"
	"errors"
	"fmt"
	"time"

	enumspb "go.temporal.io/api/enums/v1"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/api/workflowservice/v1"
	"go.temporal.io/sdk/client"

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
