package api

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"go.temporal.io/api/serviceerror"
	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
	"github.com/dvc-project/dvc/workflows"
)

func constantEqual(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// decisionTimeout bounds the wait for a decision's outcome; past it the client gets a
// retryable 503 and may send the same decision again with the same Idempotency-Key.
const decisionTimeout = 20 * time.Second

// decide sends a decision to dossier d's workflow and waits for the new state, mapping
// a refusal to 403/409/422 with the workflow's reason and an outage to a retryable 503.
// The request's Idempotency-Key header (optional) names the decision: the same key from
// the same actor for the same action is the same Temporal update, applied at most once,
// and a retry gets the first attempt's outcome.
func (s *Server) decide(c *gin.Context, d domain.Dossier, name string, dec workflows.Decision) (workflows.State, error) {
	var st workflows.State
	key := strings.TrimSpace(c.GetHeader("Idempotency-Key"))
	if len(key) > 200 {
		return st, domain.NewError(domain.Invalid, "invalid_idempotency_key", "Tiêu đề Idempotency-Key quá dài (tối đa 200 ký tự).")
	}
	updateID := ""
	if key != "" {
		updateID = fmt.Sprintf("%d/%s/%s", dec.Actor.ID, name, key)
	}
	ctx, cancel := context.WithTimeout(c, decisionTimeout)
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
		if kind == 0 {
			kind, code = domain.Unprocessable, "invalid_decision"
		}
		if kind == domain.Forbidden {
			code = "decision_forbidden"
		}
		return st, domain.WrapError(kind, code, app.Message(), err)
	case errors.As(err, &notFound):
		return st, s.noWorkflow(c, d, err)
	}
	return st, domain.WrapError(domain.Unavailable, "workflow_unavailable", "Hệ thống xử lý hồ sơ đang bận, vui lòng thử lại sau.", err)
}

// noWorkflow explains a decision sent to a dossier without a running workflow: closed
// (409) when the dossier has ended, otherwise not ready yet (503: the reconciler starts
// the workflow of a submission whose start was missed).
func (s *Server) noWorkflow(c *gin.Context, d domain.Dossier, cause error) error {
	cur, err := s.Store.DossierByID(c, d.ID)
	if err != nil {
		return err
	}
	if cur.WorkflowStartedAt != nil && workflows.Terminal(cur.Status) {
		return domain.WrapError(domain.Conflict, "dossier_closed", "Hồ sơ đã kết thúc xử lý.", cause)
	}
	return domain.WrapError(domain.Unavailable, "dossier_not_ready", "Hồ sơ đang được khởi tạo, vui lòng thử lại sau giây lát.", cause)
}

type citizenActionRequest struct {
	UpdateCode string   `json:"update_code"`
	Note       string   `json:"note"`
	Documents  []string `json:"documents"`
	// FormData corrects declaration fields (supplement only); the fields given replace theirs.
	FormData map[string]string `json:"form_data"`
}

// citizenAction runs a citizen decision (supplement, withdraw) for the owner or the
// update-code holder. Errors: login_required, dossier_not_found, wrong_update_code,
// decision_refused (409), workflow_unavailable (503).
func (s *Server) citizenAction(c *gin.Context, name string) {
	var req citizenActionRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, by, err := s.citizenAccess(c, req.UpdateCode)
	if err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.runCitizenAction(c, d, by, name, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"code": st.Code, "status": st.Status, "status_label": st.Status.Label()})
}

// runCitizenAction sends a citizen decision (supplement, withdraw) on d for the owner (by)
// or an update-code holder (by nil); the JSON API and the portal share it. A supplement
// without documents named gives the files attached since submission. Errors: not_submitted,
// invalid_decision, decision_refused, workflow_unavailable.
func (s *Server) runCitizenAction(c *gin.Context, d domain.Dossier, by *int64, name string, req citizenActionRequest) (workflows.State, error) {
	if d.Code == nil {
		return workflows.State{}, domain.NewError(domain.Conflict, "not_submitted", "Hồ sơ chưa được gửi.")
	}
	if !validate.Text(req.Note, 2000) {
		return workflows.State{}, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_decision", Message: "Ghi chú quá dài.",
			Fields: map[string]string{"note": "Tối đa 2000 ký tự."}}
	}
	if name == workflows.UpdateSupplement && len(req.FormData) > 0 {
		if err := s.correctForm(c, d, req.FormData); err != nil {
			return workflows.State{}, err
		}
	}
	actor := workflows.Actor{Name: d.Name, Roles: []string{domain.RoleCitizen}}
	if by != nil {
		actor.ID = *by
	}
	docs := req.Documents
	if name == workflows.UpdateSupplement && len(docs) == 0 {
		files, err := s.Store.Files(c, d.ID)
		if err != nil {
			return workflows.State{}, err
		}
		for _, f := range files {
			if d.SubmittedAt != nil && f.CreatedAt.After(*d.SubmittedAt) {
				docs = append(docs, f.Name)
			}
		}
	}
	return s.decide(c, d, name, workflows.Decision{Actor: actor, Note: strings.TrimSpace(req.Note), Documents: docs})
}

func (s *Server) supplementDossier(c *gin.Context) { s.citizenAction(c, workflows.UpdateSupplement) }
func (s *Server) withdrawDossier(c *gin.Context)   { s.citizenAction(c, workflows.UpdateWithdraw) }

type ratingRequest struct {
	Rating  string `json:"rating"`
	Comment string `json:"comment"`
}

// rateDossier records the owner's satisfaction after delivery. Errors: login_required,
// dossier_not_found, invalid_rating, not_delivered (409), already_rated (409).
func (s *Server) rateDossier(c *gin.Context) {
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	var req ratingRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	if err := s.rate(c, d, req); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, gin.H{"rating": req.Rating})
}

// ratingLabels are the satisfaction levels with the labels the portal shows.
var ratingLabels = map[string]string{"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "not_satisfied": "Không hài lòng"}

// rate validates and records the owner's rating of d (the JSON API and the portal share
// it). Errors: invalid_rating (with fields), not_delivered, already_rated.
func (s *Server) rate(c *gin.Context, d domain.Dossier, req ratingRequest) error {
	if _, ok := ratingLabels[req.Rating]; !ok {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_rating", Message: "Mức đánh giá không hợp lệ.",
			Fields: map[string]string{"rating": "Một trong: very_satisfied, satisfied, not_satisfied."}}
	}
	if !validate.Text(req.Comment, 2000) {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_rating", Message: "Ý kiến quá dài.",
			Fields: map[string]string{"comment": "Tối đa 2000 ký tự."}}
	}
	return s.Store.Rate(c, d.ID, req.Rating, strings.TrimSpace(req.Comment))
}

// correctForm merges corrected declaration fields into a dossier waiting for a supplement.
func (s *Server) correctForm(c *gin.Context, d domain.Dossier, fields map[string]string) error {
	if d.Status != domain.StatusSupplementRequested {
		return domain.NewError(domain.Conflict, "decision_refused", "Hồ sơ không ở trạng thái chờ bổ sung.")
	}
	content, err := s.Store.Content(c, d.ID)
	if err != nil {
		return err
	}
	for k, v := range fields {
		if len(k) > 64 || !validate.Text(v, 2000) {
			return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_draft", Message: "Nội dung bổ sung không hợp lệ.",
				Fields: map[string]string{"form_data." + k: "Giá trị không hợp lệ."}}
		}
		content.FormData[k] = strings.TrimSpace(v)
	}
	return s.Store.SetContent(c, d.ID, content)
}
