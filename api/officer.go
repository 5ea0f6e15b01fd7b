package api

import (
	"errors"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
	"github.com/dvc-project/dvc/workflows"
)

func (s *Server) registerOfficerRoutes(r *gin.RouterGroup) {
	r.GET("/officer/inbox", s.inbox)
	r.GET("/officer/dossiers/:ref", s.officerDossier)
	r.POST("/officer/dossiers/:ref/claim", s.claim)
	r.POST("/officer/dossiers/:ref/assign", s.assign)
	r.POST("/officer/dossiers/:ref/actions/:action", s.officerAction)
	r.POST("/officer/dossiers/:ref/files", s.uploadResult)
	r.POST("/officer/reassign", s.reassign)
}

// uploadResult attaches a result document (multipart: file) to a dossier the officer's
// agency handles; its name can then be given as the result of finish. Errors:
// login_required, staff_only, not_handling_agency, forbidden_file_type, file_too_large.
func (s *Server) uploadResult(c *gin.Context) {
	d, sess, ok := s.handledDossier(c)
	if !ok {
		return
	}
	if sess.Account.AgencyID == nil { // refused before the upload is read
		s.fail(c, errNotHandlingAgency)
		return
	}
	fh, err := c.FormFile("file")
	if err != nil {
		s.fail(c, uploadError(err, "file", "Chưa chọn tệp kết quả."))
		return
	}
	file, err := s.attachResult(c, d, sess.Account, fh)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}

// uploadError is the error of a multipart form whose file field could not be read: too
// large, or missing (message, on field).
func uploadError(err error, field, message string) error {
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return errFileTooLarge
	}
	return &domain.Error{Kind: domain.Invalid, Code: "invalid_upload", Message: message,
		Fields: map[string]string{field: "Bắt buộc."}}
}

var errNotHandlingAgency = domain.NewError(domain.Forbidden, "not_handling_agency", "Hồ sơ không thuộc cơ quan của cán bộ.")

// attachResult stores fh as a result document of d, attached by officer acc. Errors:
// not_handling_agency, forbidden_file_type, file_too_large.
func (s *Server) attachResult(c *gin.Context, d domain.Dossier, acc domain.Account, fh *multipart.FileHeader) (domain.DossierFile, error) {
	if acc.AgencyID == nil {
		return domain.DossierFile{}, errNotHandlingAgency
	}
	file, err := s.putUpload(fh, d.ID)
	if err != nil {
		return file, err
	}
	return s.Store.AddResultFile(c, file, acc.ID)
}

// reassign moves every open dossier of the leader's agency assigned to one officer (on
// leave) to another. Errors: login_required, staff_only, officer_not_found, and the
// first refusal of the workflow.
func (s *Server) reassign(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleLeader)
	if !ok {
		return
	}
	var req struct {
		FromOfficerID int64 `json:"from_officer_id"`
		ToOfficerID   int64 `json:"to_officer_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	to, err := s.Store.Staff(c, req.ToOfficerID)
	if err != nil || to.AgencyID == nil || sess.Account.AgencyID == nil || *to.AgencyID != *sess.Account.AgencyID {
		s.fail(c, &domain.Error{Kind: domain.Invalid, Code: "officer_not_found", Message: "Cán bộ nhận không thuộc cơ quan.",
			Fields: map[string]string{"to_officer_id": "Cán bộ không hợp lệ."}})
		return
	}
	ds, err := s.Store.AssignedTo(c, *sess.Account.AgencyID, req.FromOfficerID)
	if err != nil {
		s.fail(c, err)
		return
	}
	moved := []string{}
	for _, d := range ds {
		if _, err := s.decide(c, d, workflows.UpdateAssign, workflows.Decision{Actor: actorOf(sess.Account),
			ToOfficerID: to.ID, ToOfficerName: to.FullName}); err != nil {
			s.fail(c, err)
			return
		}
		moved = append(moved, *d.Code)
	}
	c.JSON(http.StatusOK, gin.H{"moved": moved})
}

var errStaffOnly = domain.NewError(domain.Forbidden, "staff_only", "Chức năng này dành cho cán bộ.")

// staff returns the signed-in officer's session (401/403 otherwise).
func (s *Server) staff(c *gin.Context, roles ...string) (domain.Session, bool) {
	sess, ok := currentSession(c)
	if !ok {
		s.fail(c, errLoginRequired)
		return sess, false
	}
	if sess.Account.Kind != "staff" || len(roles) > 0 && !slices.ContainsFunc(roles, func(r string) bool {
		return slices.Contains(sess.Account.Roles, r)
	}) {
		s.fail(c, errStaffOnly)
		return sess, false
	}
	return sess, true
}

func actorOf(acc domain.Account) workflows.Actor {
	a := workflows.Actor{ID: acc.ID, Name: acc.FullName, Roles: acc.Roles, AgencyName: acc.AgencyName}
	if acc.AgencyID != nil {
		a.AgencyID = *acc.AgencyID
	}
	return a
}

// inboxItem is a worklist row with its SLA state.
type inboxItem struct {
	dossierResponse
	StepName     string     `json:"step_name"`
	AssigneeRole string     `json:"assignee_role"`
	AssigneeName string     `json:"assignee_name"`
	StepDueAt    *time.Time `json:"step_due_at"`
	// SLA is "on_track", "due_soon" (within one working day) or "overdue".
	SLA string `json:"sla"`
}

// inboxFilter narrows a worklist; zero values match everything.
type inboxFilter struct {
	Status, ProcedureID, FieldID int64
	// DueWithin keeps the dossiers due within so many working hours.
	DueWithin int64
}

// maxDueWithinHours bounds the inbox's due_within filter (about a year of working hours):
// the working-time arithmetic steps through days, so an absurd value must not reach it.
const maxDueWithinHours = 2000

// inbox answers the dossiers waiting for the caller, by due date, with their SLA state.
// Filters: status, procedure, field, due_within (working hours). Errors: login_required,
// staff_only, invalid_query.
func (s *Server) inbox(c *gin.Context) {
	sess, ok := s.staff(c)
	if !ok {
		return
	}
	var f inboxFilter
	for _, p := range []struct {
		name string
		to   *int64
	}{{"status", &f.Status}, {"procedure", &f.ProcedureID}, {"field", &f.FieldID}, {"due_within", &f.DueWithin}} {
		var err error
		if *p.to, err = queryInt(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	items, err := s.worklist(c, sess.Account, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// worklist returns the dossiers waiting for officer acc, by due date, with their SLA
// state and without contact data.
func (s *Server) worklist(c *gin.Context, acc domain.Account, f inboxFilter) ([]inboxItem, error) {
	if f.DueWithin > maxDueWithinHours || f.Status > 100 {
		return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"due_within": "Tối đa 2000 giờ làm việc.", "status": "Mã trạng thái từ 0 đến 100."}}
	}
	if acc.AgencyID == nil {
		return []inboxItem{}, nil
	}
	q := domain.InboxQuery{AgencyID: *acc.AgencyID, Roles: acc.Roles, AccountID: acc.ID,
		Status: int(f.Status), ProcedureID: f.ProcedureID, FieldID: f.FieldID}
	now := s.Now()
	rules, err := s.Store.Rules(c, now)
	if err != nil {
		return nil, err
	}
	cal := worktime.MustNew(rules.Calendar)
	if f.DueWithin > 0 {
		t := cal.Add(now, time.Duration(f.DueWithin)*time.Hour)
		q.DueBefore = &t
	}
	ds, err := s.Store.Inbox(c, q)
	if err != nil {
		return nil, err
	}
	items := make([]inboxItem, len(ds))
	for i, d := range ds {
		due := d.StepDueAt
		if due == nil {
			due = d.DueAt
		}
		sla := "on_track"
		switch {
		case due == nil:
		case now.After(*due):
			sla = "overdue"
		case cal.Between(now, *due) <= cal.Day():
			sla = "due_soon"
		}
		row := newDossierResponse(d)
		row.Applicant = domain.Applicant{Name: d.Name} // contact data only on the logged dossier page
		items[i] = inboxItem{dossierResponse: row, StepName: d.StepName, AssigneeRole: d.AssigneeRole,
			AssigneeName: d.AssigneeName, StepDueAt: d.StepDueAt, SLA: sla}
	}
	return items, nil
}

// handledDossier resolves {ref} for an officer of the dossier's agency or of the agency
// holding it, or a supervisor; other officers get 403 not_handling_agency.
func (s *Server) handledDossier(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.staff(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.staffDossier(c, sess.Account, c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

// staffDossier resolves ref (an id or a code) for staff account acc: a submitted dossier
// of acc's agency or held by it, or any for a supervisor. Errors: dossier_not_found,
// not_handling_agency.
func (s *Server) staffDossier(c *gin.Context, acc domain.Account, ref string) (domain.Dossier, error) {
	d, err := s.dossierByRef(c, ref)
	if err == nil && d.Code == nil {
		err = errDossierNotFound // drafts are the citizen's alone
	}
	if err == nil && !mayRead(acc, d) {
		err = domain.NewError(domain.Forbidden, "not_handling_agency", "Hồ sơ không thuộc cơ quan của cán bộ.")
	}
	return d, err
}

// officerDossier answers the dossier with the applicant's data, content, files and log;
// the read is recorded in the data access log. Errors: login_required, staff_only,
// dossier_not_found.
func (s *Server) officerDossier(c *gin.Context) {
	d, sess, ok := s.handledDossier(c)
	if !ok {
		return
	}
	if err := s.Store.LogAccess(c, sess.Account.ID, d.ID, "dossier"); err != nil {
		s.fail(c, err)
		return
	}
	resp, err := s.fullDossier(c, d)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"dossier": resp, "step_name": d.StepName, "assignee_role": d.AssigneeRole,
		"assignee_name": d.AssigneeName, "step_due_at": d.StepDueAt})
}

// decisionRequest is the body of an officer's decision.
type decisionRequest struct {
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
}

// officerAction applies a decision to the dossier's workflow as the signed-in officer and
// answers the new state. Errors: login_required, staff_only, unknown_action (404),
// dossier_not_found, officer_not_found, decision_refused (403/409 with the workflow's
// reason), invalid_decision (422), workflow_unavailable (503).
func (s *Server) officerAction(c *gin.Context) {
	action := c.Param("action")
	if !slices.Contains(workflows.OfficerDecisions, action) {
		s.fail(c, domain.NewError(domain.NotFound, "unknown_action", "Thao tác không tồn tại."))
		return
	}
	d, sess, ok := s.handledDossier(c)
	if !ok {
		return
	}
	var req decisionRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	st, err := s.officerDecide(c, d, sess.Account, action, req)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, stateResponse(st))
}

// officerDecide applies decision action with req's inputs to d's workflow as officer acc
// and returns the new state. Errors: officer_not_found, decision_forbidden,
// decision_refused, invalid_decision, dossier_closed, workflow_unavailable.
func (s *Server) officerDecide(c *gin.Context, d domain.Dossier, acc domain.Account, action string, req decisionRequest) (workflows.State, error) {
	dec := workflows.Decision{Actor: actorOf(acc), Note: strings.TrimSpace(req.Note), Reasons: req.Reasons,
		Components: req.Components, Back: req.Back, AmountVND: req.AmountVND, ResultRef: req.ResultRef,
		NewDueAt: req.NewDueAt, Method: req.Method, ReceivedBy: req.ReceivedBy}
	if req.ToOfficerID != 0 {
		o, err := s.Store.Staff(c, req.ToOfficerID)
		if err != nil {
			return workflows.State{}, err
		}
		dec.ToOfficerID, dec.ToOfficerName = o.ID, o.FullName
	}
	return s.decide(c, d, action, dec)
}

func stateResponse(st workflows.State) gin.H {
	return gin.H{"code": st.Code, "status": st.Status, "status_label": st.Status.Label(), "step": st.Step,
		"step_name": st.StepName, "assignee_role": st.AssigneeRole, "assignee_id": st.AssigneeID,
		"assignee_name": st.AssigneeName, "due_at": timeOrNil(st.DueAt), "step_due_at": timeOrNil(st.StepDueAt)}
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// claim assigns the dossier's current step to the caller. Errors: as officerAction.
func (s *Server) claim(c *gin.Context) {
	d, sess, ok := s.handledDossier(c)
	if !ok {
		return
	}
	s.respondState(c)(s.assignStep(c, d, sess.Account, sess.Account.ID))
}

// assign gives the dossier's current step to a named officer (leaders). Errors: as
// officerAction.
func (s *Server) assign(c *gin.Context) {
	d, sess, ok := s.handledDossier(c)
	if !ok {
		return
	}
	var req struct {
		OfficerID int64 `json:"officer_id"`
	}
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	s.respondState(c)(s.assignStep(c, d, sess.Account, req.OfficerID))
}

// respondState returns a function answering a decision's outcome as JSON.
func (s *Server) respondState(c *gin.Context) func(workflows.State, error) {
	return func(st workflows.State, err error) {
		if err != nil {
			s.fail(c, err)
			return
		}
		c.JSON(http.StatusOK, stateResponse(st))
	}
}

// assignStep gives d's current step to officer officerID (acc's own id: a claim) as acc.
// Errors: officer_not_found, and the workflow's refusals as officerDecide.
func (s *Server) assignStep(c *gin.Context, d domain.Dossier, acc domain.Account, officerID int64) (workflows.State, error) {
	o, err := s.Store.Staff(c, officerID)
	if err != nil {
		return workflows.State{}, err
	}
	return s.decide(c, d, workflows.UpdateAssign, workflows.Decision{Actor: actorOf(acc), ToOfficerID: o.ID, ToOfficerName: o.FullName})
}
