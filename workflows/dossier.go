package workflows

import (
	"time"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/domain"
)

// versionTrackingNumber marks the runs in which a delivery by post needs its tracking
// number: histories recorded before accepted one without it.
const versionTrackingNumber = "deliver-tracking-number"

// a names activities through a nil pointer; the worker registers a real *Activities.
var a *activities.Activities

// activityOptions: the store's writes are short; retry them until the database is back.
var activityOptions = workflow.ActivityOptions{
	StartToCloseTimeout: 30 * time.Second,
	RetryPolicy: &temporal.RetryPolicy{
		InitialInterval:    time.Second,
		BackoffCoefficient: 2,
		MaximumInterval:    time.Minute,
	},
}

// localActivityOptions: the same store calls run as local activities (runs started with
// DossierInput.LocalStore): no activity task through the server, so a decision costs one
// workflow task. Retries go on as long as for the activities above (the SDK waits on a
// workflow timer between long backoffs); the start-to-close bound is per attempt.
var localActivityOptions = workflow.LocalActivityOptions{
	ScheduleToCloseTimeout: 365 * 24 * time.Hour,
	StartToCloseTimeout:    30 * time.Second,
	RetryPolicy:            activityOptions.RetryPolicy,
}

// maxHistory bounds a run's history; past it (or when the server suggests) the workflow
// continues as new with its state.
const maxHistory = 8000

var systemActor = Actor{Name: "Hệ thống", Roles: []string{domain.RoleSystem}}

// DossierWorkflow carries one dossier from submission to its end (refused, withdrawn,
// stopped or delivered). It copies the procedure's route and the clock rules, records the
// submission, then applies the decisions that arrive as Updates and the events of its
// timers (reminders, overdue marks, the supplement deadline), writing each to the
// processing log, the projection and the outbox before the Update returns.
func DossierWorkflow(ctx workflow.Context, in DossierInput) (State, error) {
	ctx = workflow.WithActivityOptions(ctx, activityOptions)
	r := &run{st: State{DossierID: in.DossierID, Code: in.Code, Status: domain.StatusNew}, mu: workflow.NewMutex(ctx)}
	// The start input, fixed in the run's history, says how the store is called: runs
	// started before local activities keep their activity tasks on replay. (A flag rather
	// than workflow.GetVersion, whose marker also upserts a search attribute: one more
	// visibility write per dossier.)
	r.local = in.LocalStore
	if in.Resume != nil {
		r.st = *in.Resume
	}
	if err := r.register(ctx); err != nil {
		return r.st, err
	}
	if in.Resume == nil {
		if err := r.start(ctx, in); err != nil {
			return r.st, err
		}
	}
	if err := r.loop(ctx); err != nil {
		return r.st, err
	}
	if err := workflow.Await(ctx, func() bool { return workflow.AllHandlersFinished(ctx) }); err != nil {
		return r.st, err
	}
	if !terminal(r.st.Status) { // loop returned to continue as new
		return r.st, workflow.NewContinueAsNewError(ctx, DossierWorkflow, DossierInput{
			DossierID: in.DossierID, Code: in.Code, ProcedureID: in.ProcedureID, AgencyID: in.AgencyID,
			ApplicantName: in.ApplicantName, SubmittedAt: in.SubmittedAt, Resume: &r.st,
			LocalStore: true, // a new run has a new history: it can move to local activities
		})
	}
	return r.st, nil
}

// run is one execution of the workflow: its state, the lock that serialises the
// decisions and timer events changing it, and whether its store calls are local
// activities.
type run struct {
	st    State
	mu    workflow.Mutex
	local bool
}

// exec calls a store activity: a local activity in runs started with
// DossierInput.LocalStore, an activity task in runs begun before it.
func (r *run) exec(ctx workflow.Context, fn any, args ...any) workflow.Future {
	if r.local {
		return workflow.ExecuteLocalActivity(workflow.WithLocalActivityOptions(ctx, localActivityOptions), fn, args...)
	}
	return workflow.ExecuteActivity(ctx, fn, args...)
}

func (r *run) register(ctx workflow.Context) error {
	if err := workflow.SetQueryHandler(ctx, QueryState, func() (State, error) { return r.st, nil }); err != nil {
		return err
	}
	for _, name := range Updates {
		err := workflow.SetUpdateHandlerWithOptions(ctx, name,
			func(ctx workflow.Context, d Decision) (State, error) { return r.decide(ctx, name, d) },
			workflow.UpdateHandlerOptions{Validator: func(ctx workflow.Context, d Decision) error {
				return r.validate(ctx, name, d)
			}})
		if err != nil {
			return err
		}
	}
	return nil
}

// validate rejects a decision before it enters history.
func (r *run) validate(ctx workflow.Context, name string, d Decision) error {
	if r.st.Seq == 0 {
		return temporal.NewApplicationError("Hồ sơ đang được khởi tạo, vui lòng thử lại sau giây lát.", ErrNotReady)
	}
	return r.st.check(name, d, workflow.Now(ctx))
}

// decide applies an accepted decision: checked again under the lock (another decision may
// have been applied since validation), then applied and recorded.
func (r *run) decide(ctx workflow.Context, name string, d Decision) (State, error) {
	ctx = workflow.WithActivityOptions(ctx, activityOptions) // handlers get the root context
	if err := r.mu.Lock(ctx); err != nil {
		return r.st, err
	}
	defer r.mu.Unlock()
	now := workflow.Now(ctx)
	if name == UpdateDeliver && workflow.GetVersion(ctx, versionTrackingNumber, workflow.DefaultVersion, 1) == workflow.DefaultVersion {
		d.legacyDelivery = true
	}
	if err := r.recheck(ctx, name, d, now); err != nil {
		return r.st, err
	}
	if name == UpdateReceive { // the rule set in force at receipt governs the dossier
		var rules domain.RuleSet
		if err := r.exec(ctx, a.LoadRules, now).Get(ctx, &rules); err != nil {
			return r.st, err
		}
		r.st.Rules = rules
		if workflow.GetVersion(ctx, changeTimeline, workflow.DefaultVersion, ClockTimeline) == ClockTimeline {
			r.st.Clock = ClockTimeline
		}
	}
	out := r.st.apply(name, d, now, changesFor(ctx, name, d))
	if err := r.record(ctx, out, now); err != nil {
		return r.st, err
	}
	return r.st, nil
}

// changesFor asks workflow.GetVersion about the changes decision name with d depends on,
// and only about those, so that other decisions write no version marker.
func changesFor(ctx workflow.Context, name string, d Decision) changes {
	var ch changes
	if name == UpdateAssign && d.claim() {
		ch.claimLogged = workflow.GetVersion(ctx, ChangeClaimLogged, workflow.DefaultVersion, 1) >= 1
	}
	return ch
}

// changeStopProcessed: a processed dossier (9) can no longer be stopped. Histories
// recorded before the change hold such stops; they replay under workflow.DefaultVersion.
const changeStopProcessed = "stop-refused-when-processed"

// recheck is the check of an accepted decision under the lock. Update validators do not
// run on replay, so a decision that an older version of the check accepted must replay
// as it was applied: a stop of a processed dossier (changeStopProcessed), a second
// supplement request in a stage without a leader's approval (changeOneSupplement).
func (r *run) recheck(ctx workflow.Context, name string, d Decision, now time.Time) error {
	err := r.st.check(name, d, now)
	switch {
	case err == nil:
	case name == UpdateStop && r.st.Status == domain.StatusProcessed &&
		workflow.GetVersion(ctx, changeStopProcessed, workflow.DefaultVersion, 1) == workflow.DefaultVersion:
		return r.st.checkStopAnyOpen(d, now)
	case name == UpdateRequestSupplement && r.st.supplementsIn(r.st.supplementStage()) > 0 &&
		workflow.GetVersion(ctx, changeOneSupplement, workflow.DefaultVersion, 1) == workflow.DefaultVersion:
		return r.st.checkRequestSupplementAnyTime(d, now)
	}
	return err
}

// start copies the catalogue and the rules, and records the submission.
func (r *run) start(ctx workflow.Context, in DossierInput) error {
	if err := r.mu.Lock(ctx); err != nil {
		return err
	}
	defer r.mu.Unlock()
	if err := r.exec(ctx, a.MarkWorkflowStarted, activities.MarkStartedInput{
		DossierID: in.DossierID, At: workflow.Now(ctx),
	}).Get(ctx, nil); err != nil {
		return err
	}
	if err := r.exec(ctx, a.LoadSnapshot, in.DossierID).Get(ctx, &r.st.Snapshot); err != nil {
		return err
	}
	if err := r.exec(ctx, a.LoadRules, in.SubmittedAt).Get(ctx, &r.st.Rules); err != nil {
		return err
	}
	r.st.HolderAgencyID, r.st.HolderAgencyName = r.st.Snapshot.HomeAgencyID, r.st.Snapshot.HomeAgencyName
	r.st.assign(domain.RoleReception, 0, "")
	r.st.Version++
	if in.Intake != nil {
		return r.startReceived(ctx, in)
	}
	out := outcome{Action: domain.ActionSubmitted, Actor: Actor{Name: in.ApplicantName}, Receiver: r.st.receiver(),
		Notify: []domain.NotifyRequest{r.st.toAssignee(domain.NotifyAssigned, "Có hồ sơ mới nộp trực tuyến chờ tiếp nhận.")}}
	return r.record(ctx, out, in.SubmittedAt)
}

// startReceived records a desk or postal dossier's submission, then its receipt by the
// officer who registered it, both at the submission's time. A receipt the table of
// decisions refuses (the officer lost the role meanwhile) is left out: the dossier then
// waits at the desk like an online one.
func (r *run) startReceived(ctx workflow.Context, in DossierInput) error {
	action, note := domain.ActionSubmittedDesk, ""
	if in.Intake.Channel == domain.ChannelPost {
		action = domain.ActionSubmittedPost
		note = "Số hiệu bưu gửi: " + in.Intake.TrackingNumber
	}
	out := outcome{Action: action, Actor: Actor{Name: in.ApplicantName}, Receiver: in.Intake.By.Name, Note: note}
	if err := r.record(ctx, out, in.SubmittedAt); err != nil {
		return err
	}
	d := Decision{Actor: in.Intake.By}
	if err := r.st.check(UpdateReceive, d, in.SubmittedAt); err != nil {
		workflow.GetLogger(ctx).Warn("desk receipt refused, the dossier waits at the desk", "code", in.Code, "err", err)
		return nil
	}
	if workflow.GetVersion(ctx, changeTimeline, workflow.DefaultVersion, ClockTimeline) == ClockTimeline {
		r.st.Clock = ClockTimeline
	}
	return r.record(ctx, r.st.apply(UpdateReceive, d, in.SubmittedAt, changesFor(ctx, UpdateReceive, d)), in.SubmittedAt)
}

// record writes the next processing-log row with the projection and notifications.
func (r *run) record(ctx workflow.Context, out outcome, at time.Time) error {
	st := &r.st
	if terminal(st.Status) {
		st.assign("", 0, "")
		st.StepDueAt = time.Time{}
	}
	st.Seq++
	e := domain.Event{DossierID: st.DossierID, Seq: st.Seq, At: at, Action: out.Action,
		ActorID: idPtr(out.Actor.ID), ActorName: out.Actor.Name, ActorUnit: out.Actor.AgencyName,
		Receiver: out.Receiver, Note: out.Note, Status: st.Status, StepName: st.StepName,
		StepDueAt: timePtr(st.StepDueAt), Timing: out.Timing}
	var saved domain.Event
	err := r.exec(ctx, a.Record, domain.RecordInput{Event: e, Projection: st.projection(),
		Notify: out.Notify}).Get(ctx, &saved)
	if err != nil {
		return err
	}
	st.Log = append(st.Log, saved)
	return nil
}

// Projection is the part of the state written to the dossiers row with each log row.
func (st *State) Projection() domain.Projection { return st.projection() }

func (st *State) projection() domain.Projection {
	return domain.Projection{Status: st.Status, StepPosition: st.Step, StepName: st.StepName,
		HolderAgencyID: st.HolderAgencyID, AssigneeRole: st.AssigneeRole, AssigneeID: st.AssigneeID,
		AssigneeName: st.AssigneeName, ReceivedAt: timePtr(st.ReceivedAt), DueAt: timePtr(st.DueAt),
		StepDueAt: timePtr(st.StepDueAt), SupplementDueAt: timePtr(st.SupplementDueAt), Overdue: st.Overdue,
		Extensions: st.Extensions, FinishedAt: timePtr(st.FinishedAt), ResultRef: st.ResultRef,
		RuleVersion: st.Rules.Version, CalendarVersion: st.Rules.CalendarVersion, PaymentDueVND: st.PaymentDueVND}
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func idPtr(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// loop waits for the next timer or a change, until the dossier ends or the run should
// continue as new.
func (r *run) loop(ctx workflow.Context) error {
	for !terminal(r.st.Status) {
		info := workflow.GetInfo(ctx)
		if info.GetContinueAsNewSuggested() || info.GetCurrentHistoryLength() > maxHistory {
			return nil
		}
		version := r.st.Version
		changed := func() bool { return r.st.Version != version }
		at, kind := r.st.nextTimer()
		if at.IsZero() {
			if err := workflow.Await(ctx, changed); err != nil {
				return err
			}
			continue
		}
		if wait := at.Sub(workflow.Now(ctx)); wait > 0 {
			ok, err := workflow.AwaitWithTimeout(ctx, wait, changed)
			if err != nil {
				return err
			}
			if ok {
				continue
			}
		}
		if err := r.fire(ctx, version, kind); err != nil {
			return err
		}
	}
	return nil
}

// fire records a timer event, unless a decision changed the state meanwhile.
func (r *run) fire(ctx workflow.Context, version int, kind string) error {
	if err := r.mu.Lock(ctx); err != nil {
		return err
	}
	defer r.mu.Unlock()
	if r.st.Version != version {
		return nil
	}
	now := workflow.Now(ctx)
	return r.record(ctx, r.st.timerEvent(kind, now), now)
}
