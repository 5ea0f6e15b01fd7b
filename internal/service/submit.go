package service

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// Missing lists, in one error, the required components of d without a file and the
// required form fields left empty. Errors: missing_components (with fields).
func (s *Service) Missing(ctx context.Context, d domain.Dossier) error {
	return s.MissingWith(ctx, d, nil)
}

// MissingWith is Missing for the declaration typed in formData (the stored one when nil),
// for a form that reports its gaps with its other errors before anything is saved.
// An empty select is reported as "Chưa chọn", an unticked checkbox as "Chưa đánh dấu".
func (s *Service) MissingWith(ctx context.Context, d domain.Dossier, formData map[string]string) error {
	proc, err := s.Store.ProcedureDetail(ctx, d.ProcedureID)
	if err != nil {
		return err
	}
	files, err := s.Store.Files(ctx, d.ID)
	if err != nil {
		return err
	}
	if formData == nil {
		content, err := s.Store.Content(ctx, d.ID)
		if err != nil {
			return err
		}
		formData = content.FormData
	}
	have := map[int64]bool{}
	for _, f := range files {
		if f.ComponentID != nil {
			have[*f.ComponentID] = true
		}
	}
	fields := map[string]string{}
	for _, comp := range proc.Components {
		if comp.Required && !have[comp.ID] {
			fields["components."+strconv.FormatInt(comp.ID, 10)] = "Chưa đính kèm: " + comp.Name
		}
	}
	for _, f := range proc.FormFields {
		if f.Required && strings.TrimSpace(formData[f.Name]) == "" {
			fields["form_data."+f.Name] = unfilled[f.Type] + ": " + f.Label
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &domain.Error{Kind: domain.Unprocessable, Code: "missing_components",
		Message: "Hồ sơ còn thiếu thành phần hoặc thông tin bắt buộc.", Fields: fields}
}

// unfilled says how a required form field of each type was left empty.
var unfilled = map[string]string{"text": "Chưa nhập", "textarea": "Chưa nhập", "number": "Chưa nhập", "date": "Chưa nhập",
	"select": "Chưa chọn", "checkbox": "Chưa đánh dấu"}

// Submission is the outcome of Submit: the dossier as sent, its update code, and whether
// this call sent it (false when the same idempotency key had already sent it).
type Submission struct {
	Dossier    domain.Dossier
	UpdateCode string
	First      bool
}

// Submit sends the owner's draft d under the idempotency key: it checks the required
// components and form fields, allocates the code and the update code, starts the
// workflow and e-mails the citizen. The same key answers the same dossier with First
// false. When Temporal cannot be reached the submission still stands: the reconciler
// starts the workflow later. Errors: missing_components (with fields), already_submitted.
func (s *Service) Submit(ctx context.Context, d domain.Dossier, key string) (Submission, error) {
	if d.Code == nil {
		if err := s.Missing(ctx, d); err != nil {
			return Submission{Dossier: d}, err
		}
	}
	d, first, err := s.Store.SubmitWith(ctx, d.ID, s.Now(), domain.SubmitOptions{Key: key, UpdateCode: auth.NewUpdateCode()})
	if err != nil {
		return Submission{Dossier: d}, err
	}
	updateCode, err := s.Store.UpdateCode(ctx, d.ID)
	if err != nil {
		return Submission{Dossier: d}, err
	}
	if d.WorkflowStartedAt == nil {
		s.startWorkflow(ctx, d)
	}
	if first {
		body := "Hồ sơ " + *d.Code + " (" + d.ProcedureName + ") đã được gửi tới " + d.AgencyName +
			". Mã cập nhật hồ sơ (dùng khi cần bổ sung): " + updateCode + ". Tra cứu tại " + strings.TrimRight(s.PublicURL, "/") +
			"/tra-cuu?code=" + *d.Code + s.Portal.MailFooter()
		if err := s.Store.QueueMail(ctx, d.ID, "submitted", d.Email, "["+*d.Code+"] Đã gửi hồ sơ", body); err != nil {
			s.Log.WarnContext(ctx, "queue submission mail", "err", err, "code", *d.Code)
		}
	}
	return Submission{Dossier: d, UpdateCode: updateCode, First: first}, nil
}

// startTimeout bounds the service's own attempt to start a submitted dossier's workflow.
const startTimeout = 5 * time.Second

// startWorkflow starts d's workflow and records it; a failure is logged, not returned,
// because the submission is already durable and the reconciler will retry. The attempt
// is bounded (startTimeout) so that a submission is acknowledged promptly while Temporal
// is down.
func (s *Service) startWorkflow(ctx context.Context, d domain.Dossier) {
	sctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := workflows.Start(sctx, s.Temporal, s.TaskQueue, d); err != nil {
		s.Log.WarnContext(ctx, "workflow start deferred to the reconciler", "code", *d.Code, "err", err)
		return
	}
	if err := s.Store.MarkWorkflowStarted(ctx, d.ID, s.Now()); err != nil {
		s.Log.WarnContext(ctx, "mark workflow started", "code", *d.Code, "err", err)
	}
}
