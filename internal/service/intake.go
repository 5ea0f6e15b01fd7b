package service

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
	"github.com/dvc-project/dvc/workflows"
)

// Intake channels as the desk and the JSON API name them.
const (
	IntakeDirect = "direct" // handed in at the one-stop desk (dossiers.channel "desk")
	IntakePost   = "post"   // sent by post
)

// IntakeApplicant is the person a desk or postal dossier is for.
type IntakeApplicant struct {
	Name     string `json:"name"`
	IDNumber string `json:"id_number"`
	Phone    string `json:"phone"`
	Email    string `json:"email"`
	Address  string `json:"address"`
}

// ComponentUpload is a scan of one component, uploaded with the registration.
type ComponentUpload struct {
	ComponentID int64
	Upload
}

// IntakeRequest is a dossier a reception officer registers: handed in at the desk
// (channel "direct") or received by post (channel "post", with its tracking number).
type IntakeRequest struct {
	ProcedureID    int64             `json:"procedure_id"`
	Channel        string            `json:"channel"`
	TrackingNumber string            `json:"tracking_number"`
	Applicant      IntakeApplicant   `json:"applicant"`
	FormData       map[string]string `json:"form_data"`
	Content        string            `json:"content"`
	// PaperComponents are the components checked on paper ("bản giấy, đã kiểm tra").
	PaperComponents []int64 `json:"paper_components"`
	// PostalReceive asks for the result by post, at PostalAddress.
	PostalReceive bool   `json:"postal_receive"`
	PostalAddress string `json:"postal_address"`
	// Files are scans uploaded with the registration (the desk's form).
	Files []ComponentUpload `json:"-"`
	// FilesFollow: the scans of the components not on paper are added afterwards (the JSON
	// API); otherwise every required component must be on paper or among Files.
	FilesFollow bool `json:"-"`
}

// IntakeReceipt is a registered dossier: received at once (status 2) unless Temporal
// could not be reached, in which case it is received as soon as the workflow starts.
type IntakeReceipt struct {
	Dossier    domain.Dossier
	UpdateCode string
	// First is false when the same registration (idempotency key) was made before.
	First bool
	// Pending are the required components neither checked on paper nor scanned yet.
	Pending []int64
	// TrackingNumber is the postal tracking number of a dossier received by post.
	TrackingNumber string
}

// ChannelName is the intake channel name of dossiers.channel ("desk" → "direct").
func ChannelName(channel string) string {
	if channel == domain.ChannelDesk {
		return IntakeDirect
	}
	return channel
}

var trackingPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9 .-]{3,39}$`)

// intakeProblems checks req against proc and returns the problems by field.
func intakeProblems(req *IntakeRequest, proc domain.ProcedureDetail) map[string]string {
	fields := map[string]string{}
	switch req.Channel {
	case IntakeDirect, IntakePost:
	case "":
		fields["channel"] = "Bắt buộc: \"direct\" (nộp trực tiếp) hoặc \"post\" (qua bưu chính)."
	default:
		fields["channel"] = "Phải là \"direct\" (nộp trực tiếp) hoặc \"post\" (qua bưu chính)."
	}
	req.TrackingNumber = strings.TrimSpace(req.TrackingNumber)
	if req.Channel == IntakePost && !trackingPattern.MatchString(req.TrackingNumber) {
		fields["tracking_number"] = "Nhập số hiệu bưu gửi (4–40 chữ, số)."
	}
	if proc.ID == 0 {
		return fields // no procedure: its components and form cannot be checked
	}
	known := map[int64]domain.Component{}
	for _, c := range proc.Components {
		known[c.ID] = c
	}
	covered := map[int64]bool{}
	for _, id := range req.PaperComponents {
		if _, ok := known[id]; !ok {
			fields["paper_components"] = "Thành phần " + strconv.FormatInt(id, 10) + " không thuộc thủ tục này."
		}
		covered[id] = true
	}
	for _, f := range req.Files {
		if _, ok := known[f.ComponentID]; !ok {
			fields["files"] = "Thành phần " + strconv.FormatInt(f.ComponentID, 10) + " không thuộc thủ tục này."
		}
		covered[f.ComponentID] = true
	}
	for _, c := range proc.Components {
		if c.Required && !covered[c.ID] && !req.FilesFollow {
			fields["components."+strconv.FormatInt(c.ID, 10)] = "Chưa có bản giấy đã kiểm tra hoặc bản quét: " + c.Name
		}
	}
	for _, f := range proc.FormFields {
		if f.Required && strings.TrimSpace(req.FormData[f.Name]) == "" {
			fields["form_data."+f.Name] = "Chưa nhập: " + f.Label
		}
	}
	return fields
}

// applicantFields renames validate.Draft's fields as the intake request names them.
var applicantFields = map[string]string{"applicant_name": "applicant.name", "id_number": "applicant.id_number",
	"phone": "applicant.phone", "email": "applicant.email", "address": "applicant.address"}

// checkIntake validates req for officer acc and returns the procedure, the applicant
// (normalised) and the content. Errors: staff_only, not_handling_agency,
// procedure_not_found, invalid_intake (422, with every problem by field).
func (s *Service) checkIntake(ctx context.Context, acc domain.Account, req *IntakeRequest) (domain.ProcedureDetail, domain.Applicant, domain.DraftContent, error) {
	var proc domain.ProcedureDetail
	if !acc.IsStaff(domain.RoleReception) || acc.AgencyID == nil {
		return proc, domain.Applicant{}, domain.DraftContent{}, ErrStaffOnly
	}
	fields := map[string]string{}
	if req.ProcedureID <= 0 {
		fields["procedure_id"] = "Chưa chọn thủ tục hành chính."
	} else {
		var err error
		proc, err = s.Store.ProcedureDetail(ctx, req.ProcedureID)
		switch {
		case domain.IsKind(err, domain.NotFound):
			fields["procedure_id"] = "Thủ tục không tồn tại hoặc đã ngừng áp dụng."
			proc = domain.ProcedureDetail{}
		case err != nil:
			return proc, domain.Applicant{}, domain.DraftContent{}, err
		case proc.AgencyID != *acc.AgencyID:
			return proc, domain.Applicant{}, domain.DraftContent{}, ErrNotHandlingAgency
		}
	}
	a := req.Applicant
	in := domain.DraftInput{ProcedureID: max(req.ProcedureID, 1), Applicant: domain.Applicant{Name: strings.TrimSpace(a.Name),
		IDNumber: strings.TrimSpace(a.IDNumber), Phone: strings.TrimSpace(a.Phone), Email: strings.TrimSpace(a.Email),
		Address: strings.TrimSpace(a.Address)}}
	if e, ok := domain.AsError(validate.Draft(&in)); ok {
		for k, v := range e.Fields {
			fields[cmpOr(applicantFields[k], k)] = v
		}
	}
	content, err := Draft{Content: req.Content, FormData: req.FormData, PostalReceive: req.PostalReceive,
		PostalAddress: req.PostalAddress}.DraftContent()
	if e, ok := domain.AsError(err); ok {
		for k, v := range e.Fields {
			fields[k] = v
		}
	}
	for k, v := range intakeProblems(req, proc) {
		fields[k] = v
	}
	if len(fields) > 0 {
		return proc, in.Applicant, content, &domain.Error{Kind: domain.Unprocessable, Code: "invalid_intake",
			Message: "Thông tin tiếp nhận hồ sơ chưa đầy đủ hoặc chưa hợp lệ.", Fields: fields}
	}
	return proc, in.Applicant, content, nil
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// RegisterIntake registers a dossier handed in at the desk or received by post by
// reception officer acc: it is stored already submitted with its code, its scans and the
// components checked on paper, its workflow starts received by acc, and the receipt
// (form 01) can be printed at once. key (optional) makes a retry return the same
// dossier. The person's account is linked when its ID number is verified by the national
// sign-in; otherwise the dossier joins their account when they first sign in with it.
// Errors: staff_only, not_handling_agency, procedure_not_found, invalid_intake (422 with
// fields), file_too_large, forbidden_file_type.
func (s *Service) RegisterIntake(ctx context.Context, acc domain.Account, req IntakeRequest, key string) (IntakeReceipt, error) {
	proc, applicant, content, err := s.checkIntake(ctx, acc, &req)
	if err != nil {
		return IntakeReceipt{}, err
	}
	channel := domain.ChannelDesk
	if req.Channel == IntakePost {
		channel = domain.ChannelPost
	}
	in := domain.IntakeDossier{ProcedureID: proc.ID, Channel: channel, Applicant: applicant, ReceivedBy: &acc.ID,
		TrackingNumber: req.TrackingNumber, Key: strings.TrimSpace(key), UpdateCode: auth.NewUpdateCode(),
		Content: content, Paper: req.PaperComponents, At: s.Now()}
	if len(in.Key) > 200 {
		return IntakeReceipt{}, domain.NewError(domain.Invalid, "invalid_idempotency_key", "Tiêu đề Idempotency-Key quá dài (tối đa 200 ký tự).")
	}
	for _, f := range req.Files {
		file, err := s.putUpload(f.Upload, 0)
		if err != nil {
			return IntakeReceipt{}, err
		}
		id := f.ComponentID
		file.ComponentID = &id
		in.Files = append(in.Files, domain.IntakeFile{DossierFile: file})
	}
	if owner, err := s.verifiedOwner(ctx, applicant.IDNumber); err != nil {
		return IntakeReceipt{}, err
	} else if owner != nil {
		in.OwnerID = &owner.ID
	}
	d, created, err := s.Store.Intake(ctx, in)
	if err != nil {
		return IntakeReceipt{}, err
	}
	if d.WorkflowStartedAt == nil {
		s.startIntakeWorkflow(ctx, d, acc)
		d = s.awaitReceipt(ctx, d)
	}
	rec := IntakeReceipt{Dossier: d, First: created}
	if rec.UpdateCode, err = s.Store.UpdateCode(ctx, d.ID); err != nil {
		return rec, err
	}
	facts, err := s.Store.IntakeFacts(ctx, d.ID)
	if err != nil {
		return rec, err
	}
	rec.TrackingNumber = facts.TrackingNumber
	rec.Pending, err = s.pendingComponents(ctx, d, proc)
	return rec, err
}

// verifiedOwner is the citizen account whose nationally verified ID number is idNumber,
// or nil.
func (s *Service) verifiedOwner(ctx context.Context, idNumber string) (*domain.Account, error) {
	acc, err := s.Store.CitizenByIDNumber(ctx, idNumber)
	if domain.IsKind(err, domain.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if ok, err := s.Store.NationallyVerified(ctx, acc.ID); err != nil || !ok {
		return nil, err
	}
	return &acc, nil
}

// IntakeOf is how desk or postal dossier d was handed in, for its workflow's start: nil
// for an online dossier.
func (s *Service) IntakeOf(ctx context.Context, d domain.Dossier) (*workflows.Intake, error) {
	return IntakeOfDossier(ctx, s.Store, d)
}

// startIntakeWorkflow starts d's workflow received by officer acc (see startWorkflow).
func (s *Service) startIntakeWorkflow(ctx context.Context, d domain.Dossier, acc domain.Account) {
	facts, err := s.Store.IntakeFacts(ctx, d.ID)
	if err != nil {
		s.Log.WarnContext(ctx, "intake facts", "code", *d.Code, "err", err)
		return
	}
	sctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	intake := &workflows.Intake{Channel: d.Channel, By: ActorOf(acc), TrackingNumber: facts.TrackingNumber}
	if err := workflows.StartIntake(sctx, s.Temporal, s.TaskQueue, d, intake); err != nil {
		s.Log.WarnContext(ctx, "workflow start deferred to the reconciler", "code", *d.Code, "err", err)
		return
	}
	if err := s.Store.MarkWorkflowStarted(ctx, d.ID, s.Now()); err != nil {
		s.Log.WarnContext(ctx, "mark workflow started", "code", *d.Code, "err", err)
	}
}

// awaitReceipt waits (at most startTimeout) until the workflow has recorded d's receipt,
// so that the desk prints the receipt at once, and returns d as it is then.
func (s *Service) awaitReceipt(ctx context.Context, d domain.Dossier) domain.Dossier {
	ctx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		cur, err := s.Store.DossierByID(ctx, d.ID)
		if err == nil {
			d = cur
			if cur.Status != domain.StatusNew {
				return d
			}
		}
		select {
		case <-ctx.Done():
			return d
		case <-tick.C:
		}
	}
}

// pendingComponents lists the required components of d neither on paper nor scanned.
func (s *Service) pendingComponents(ctx context.Context, d domain.Dossier, proc domain.ProcedureDetail) ([]int64, error) {
	paper, err := s.Store.PaperComponents(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	files, err := s.Store.Files(ctx, d.ID)
	if err != nil {
		return nil, err
	}
	pending := []int64{}
	for _, c := range proc.Components {
		scanned := slices.ContainsFunc(files, func(f domain.DossierFile) bool { return f.ComponentID != nil && *f.ComponentID == c.ID })
		if c.Required && !scanned && !slices.Contains(paper, c.ID) {
			pending = append(pending, c.ID)
		}
	}
	return pending, nil
}
