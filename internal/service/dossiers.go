package service

import (
	"cmp"
	"context"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/validate"
)

// Draft is what a citizen types into a dossier before sending it; applicant fields left
// empty are taken from the citizen's profile. The applicant comes as "applicant" (the
// shape of every answer) or, deprecated, flat (applicant_name, id_number, …).
type Draft struct {
	ProcedureID   int64             `json:"procedure_id"`
	ApplicantIn   *ApplicantView    `json:"applicant"`
	ApplicantName string            `json:"applicant_name"`
	IDNumber      string            `json:"id_number"`
	Phone         string            `json:"phone"`
	Email         string            `json:"email"`
	Address       string            `json:"address"`
	Content       string            `json:"content"`
	FormData      map[string]string `json:"form_data"`
	PostalSend    bool              `json:"postal_send"`
	PostalReceive bool              `json:"postal_receive"`
	PostalAddress string            `json:"postal_address"`
}

// Applicant is the draft's applicant, completed from acc's profile.
func (r Draft) Applicant(acc domain.Account) domain.Applicant {
	or := func(v, dflt string) string {
		if strings.TrimSpace(v) == "" {
			return dflt
		}
		return strings.TrimSpace(v)
	}
	if a := r.ApplicantIn; a != nil {
		r.ApplicantName, r.IDNumber = or(a.Name, r.ApplicantName), or(a.IDNumber, r.IDNumber)
		r.Phone, r.Email, r.Address = or(a.Phone, r.Phone), or(a.Email, r.Email), or(a.Address, r.Address)
	}
	return domain.Applicant{Name: or(r.ApplicantName, acc.FullName), IDNumber: or(r.IDNumber, acc.IDNumber),
		Phone: or(r.Phone, acc.Phone), Email: or(r.Email, acc.Email), Address: or(r.Address, acc.Address)}
}

// check validates the draft's applicant (completed from acc's profile) and its content
// together, so that every problem comes back in one answer. Errors: invalid_dossier (the
// applicant's fields, with the content's when both are wrong), invalid_draft (content).
func (r Draft) check(acc domain.Account) (domain.DraftContent, error) {
	in := domain.DraftInput{ProcedureID: r.ProcedureID, Applicant: r.Applicant(acc)}
	applicantErr := validate.Draft(&in)
	content, contentErr := r.DraftContent()
	a, ok := applicantErr.(*domain.Error)
	if !ok || contentErr == nil {
		return content, cmp.Or(applicantErr, contentErr)
	}
	merged := *a
	merged.Fields = maps.Clone(a.Fields)
	maps.Copy(merged.Fields, contentErr.(*domain.Error).Fields)
	return content, &merged
}

// DraftContent validates the draft's content. Errors: invalid_draft (with fields).
func (r Draft) DraftContent() (domain.DraftContent, error) {
	fields := map[string]string{}
	if !validate.Text(r.Content, 2000) {
		fields["content"] = "Trích yếu nội dung quá dài (tối đa 2000 ký tự)."
	}
	if !validate.Text(r.PostalAddress, 500) {
		fields["postal_address"] = "Địa chỉ nhận qua bưu chính không hợp lệ."
	}
	if (r.PostalSend || r.PostalReceive) && strings.TrimSpace(r.PostalAddress) == "" {
		fields["postal_address"] = "Vui lòng nhập địa chỉ để gửi, nhận hồ sơ qua bưu chính."
	}
	if len(r.FormData) > 100 {
		fields["form_data"] = "Tờ khai có quá nhiều trường."
	}
	for k, v := range r.FormData {
		if len(k) > 64 || !validate.Text(v, 2000) {
			fields["form_data."+k] = "Giá trị không hợp lệ."
		}
	}
	if len(fields) > 0 {
		return domain.DraftContent{}, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_draft",
			Message: "Nội dung hồ sơ chưa hợp lệ.", Fields: fields}
	}
	if r.FormData == nil {
		r.FormData = map[string]string{}
	}
	return domain.DraftContent{Content: strings.TrimSpace(r.Content), FormData: r.FormData, PostalSend: r.PostalSend,
		PostalReceive: r.PostalReceive, PostalAddress: strings.TrimSpace(r.PostalAddress)}, nil
}

// DossierView is a dossier as its owner (or an officer handling it) sees it.
type DossierView struct {
	ID          int64                `json:"id"`
	Code        *string              `json:"code"`
	ProcedureID int64                `json:"procedure_id"`
	Procedure   string               `json:"procedure_name"`
	Agency      string               `json:"agency_name"`
	Status      domain.Status        `json:"status"`
	StatusLabel string               `json:"status_label"`
	CreatedAt   time.Time            `json:"created_at"`
	SubmittedAt *time.Time           `json:"submitted_at"`
	ReceivedAt  *time.Time           `json:"received_at"`
	DueAt       *time.Time           `json:"due_at"`
	UpdateCode  string               `json:"update_code,omitempty"`
	Content     *domain.DraftContent `json:"content,omitempty"`
	Files       []domain.DossierFile `json:"files,omitempty"`
	Events      []LogRow             `json:"events,omitempty"`
	// Slips are the signed slips the dossier has so far (receipt, supplement request…).
	Slips []SlipLink `json:"slips,omitempty"`
	// ApplicantView is the applicant, as every answer shows it ("applicant").
	ApplicantView ApplicantView `json:"applicant"`
	// Applicant repeats the applicant flat (applicant_name, id_number, …): deprecated,
	// kept for one release.
	domain.Applicant
}

// SlipLink is a slip of a dossier: its kind, its title and where to download it.
type SlipLink struct {
	Kind  string `json:"kind"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// ApplicantView is the applicant in every answer that shows one: the dossiers' views in
// full, the public lookup with the name and address only (masked for strangers).
type ApplicantView struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Email    string `json:"email,omitempty"`
	Address  string `json:"address"`
}

// NewApplicantView is a in full.
func NewApplicantView(a domain.Applicant) ApplicantView {
	return ApplicantView{Name: a.Name, IDNumber: a.IDNumber, Phone: a.Phone, Email: a.Email, Address: a.Address}
}

// NewDossierView is d's summary view, without content, files or log.
func NewDossierView(d domain.Dossier) DossierView {
	return DossierView{
		ID: d.ID, Code: d.Code, ProcedureID: d.ProcedureID, Procedure: d.ProcedureName, Agency: d.AgencyName,
		Status: d.Status, StatusLabel: d.Status.Label(), CreatedAt: d.CreatedAt, SubmittedAt: d.SubmittedAt,
		ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Applicant: d.Applicant, ApplicantView: NewApplicantView(d.Applicant),
	}
}

// LogRow is a processing-log row as the public log shows it (without officers' notes).
type LogRow struct {
	Seq         int           `json:"seq"`
	At          time.Time     `json:"at"`
	Action      string        `json:"action"`
	ActionLabel string        `json:"action_label"`
	Sender      string        `json:"sender"`
	Receiver    string        `json:"receiver"`
	Status      domain.Status `json:"status"`
	StepDueAt   *time.Time    `json:"step_due_at"`
	Timing      string        `json:"timing"`
}

// LogRows is es as the public log shows them.
func LogRows(es []domain.Event) []LogRow {
	out := []LogRow{}
	for _, e := range es {
		out = append(out, LogRow{Seq: e.Seq, At: e.At, Action: e.Action, ActionLabel: domain.ActionLabel(e.Action),
			Sender: e.ActorName, Receiver: e.Receiver, Status: e.Status, StepDueAt: e.StepDueAt, Timing: e.Timing})
	}
	return out
}

// DossierByRef resolves ref, a numeric id or a dossier code (in any case, spaces
// around ignored). Errors: dossier_not_found.
func (s *Service) DossierByRef(ctx context.Context, ref string) (domain.Dossier, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return s.Store.DossierByID(ctx, id)
	}
	return s.Store.DossierByCode(ctx, dossiercode.Normalize(ref))
}

// DossierByID returns dossier id as it is now. Errors: dossier_not_found.
func (s *Service) DossierByID(ctx context.Context, id int64) (domain.Dossier, error) {
	return s.Store.DossierByID(ctx, id)
}

// OwnDossier resolves ref to a dossier of the citizen acc; another citizen's dossier is
// reported as not found. Errors: dossier_not_found.
func (s *Service) OwnDossier(ctx context.Context, acc domain.Account, ref string) (domain.Dossier, error) {
	d, err := s.DossierByRef(ctx, ref)
	if err == nil && (d.OwnerID == nil || *d.OwnerID != acc.ID) {
		err = ErrDossierNotFound
	}
	return d, err
}

// NewDraft validates and stores a new draft of citizen acc. Errors: invalid_dossier /
// invalid_draft (with fields), procedure_not_found.
func (s *Service) NewDraft(ctx context.Context, acc domain.Account, req Draft) (domain.Dossier, domain.DraftContent, error) {
	content, err := req.check(acc)
	if err != nil {
		return domain.Dossier{}, content, err
	}
	owner := acc.ID
	d, err := s.Store.CreateDraft(ctx, domain.DraftInput{ProcedureID: req.ProcedureID, OwnerID: &owner, Applicant: req.Applicant(acc)})
	if err == nil {
		err = s.Store.SetContent(ctx, d.ID, content)
	}
	return d, content, err
}

// StartDraft is the button "Nộp hồ sơ trực tuyến" of procedureID for citizen acc: the
// citizen's untouched draft of that procedure when there is one (so that clicking twice
// leaves one draft), else a new draft with the applicant taken from the profile. Errors:
// invalid_dossier (with fields), procedure_not_found.
func (s *Service) StartDraft(ctx context.Context, acc domain.Account, procedureID int64) (domain.Dossier, error) {
	owner := acc.ID
	return s.Store.StartDraft(ctx, domain.DraftInput{ProcedureID: procedureID, OwnerID: &owner,
		Applicant: Draft{}.Applicant(acc)})
}

// SaveDraft validates and replaces the applicant and content of acc's draft d. Errors:
// invalid_dossier / invalid_draft (with fields), not_draft.
func (s *Service) SaveDraft(ctx context.Context, acc domain.Account, d domain.Dossier, req Draft) (domain.Dossier, domain.DraftContent, error) {
	req.ProcedureID = d.ProcedureID
	content, err := req.check(acc)
	if err == nil {
		err = s.Store.UpdateDraft(ctx, d.ID, req.Applicant(acc))
	}
	if err == nil {
		err = s.Store.SetContent(ctx, d.ID, content)
	}
	if err == nil {
		d, err = s.Store.DossierByID(ctx, d.ID)
	}
	return d, content, err
}

// DeleteDraft deletes draft d. Errors: not_draft.
func (s *Service) DeleteDraft(ctx context.Context, d domain.Dossier) error {
	return s.Store.DeleteDraft(ctx, d.ID)
}

// Content returns the dossier's declaration and content.
func (s *Service) Content(ctx context.Context, id int64) (domain.DraftContent, error) {
	return s.Store.Content(ctx, id)
}

// UpdateCode returns the dossier's update code ("" before it is sent).
func (s *Service) UpdateCode(ctx context.Context, id int64) (string, error) {
	return s.Store.UpdateCode(ctx, id)
}

// FullDossier is d with its content, attachments and public processing log.
func (s *Service) FullDossier(ctx context.Context, d domain.Dossier) (DossierView, error) {
	resp := NewDossierView(d)
	content, err := s.Store.Content(ctx, d.ID)
	if err != nil {
		return resp, err
	}
	resp.Content = &content
	if resp.Files, err = s.Store.Files(ctx, d.ID); err != nil {
		return resp, err
	}
	events, err := s.Store.Events(ctx, d.ID)
	if err != nil {
		return resp, err
	}
	resp.Events = LogRows(events)
	resp.Slips = SlipLinks(d, events)
	return resp, nil
}

// MyDossiersPerPage is the page size of a citizen's dossier list.
const MyDossiersPerPage = 20

// OwnerDossiers is a page of citizen acc's dossiers in category ("" for all).
// Errors: invalid_query.
func (s *Service) OwnerDossiers(ctx context.Context, acc domain.Account, category string, page int) ([]domain.Dossier, int, error) {
	if err := CheckCategory(category); err != nil {
		return nil, 0, err
	}
	return s.Store.OwnerDossiers(ctx, acc.ID, category, max(page, 1), MyDossiersPerPage)
}

// CheckCategory accepts "" or one of domain.Categories. Errors: invalid_query.
func CheckCategory(category string) error {
	if _, known := domain.Categories[category]; category != "" && !known {
		return invalidQuery("Tham số truy vấn không hợp lệ.",
			map[string]string{"category": "Một trong: unsent, sent, supplement, processing, returned, refused."})
	}
	return nil
}
