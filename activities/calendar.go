package activities

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/activity"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// LoadCalendarChange returns calendar version n as the dossiers in flight receive it:
// its days, and the changes from version n-1 that move a due date, in Vietnamese.
func (a *Activities) LoadCalendarChange(ctx context.Context, n int) (domain.CalendarChange, error) {
	v, changes, err := a.calendarChanges(ctx, n)
	if err != nil {
		return domain.CalendarChange{}, err
	}
	spec := v.Spec(domain.CalendarSpec{})
	out := domain.CalendarChange{Version: n, Holidays: spec.Holidays, Workdays: spec.Workdays, Changes: []string{}}
	for _, c := range changes {
		out.Changes = append(out.Changes, c.Text())
	}
	return out, nil
}

// calendarChanges is version n and its changes from n-1 that move a due date.
func (a *Activities) calendarChanges(ctx context.Context, n int) (calendar.Version, []calendar.Change, error) {
	v, err := a.Store.CalendarVersion(ctx, n)
	if err != nil {
		return v, nil, nonRetryable(err)
	}
	var before calendar.Version
	if n > 1 {
		if before, err = a.Store.CalendarVersion(ctx, n-1); err != nil {
			return v, nil, nonRetryable(err)
		}
	}
	var moving []calendar.Change
	for _, c := range calendar.Diff(before, v) {
		if c.Moves() {
			moving = append(moving, c)
		}
	}
	return v, moving, nil
}

// AffectedInput asks for the next page of dossiers a calendar version concerns.
type AffectedInput struct {
	Version int
	AfterID int64
	Limit   int
}

// AffectedPage is a page of dossiers to send a calendar version to: the codes of those
// whose period a moving change falls in (calendar.Crossed; any moving change from the
// receipt on for a paused clock), NextID to continue after, and Done on the last page.
type AffectedPage struct {
	Codes   []string
	Scanned int
	NextID  int64
	Done    bool
}

// AffectedDossiers pages, by id after in.AfterID, through the dossiers whose clock may
// run and that count with an older calendar version than in.Version, and keeps those a
// moving change of the version concerns.
func (a *Activities) AffectedDossiers(ctx context.Context, in AffectedInput) (AffectedPage, error) {
	_, changes, err := a.calendarChanges(ctx, in.Version)
	if err != nil {
		return AffectedPage{}, err
	}
	rows, err := a.Store.ClockDossiers(ctx, in.Version, in.AfterID, in.Limit)
	if err != nil {
		return AffectedPage{}, err
	}
	page := AffectedPage{Codes: []string{}, Scanned: len(rows), NextID: in.AfterID, Done: len(rows) < in.Limit}
	for _, d := range rows {
		page.NextID = d.ID
		if crosses(d, changes) {
			page.Codes = append(page.Codes, d.Code)
		}
	}
	return page, nil
}

// crosses reports whether a moving change falls in d's period: from its receipt to the
// later of its due dates, or from its receipt on while its clock is paused.
func crosses(d postgres.ClockDossier, changes []calendar.Change) bool {
	end := d.DueAt
	if d.StepDueAt != nil && (end == nil || d.StepDueAt.After(*end)) {
		end = d.StepDueAt
	}
	if end == nil || d.Status == domain.StatusSupplementRequested || d.Status == domain.StatusPaymentRequested {
		far := d.ReceivedAt.AddDate(100, 0, 0)
		end = &far
	}
	return len(calendar.Crossed(changes, d.ReceivedAt, *end)) > 0
}

// SendUpdatesInput sends one Update to the workflows of Codes. Arg is the Update's
// argument as the workflow encoded it (a workflows.Decision).
type SendUpdatesInput struct {
	Codes      []string
	UpdateName string
	Arg        json.RawMessage
}

// SendUpdatesResult counts what the workflows answered.
type SendUpdatesResult struct {
	Accepted int // applied: the dossier's due dates moved (or its paused clock took the days)
	Refused  int // refused by the validator (already counted, nothing moved, closed meanwhile)
	Gone     int // no running workflow
}

// updateTimeout bounds one Update: the workflow writes its log row before answering.
const updateTimeout = 30 * time.Second

// SendUpdates sends in.UpdateName to each workflow in turn, heartbeating. A refusal or a
// closed workflow is counted and the next one is sent; any other error (Temporal or the
// worker unreachable) fails the activity, which Temporal retries: the validators refuse
// what was already applied, so a retried batch changes nothing twice.
func (a *Activities) SendUpdates(ctx context.Context, in SendUpdatesInput) (SendUpdatesResult, error) {
	var res SendUpdatesResult
	if a.Temporal == nil {
		return res, temporal.NewNonRetryableApplicationError("activities: no Temporal client", "no_client", nil)
	}
	for i, code := range in.Codes {
		activity.RecordHeartbeat(ctx, i)
		err := a.sendUpdate(ctx, code, in)
		var app *temporal.ApplicationError
		var notFound *serviceerror.NotFound
		switch {
		case err == nil:
			res.Accepted++
		case errors.As(err, &app):
			res.Refused++
		case errors.As(err, &notFound): // none, or completed
			res.Gone++
		default:
			return res, fmt.Errorf("activities: %s on %s: %w", in.UpdateName, code, err)
		}
	}
	return res, nil
}

func (a *Activities) sendUpdate(ctx context.Context, code string, in SendUpdatesInput) error {
	ctx, cancel := context.WithTimeout(ctx, updateTimeout)
	defer cancel()
	h, err := a.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: code, UpdateName: in.UpdateName,
		Args: []any{in.Arg}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err != nil {
		return err
	}
	return h.Get(ctx, nil)
}
