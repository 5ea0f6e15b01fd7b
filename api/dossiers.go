package api

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
	"github.com/dvc-project/dvc/workflows"
)

func (s *Server) registerDossierRoutes(r *gin.RouterGroup) {
	r.POST("/dossiers", s.createDossier)
	r.GET("/dossiers/:ref", s.getDossier)
	r.PUT("/dossiers/:ref", s.updateDossier)
	r.DELETE("/dossiers/:ref", s.deleteDossier)
	r.POST("/dossiers/:ref/submit", s.submitDossier)
	r.POST("/dossiers/:ref/files", s.uploadFile)
	r.GET("/dossiers/:ref/files/:file", s.downloadFile)
	r.DELETE("/dossiers/:ref/files/:file", s.deleteFile)
	r.POST("/dossiers/:ref/supplement", s.supplementDossier)
	r.POST("/dossiers/:ref/withdraw", s.withdrawDossier)
	r.POST("/dossiers/:ref/rating", s.rateDossier)
	r.GET("/me/dossiers", s.myDossiers)
	r.GET("/dossiers/:ref/slips/:kind", s.slip)
}

// draftRequest is the body of POST /dossiers and PUT /dossiers/{id}; applicant fields
// left empty are taken from the citizen's profile.
type draftRequest struct {
	ProcedureID   int64             `json:"procedure_id"`
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

func (r draftRequest) applicant(acc domain.Account) domain.Applicant {
	or := func(v, dflt string) string {
		if strings.TrimSpace(v) == "" {
			return dflt
		}
		return strings.TrimSpace(v)
	}
	return domain.Applicant{Name: or(r.ApplicantName, acc.FullName), IDNumber: or(r.IDNumber, acc.IDNumber),
		Phone: or(r.Phone, acc.Phone), Email: or(r.Email, acc.Email), Address: or(r.Address, acc.Address)}
}

func (r draftRequest) content() (domain.DraftContent, error) {
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

// dossierResponse is a dossier as its owner sees it.
type dossierResponse struct {
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
	Events      []lookupEvent        `json:"events,omitempty"`
	domain.Applicant
}

func newDossierResponse(d domain.Dossier) dossierResponse {
	return dossierResponse{
		ID: d.ID, Code: d.Code, ProcedureID: d.ProcedureID, Procedure: d.ProcedureName, Agency: d.AgencyName,
		Status: d.Status, StatusLabel: d.Status.Label(), CreatedAt: d.CreatedAt, SubmittedAt: d.SubmittedAt,
		ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Applicant: d.Applicant,
	}
}

var errDossierNotFound = domain.NewError(domain.NotFound, "dossier_not_found", "Không tìm thấy hồ sơ.")

// ownDossier resolves {ref} (a numeric id, or a dossier code) to a dossier of the
// signed-in citizen. Another citizen's dossier is reported as not found.
func (s *Server) ownDossier(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.citizen(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.dossierByRef(c, c.Param("ref"))
	if err == nil && (d.OwnerID == nil || *d.OwnerID != sess.Account.ID) {
		err = errDossierNotFound
	}
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

func (s *Server) dossierByRef(c *gin.Context, ref string) (domain.Dossier, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return s.Store.DossierByID(c, id)
	}
	return s.Store.DossierByCode(c, ref)
}

// createDossier stores a draft for the signed-in citizen. Errors: login_required,
// unsupported_media_type, invalid_json, body_too_large, invalid_dossier / invalid_draft
// (422, with fields), procedure_not_found.
func (s *Server) createDossier(c *gin.Context) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	var req draftRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, content, err := s.newDraft(c, sess, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/dossiers/"+strconv.FormatInt(d.ID, 10))
	resp := newDossierResponse(d)
	resp.Content = &content
	c.JSON(http.StatusCreated, resp)
}

// newDraft validates and stores a new draft of the signed-in citizen (the JSON API and
// the portal share it). Errors: invalid_dossier / invalid_draft (with fields), procedure_not_found.
func (s *Server) newDraft(c *gin.Context, sess domain.Session, req draftRequest) (domain.Dossier, domain.DraftContent, error) {
	content, err := req.content()
	if err != nil {
		return domain.Dossier{}, content, err
	}
	owner := sess.Account.ID
	d, err := s.Store.CreateDraft(c, domain.DraftInput{ProcedureID: req.ProcedureID, OwnerID: &owner, Applicant: req.applicant(sess.Account)})
	if err == nil {
		err = s.Store.SetContent(c, d.ID, content)
	}
	return d, content, err
}

// getDossier answers the owner's dossier (by id or code) with its content, files and
// processing log. Errors: login_required, dossier_not_found.
func (s *Server) getDossier(c *gin.Context) {
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	resp, err := s.fullDossier(c, d)
	if err == nil {
		resp.UpdateCode, err = s.Store.UpdateCode(c, d.ID)
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, resp)
}

// fullDossier is d with its content, attachments and processing log.
func (s *Server) fullDossier(c *gin.Context, d domain.Dossier) (dossierResponse, error) {
	resp := newDossierResponse(d)
	content, err := s.Store.Content(c, d.ID)
	if err != nil {
		return resp, err
	}
	resp.Content = &content
	if resp.Files, err = s.Store.Files(c, d.ID); err != nil {
		return resp, err
	}
	events, err := s.Store.Events(c, d.ID)
	if err != nil {
		return resp, err
	}
	resp.Events = toLookupEvents(events)
	return resp, nil
}

// updateDossier replaces a draft's applicant and content. Errors: login_required,
// dossier_not_found, not_draft (409), invalid_dossier / invalid_draft (422).
func (s *Server) updateDossier(c *gin.Context) {
	d, sess, ok := s.ownDossier(c)
	if !ok {
		return
	}
	var req draftRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, content, err := s.saveDraft(c, sess, d, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	resp := newDossierResponse(d)
	resp.Content = &content
	c.JSON(http.StatusOK, resp)
}

// saveDraft validates and replaces the applicant and content of the owner's draft d (the
// JSON API and the portal share it). Errors: invalid_dossier / invalid_draft (with fields), not_draft.
func (s *Server) saveDraft(c *gin.Context, sess domain.Session, d domain.Dossier, req draftRequest) (domain.Dossier, domain.DraftContent, error) {
	content, err := req.content()
	if err == nil {
		err = s.Store.UpdateDraft(c, d.ID, req.applicant(sess.Account))
	}
	if err == nil {
		err = s.Store.SetContent(c, d.ID, content)
	}
	if err == nil {
		d, err = s.Store.DossierByID(c, d.ID)
	}
	return d, content, err
}

// deleteDossier deletes a draft. Errors: login_required, dossier_not_found, not_draft.
func (s *Server) deleteDossier(c *gin.Context) {
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	if err := s.Store.DeleteDraft(c, d.ID); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// missing lists, in one error, the required components without a file and the required
// form fields left empty.
func (s *Server) missing(c *gin.Context, d domain.Dossier) error {
	proc, err := s.Store.ProcedureDetail(c, d.ProcedureID)
	if err != nil {
		return err
	}
	files, err := s.Store.Files(c, d.ID)
	if err != nil {
		return err
	}
	content, err := s.Store.Content(c, d.ID)
	if err != nil {
		return err
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
		if f.Required && strings.TrimSpace(content.FormData[f.Name]) == "" {
			fields["form_data."+f.Name] = "Chưa nhập: " + f.Label
		}
	}
	if len(fields) == 0 {
		return nil
	}
	return &domain.Error{Kind: domain.Unprocessable, Code: "missing_components",
		Message: "Hồ sơ còn thiếu thành phần hoặc thông tin bắt buộc.", Fields: fields}
}

// submitDossier sends a draft: it checks the required components and form fields,
// allocates the code and the update code, starts the workflow and e-mails the citizen.
// The Idempotency-Key header is required; the same key returns the same dossier (200).
// When Temporal cannot be reached the submission still stands: the reconciler starts the
// workflow later. Errors: login_required, missing_idempotency_key (400),
// dossier_not_found, missing_components (422), already_submitted (409).
func (s *Server) submitDossier(c *gin.Context) {
	key := strings.TrimSpace(c.GetHeader("Idempotency-Key"))
	if key == "" || len(key) > 200 {
		s.fail(c, errIdempotencyKey)
		return
	}
	d, _, ok := s.ownDossier(c)
	if !ok {
		return
	}
	d, updateCode, first, err := s.submitOwn(c, d, key)
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if first {
		status = http.StatusCreated
	}
	resp := newDossierResponse(d)
	resp.UpdateCode = updateCode
	c.JSON(status, resp)
}

var errIdempotencyKey = domain.NewError(domain.Invalid, "missing_idempotency_key", "Thiếu hoặc sai tiêu đề Idempotency-Key.")

// submitOwn sends the owner's draft d under the idempotency key (the JSON API and the
// portal share it): the same key answers the same dossier with first false. It answers the
// submitted dossier and its update code. Errors: missing_components (with fields), already_submitted.
func (s *Server) submitOwn(c *gin.Context, d domain.Dossier, key string) (domain.Dossier, string, bool, error) {
	if d.Code == nil {
		if err := s.missing(c, d); err != nil {
			return d, "", false, err
		}
	}
	d, first, err := s.Store.SubmitWith(c, d.ID, s.Now(), domain.SubmitOptions{Key: key, UpdateCode: auth.NewUpdateCode()})
	if err != nil {
		return d, "", false, err
	}
	updateCode, err := s.Store.UpdateCode(c, d.ID)
	if err != nil {
		return d, "", false, err
	}
	if d.WorkflowStartedAt == nil {
		s.startWorkflow(c, d)
	}
	if first {
		body := "Hồ sơ " + *d.Code + " (" + d.ProcedureName + ") đã được gửi tới " + d.AgencyName +
			". Mã cập nhật hồ sơ (dùng khi cần bổ sung): " + updateCode + ". Tra cứu tại " + strings.TrimRight(s.PublicURL, "/") +
			"/tra-cuu?code=" + *d.Code
		if err := s.Store.QueueMail(c, d.ID, "submitted", d.Email, "["+*d.Code+"] Đã gửi hồ sơ", body); err != nil {
			s.Log.WarnContext(c, "queue submission mail", "err", err, "code", *d.Code)
		}
	}
	return d, updateCode, first, nil
}

// startTimeout bounds the API's own attempt to start a submitted dossier's workflow.
const startTimeout = 5 * time.Second

// startWorkflow starts d's workflow and records it; a failure is logged, not returned,
// because the submission is already durable and the reconciler will retry.
// The attempt is bounded (startTimeout) so that a submission is acknowledged promptly
// while Temporal is down.
func (s *Server) startWorkflow(c *gin.Context, d domain.Dossier) {
	ctx, cancel := context.WithTimeout(c, startTimeout)
	defer cancel()
	if err := workflows.Start(ctx, s.Temporal, s.TaskQueue, d); err != nil {
		s.Log.WarnContext(c, "workflow start deferred to the reconciler", "code", *d.Code, "err", err,
			"request_id", requestIDOf(c))
		return
	}
	if err := s.Store.MarkWorkflowStarted(c, d.ID, s.Now()); err != nil {
		s.Log.WarnContext(c, "mark workflow started", "code", *d.Code, "err", err)
	}
}

// myDossiers answers GET /me/dossiers?category=&page=. Errors: login_required, invalid_query.
func (s *Server) myDossiers(c *gin.Context) {
	sess, ok := s.citizen(c)
	if !ok {
		return
	}
	if err := checkCategory(c.Query("category")); err != nil {
		s.fail(c, err)
		return
	}
	page, err := queryPage(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ds, total, err := s.ownerDossiers(c, sess, c.Query("category"), page)
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]dossierResponse, len(ds))
	for i, d := range ds {
		items[i] = newDossierResponse(d)
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": total, "page": page, "per_page": myDossiersPerPage})
}

const myDossiersPerPage = 20

// ownerDossiers is a page of the signed-in citizen's dossiers in category ("" for all).
// Errors: invalid_query.
func (s *Server) ownerDossiers(c *gin.Context, sess domain.Session, category string, page int) ([]domain.Dossier, int, error) {
	if err := checkCategory(category); err != nil {
		return nil, 0, err
	}
	return s.Store.OwnerDossiers(c, sess.Account.ID, category, max(page, 1), myDossiersPerPage)
}

// checkCategory accepts "" or one of activities.Categories. Errors: invalid_query.
func checkCategory(category string) error {
	if _, known := domain.Categories[category]; category != "" && !known {
		return &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"category": "Một trong: unsent, sent, supplement, processing, returned, refused."}}
	}
	return nil
}
