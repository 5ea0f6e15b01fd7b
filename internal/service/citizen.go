package service

import (
	"context"
	"strings"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
	"github.com/dvc-project/dvc/workflows"
)

// CitizenActionInput is a citizen's supplement or withdrawal.
type CitizenActionInput struct {
	UpdateCode string   `json:"update_code"`
	Note       string   `json:"note"`
	Documents  []string `json:"documents"`
	// FormData corrects declaration fields (supplement only); the fields given replace theirs.
	FormData map[string]string `json:"form_data"`
}

// CitizenAccess resolves ref for its owner (viewer, when signed in) or for the holder of
// its update code; it returns the acting account id (nil for an update-code holder).
// viewer is nil for an anonymous caller. Errors: login_required, dossier_not_found,
// wrong_update_code (403).
func (s *Service) CitizenAccess(ctx context.Context, viewer *domain.Account, ref, updateCode string) (domain.Dossier, *int64, error) {
	d, err := s.DossierByRef(ctx, ref)
	if err != nil {
		return d, nil, err
	}
	if viewer != nil && d.OwnerID != nil && *d.OwnerID == viewer.ID {
		id := viewer.ID
		return d, &id, nil
	}
	if updateCode == "" {
		if viewer != nil {
			return d, nil, ErrDossierNotFound // another citizen's dossier
		}
		return d, nil, ErrLoginRequired
	}
	want, err := s.Store.UpdateCode(ctx, d.ID)
	if err != nil {
		return d, nil, err
	}
	if want == "" || !constantEqual(want, strings.TrimSpace(updateCode)) {
		return d, nil, domain.NewError(domain.Forbidden, "wrong_update_code", "Mã cập nhật hồ sơ không đúng.")
	}
	return d, nil, nil
}

// EditableDossier is CitizenAccess for a dossier whose files may change now: the owner's
// draft, or a dossier waiting for a supplement (owner or update-code holder). Errors:
// CitizenAccess's, not_editable (409).
func (s *Service) EditableDossier(ctx context.Context, viewer *domain.Account, ref, updateCode string) (domain.Dossier, *int64, error) {
	d, by, err := s.CitizenAccess(ctx, viewer, ref, updateCode)
	if err != nil {
		return d, nil, err
	}
	if d.Status != domain.StatusDraft && d.Status != domain.StatusSupplementRequested {
		return d, nil, domain.NewError(domain.Conflict, "not_editable", "Hồ sơ không ở trạng thái cho phép thay đổi tệp đính kèm.")
	}
	if d.Status == domain.StatusDraft && by == nil {
		return d, nil, ErrDossierNotFound
	}
	return d, by, nil
}

// CitizenAction sends a citizen decision (supplement, withdraw) on d for the owner (by)
// or an update-code holder (by nil), under the optional idempotency key (as Decide). A
// supplement without documents named gives the files attached since submission. Errors: not_submitted, invalid_decision, decision_refused,
// workflow_unavailable.
func (s *Service) CitizenAction(ctx context.Context, d domain.Dossier, by *int64, name string, req CitizenActionInput, key string) (workflows.State, error) {
	if d.Code == nil {
		return workflows.State{}, domain.NewError(domain.Conflict, "not_submitted", "Hồ sơ chưa được gửi.")
	}
	if !validate.Text(req.Note, 2000) {
		return workflows.State{}, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_decision", Message: "Ghi chú quá dài.",
			Fields: map[string]string{"note": "Tối đa 2000 ký tự."}}
	}
	if name == workflows.UpdateSupplement && len(req.FormData) > 0 {
		if err := s.correctForm(ctx, d, req.FormData); err != nil {
			return workflows.State{}, err
		}
	}
	actor := workflows.Actor{Name: d.Name, Roles: []string{domain.RoleCitizen}}
	if by != nil {
		actor.ID = *by
	}
	docs := req.Documents
	if name == workflows.UpdateSupplement && len(docs) == 0 {
		files, err := s.Store.Files(ctx, d.ID)
		if err != nil {
			return workflows.State{}, err
		}
		for _, f := range files {
			if d.SubmittedAt != nil && f.CreatedAt.After(*d.SubmittedAt) {
				docs = append(docs, f.Name)
			}
		}
	}
	return s.Decide(ctx, d, name, workflows.Decision{Actor: actor, Note: strings.TrimSpace(req.Note), Documents: docs}, key)
}

// correctForm merges corrected declaration fields into a dossier waiting for a supplement.
func (s *Service) correctForm(ctx context.Context, d domain.Dossier, fields map[string]string) error {
	if d.Status != domain.StatusSupplementRequested {
		return domain.NewError(domain.Conflict, "decision_refused", "Hồ sơ không ở trạng thái chờ bổ sung.")
	}
	content, err := s.Store.Content(ctx, d.ID)
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
	return s.Store.SetContent(ctx, d.ID, content)
}

// RatingLabels are the satisfaction levels with the labels the portal shows.
var RatingLabels = map[string]string{"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "not_satisfied": "Không hài lòng"}

// RatingInput is a citizen's satisfaction rating.
type RatingInput struct {
	Rating  string `json:"rating"`
	Comment string `json:"comment"`
}

// Rate validates and records the owner's rating of d. Errors: invalid_rating (with
// fields), not_delivered, already_rated.
func (s *Service) Rate(ctx context.Context, d domain.Dossier, req RatingInput) error {
	if _, ok := RatingLabels[req.Rating]; !ok {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_rating", Message: "Mức đánh giá không hợp lệ.",
			Fields: map[string]string{"rating": "Một trong: very_satisfied, satisfied, not_satisfied."}}
	}
	if !validate.Text(req.Comment, 2000) {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_rating", Message: "Ý kiến quá dài.",
			Fields: map[string]string{"comment": "Tối đa 2000 ký tự."}}
	}
	return s.Store.Rate(ctx, d.ID, req.Rating, strings.TrimSpace(req.Comment))
}

// Rating returns the owner's rating of dossier id ("" when none yet).
func (s *Service) Rating(ctx context.Context, id int64) (string, error) {
	return s.Store.Rating(ctx, id)
}
