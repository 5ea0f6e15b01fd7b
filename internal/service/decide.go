package service

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

func constantEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// decisionTimeout bounds the wait for a decision's outcome; past it the caller gets a
// retryable workflow_unavailable and may send the same decision again with the same key.
const decisionTimeout = 20 * time.Second

// Decide sends decision name to dossier d's workflow and waits for the new state,
// mapping a refusal to decision_forbidden (403), decision_refused (409) or
// invalid_decision (422) with the workflow's reason (and, for invalid_decision, in
// Fields under the name of the input it is about), and an outage to a retryable
// workflow_unavailable. key (optional, at most 200 characters) names the decision: the
// same key from the same actor for the same action is the same Temporal update, applied
// at most once, and a retry gets the first attempt's outcome. Errors also:
// invalid_idempotency_key, dossier_not_ready (see ERRORS.md).
func (s *Service) Decide(ctx context.Context, d domain.Dossier, name string, dec workflows.Decision, key string) (workflows.State, error) {
	var st workflows.State
	key = strings.TrimSpace(key)
	if len(key) > 200 {
		return st, domain.NewError(domain.Invalid, "invalid_idempotency_key", "Tiêu đề Idempotency-Key quá dài (tối đa 200 ký tự).")
	}
	updateID := ""
	if key != "" {
		updateID = fmt.Sprintf("%d/%s/%s", dec.Actor.ID, name, key)
	}
	ctx, cancel := context.WithTimeout(ctx, decisionTimeout)
	defer cancel()
	h, err := s.Temporal.UpdateWorkflow(ctx, client.UpdateWorkflowOptions{WorkflowID: *d.Code, UpdateID: updateID,
		UpdateName: name, Args: []any{dec}, WaitForStage: client.WorkflowUpdateStageCompleted})
	if err == nil {
		err = h.Get(ctx, &st)
	}
	if err == nil {
		return st, nil
	}
	var app *temporal.ApplicationError
	var notFound *serviceerror.NotFound
	switch {
	case errors.As(err, &app) && app.Type() == workflows.ErrNotReady:
		return st, domain.WrapError(domain.Unavailable, "dossier_not_ready", app.Message(), err)
	case errors.As(err, &app):
		kind := map[string]domain.ErrorKind{workflows.ErrForbidden: domain.Forbidden, workflows.ErrConflict: domain.Conflict}[app.Type()]
		code := "decision_refused"
		if kind == domain.Internal {
			kind, code = domain.Unprocessable, "invalid_decision"
		}
		if kind == domain.Forbidden {
			code = "decision_forbidden"
		}
		e := domain.WrapError(kind, code, app.Message(), err)
		if field := workflows.InvalidField(app); field != "" {
			e.Fields = map[string]string{field: app.Message()}
		}
		return st, e
	case errors.As(err, &notFound):
		return st, s.noWorkflow(ctx, d, err)
	}
	return st, domain.WrapError(domain.Unavailable, "workflow_unavailable", "Hệ thống xử lý hồ sơ đang bận, vui lòng thử lại sau.", err)
}

// noWorkflow explains a decision sent to a dossier without a running workflow:
// decision_refused (409, as the workflow refuses a decision its state does not admit)
// when the dossier has ended, otherwise not ready yet (503: the reconciler starts
// the workflow of a submission whose start was missed).
func (s *Service) noWorkflow(ctx context.Context, d domain.Dossier, cause error) error {
	cur, err := s.Store.DossierByID(ctx, d.ID)
	if err != nil {
		return err
	}
	if cur.WorkflowStartedAt != nil && workflows.Terminal(cur.Status) {
		return domain.WrapError(domain.Conflict, "decision_refused", "Hồ sơ đã kết thúc xử lý.", cause)
	}
	return domain.WrapError(domain.Unavailable, "dossier_not_ready", "Hồ sơ đang được khởi tạo, vui lòng thử lại sau giây lát.", cause)
}

// ActorOf is officer acc as the workflow sees a decision's author.
func ActorOf(acc domain.Account) workflows.Actor {
	a := workflows.Actor{ID: acc.ID, Name: acc.FullName, Roles: acc.Roles, AgencyName: acc.AgencyName}
	if acc.AgencyID != nil {
		a.AgencyID = *acc.AgencyID
	}
	return a
}

// DecisionInput is an officer's decision as the API and the console send it; each
// decision reads the fields it needs, whose JSON names are its workflows.DecisionSpec
// fields' Name.
type DecisionInput struct {
	Note        string    `json:"note"`
	Reasons     []string  `json:"reasons"`
	Components  []string  `json:"components"`
	ToOfficerID int64     `json:"to_officer_id"`
	Back        bool      `json:"back"`
	AmountVND   int64     `json:"amount_vnd"`
	ResultRef   string    `json:"result_ref"`
	NewDueAt    time.Time `json:"new_due_at"`
	Method      string    `json:"method"`
	ReceivedBy  string    `json:"received_by"`
	// ApprovalReason: a leader's reason for a further supplement request in a stage.
	ApprovalReason string `json:"approval_reason"`
	// TrackingNumber is the postal tracking number of a result sent by post.
	TrackingNumber string `json:"tracking_number"`
}

// OfficerDecide applies decision action with req's inputs to d's workflow as officer acc
// (key as Decide) and returns the new state. Errors: officer_not_found, and Decide's.
func (s *Service) OfficerDecide(ctx context.Context, d domain.Dossier, acc domain.Account, action string, req DecisionInput, key string) (workflows.State, error) {
	dec := req.Decision(ActorOf(acc))
	if req.ToOfficerID != 0 {
		o, err := s.Store.Staff(ctx, req.ToOfficerID)
		if err != nil {
			return workflows.State{}, err
		}
		dec.ToOfficerID, dec.ToOfficerName = o.ID, o.FullName
	}
	return s.Decide(ctx, d, action, dec, key)
}

// Decision is req as the workflow takes it from actor a, without the receiving officer's
// name (OfficerDecide looks it up).
func (req DecisionInput) Decision(a workflows.Actor) workflows.Decision {
	return workflows.Decision{Actor: a, Note: strings.TrimSpace(req.Note), Reasons: req.Reasons,
		Components: req.Components, ToOfficerID: req.ToOfficerID, Back: req.Back, AmountVND: req.AmountVND,
		ResultRef: req.ResultRef, NewDueAt: req.NewDueAt, Method: req.Method, ReceivedBy: req.ReceivedBy,
		ApprovalReason: req.ApprovalReason, TrackingNumber: strings.TrimSpace(req.TrackingNumber)}
}

// AssignStep gives d's current step to officer officerID (acc's own id: a claim) as acc.
// Errors: officer_not_found, and Decide's.
func (s *Service) AssignStep(ctx context.Context, d domain.Dossier, acc domain.Account, officerID int64, key string) (workflows.State, error) {
	o, err := s.Store.Staff(ctx, officerID)
	if err != nil {
		return workflows.State{}, err
	}
	return s.Decide(ctx, d, workflows.UpdateAssign, workflows.Decision{Actor: ActorOf(acc), ToOfficerID: o.ID, ToOfficerName: o.FullName}, key)
}

// Reassign moves every open dossier of leader acc's agency assigned to officer from (on
// leave) to officer to, and returns the codes moved. Errors: officer_not_found (with
// fields), and the first refusal of the workflow.
func (s *Service) Reassign(ctx context.Context, acc domain.Account, from, to int64, key string) ([]string, error) {
	target, err := s.Store.Staff(ctx, to)
	if err != nil || target.AgencyID == nil || acc.AgencyID == nil || *target.AgencyID != *acc.AgencyID {
		return nil, &domain.Error{Kind: domain.Invalid, Code: "officer_not_found", Message: "Cán bộ nhận không thuộc cơ quan.",
			Fields: map[string]string{"to_officer_id": "Cán bộ không hợp lệ."}}
	}
	ds, err := s.Store.AssignedTo(ctx, *acc.AgencyID, from)
	if err != nil {
		return nil, err
	}
	moved := []string{}
	for _, d := range ds {
		if _, err := s.Decide(ctx, d, workflows.UpdateAssign, workflows.Decision{Actor: ActorOf(acc),
			ToOfficerID: target.ID, ToOfficerName: target.FullName}, key); err != nil {
			return moved, err
		}
		moved = append(moved, *d.Code)
	}
	return moved, nil
}

// DossierState asks d's workflow for its state (who may act, what is allowed).
func (s *Service) DossierState(ctx context.Context, d domain.Dossier) (workflows.State, error) {
	return workflows.Query(ctx, s.Temporal, *d.Code)
}
