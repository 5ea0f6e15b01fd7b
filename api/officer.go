package api

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/apperr"
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
	if sess.Account.AgencyID == nil {
		s.fail(c, apperr.New(apperr.Forbidden, "not_handling_agency", "Hồ sơ không thuộc cơ quan của cán bộ."))
		return
	}
	_, fh, err := uploadForm(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	file, ok := s.storeUpload(c, fh, d.ID)
	if !ok {
		return
	}
	if file, err = s.Store.AddResultFile(c, file, sess.Account.ID); err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}

// reassign moves every open dossier of the leader's agency assigned to one officer (on
// leave) to another. Errors: login_required, staff_only, officer_not_found, and the
// first refusal of the workflow.
func (s *Server) reassign(c *gin.Context) {
	sess, ok := s.staff(c, activities.RoleLeader)
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
		s.fail(c, &apperr.Error{Kind: apperr.Invalid, Code: "officer_not_found", Message: "Cán bộ nhận không thuộc cơ quan.",
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
		if _, err := s.decide(c, *d.Code, workflows.UpdateAssign, workflows.Decision{Actor: actorOf(sess.Account),
			ToOfficerID: to.ID, ToOfficerName: to.FullName}); err != nil {
			s.fail(c, err)
			return
		}
		moved = append(moved, *d.Code)
	}
	c.JSON(http.StatusOK, gin.H{"moved": moved})
}

var errStaffOnly = apperr.New(apperr.Forbidden, "staff_only", "Chức năng này dành cho cán bộ.")

// staff returns the signed-in officer's session (401/403 otherwise).
func (s *Server) staff(c *gin.Context, roles ...string) (activities.Session, bool) {
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

func actorOf(acc activities.Account) workflows.Actor {
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
	if sess.Account.AgencyID == nil {
		c.JSON(http.StatusOK, gin.H{"items": []inboxItem{}})
		return
	}
	q := activities.InboxQuery{AgencyID: *sess.Account.AgencyID, Roles: sess.Account.Roles, AccountID: sess.Account.ID}
	var status, procedure, field, within int64
	for _, p := range []struct {
		name string
		to   *int64
	}{{"status", &status}, {"procedure", &procedure}, {"field", &field}, {"due_within", &within}} {
		var err error
		if *p.to, err = queryInt(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	if within > maxDueWithinHours || status > 100 {
		s.fail(c, &apperr.Error{Kind: apperr.Invalid, Code: "invalid_query", Message: "Tham số truy vấn không hợp lệ.",
			Fields: map[string]string{"due_within": "Tối đa 2000 giờ làm việc.", "status": "Mã trạng thái từ 0 đến 100."}})
		return
	}
	q.Status, q.ProcedureID, q.FieldID = int(status), procedure, field
	rules, err := s.Store.Rules(c, s.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	cal := worktime.MustNew(rules.Calendar)
	now := s.Now()
	if within > 0 {
		t := cal.Add(now, time.Duration(within)*time.Hour)
		q.DueBefore = &t
	}
	ds, err := s.Store.Inbox(c, q)
	if err != nil {
		s.fail(c, err)
		return
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
		row.Applicant = activities.Applicant{Name: d.Name} // contact data only on the logged dossier page
		items[i] = inboxItem{dossierResponse: row, StepName: d.StepName, AssigneeRole: d.AssigneeRole,
			AssigneeName: d.AssigneeName, StepDueAt: d.StepDueAt, SLA: sla}
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// handledDossier resolves {ref} for an officer of the dossier's agency or of the agency
// holding it, or a supervisor; other officers get 403 not_handling_agency.
func (s *Server) handledDossier(c *gin.Context) (activities.Dossier, activities.Session, bool) {
	sess, ok := s.staff(c)
	if !ok {
		return activities.Dossier{}, sess, false
	}
	d, err := s.dossierByRef(c, c.Param("ref"))
	if err == nil && d.Code == nil {
		err = errDossierNotFound // drafts are the citizen's alone
	}
	if err == nil && !mayRead(sess.Account, d) {
		err = apperr.New(apperr.Forbidden, "not_handling_agency", "Hồ sơ không thuộc cơ quan của cán bộ.")
	}
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
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

var officerActions = []string{workflows.UpdateReceive, workflows.UpdateRefuse, workflows.UpdateRequestSupplement,
	workflows.UpdateTransfer, workflows.UpdateTransferInteragency, workflows.UpdateReceiveInteragency,
	workflows.UpdateReturnInteragency, workflows.UpdateRequestPayment, workflows.UpdateConfirmPayment,
	workflows.UpdateFinish, workflows.UpdateExtend, workflows.UpdateStop, workflows.UpdateDeliver}

// officerAction applies a decision to the dossier's workflow as the signed-in officer and
// answers the new state. Errors: login_required, staff_only, unknown_action (404),
// dossier_not_found, officer_not_found, decision_refused (403/409 with the workflow's
// reason), invalid_decision (422), workflow_unavailable (503).
func (s *Server) officerAction(c *gin.Context) {
	action := c.Param("action")
	if !slices.Contains(officerActions, action) {
		s.fail(c, apperr.New(apperr.NotFound, "unknown_action", "Thao tác không tồn tại."))
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
	dec := workflows.Decision{Actor: actorOf(sess.Account), Note: strings.TrimSpace(req.Note), Reasons: req.Reasons,
		Components: req.Components, Back: req.Back, AmountVND: req.AmountVND, ResultRef: req.ResultRef,
		NewDueAt: req.NewDueAt, Method: req.Method, ReceivedBy: req.ReceivedBy}
	if req.ToOfficerID != 0 {
		o, err := s.Store.Staff(c, req.ToOfficerID)
		if err != nil {
			s.fail(c, err)
			return
		}
		dec.ToOfficerID, dec.ToOfficerName = o.ID, o.FullName
	}
	s.respondDecision(c, d, action, dec)
}

func (s *Server) respondDecision(c *gin.Context, d activities.Dossier, action string, dec workflows.Decision) {
	st, err := s.decide(c, *d.Code, action, dec)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, stateResponse(st))
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
	actor := actorOf(sess.Account)
	s.respondDecision(c, d, workflows.UpdateAssign, workflows.Decision{Actor: actor, ToOfficerID: actor.ID, ToOfficerName: actor.Name})
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
	o, err := s.Store.Staff(c, req.OfficerID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.respondDecision(c, d, workflows.UpdateAssign, workflows.Decision{Actor: actorOf(sess.Account), ToOfficerID: o.ID, ToOfficerName: o.FullName})
}
