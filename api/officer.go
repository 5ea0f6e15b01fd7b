package api

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
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
		s.fail(c, service.ErrNotHandlingAgency)
		return
	}
	_, up, err := uploadForm(c, false)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer up.close()
	file, err := s.svc.AttachResult(c, d, sess.Account, up.Upload)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
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
	moved, err := s.svc.Reassign(c, sess.Account, req.FromOfficerID, req.ToOfficerID, c.GetHeader("Idempotency-Key"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"moved": moved})
}

// inbox answers the dossiers waiting for the caller, by due date, with their SLA state.
// Filters: status, procedure, field, due_within (working hours). Errors: login_required,
// staff_only, invalid_query.
func (s *Server) inbox(c *gin.Context) {
	sess, ok := s.staff(c)
	if !ok {
		return
	}
	var f service.WorklistFilter
	for _, p := range []struct {
		name string
		to   *int64
	}{{"status", &f.Status}, {"procedure", &f.ProcedureID}, {"field", &f.FieldID}, {"due_within", &f.DueWithin}} {
		var err error
		if *p.to, err = httpx.QueryInt(c, p.name); err != nil {
			s.fail(c, err)
			return
		}
	}
	items, err := s.svc.Worklist(c, sess.Account, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// handledDossier resolves {ref} for an officer of the dossier's agency or of the agency
// holding it, or a supervisor; other officers get 403 not_handling_agency.
func (s *Server) handledDossier(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.staff(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.svc.StaffDossier(c, sess.Account, c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return d, sess, false
	}
	return d, sess, true
}

// officerDossier answers the dossier with the applicant's data, content, files and log;
// the read is recorded in the data access log. Errors: login_required, staff_only,
// dossier_not_found, not_handling_agency.
func (s *Server) officerDossier(c *gin.Context) {
	sess, ok := s.staff(c)
	if !ok {
		return
	}
	d, full, err := s.svc.OfficerDossier(c, sess.Account, c.Param("ref"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"dossier": full, "step_name": d.StepName, "assignee_role": d.AssigneeRole,
		"assignee_name": d.AssigneeName, "step_due_at": d.StepDueAt})
}

// officerAction applies an officer decision of the workflow's table (the action is its
// name, the body its fields by Name) to the dossier's workflow as the signed-in officer
// and answers the new state. Errors: login_required, staff_only, unknown_action (404),
// dossier_not_found, officer_not_found, decision_refused (403/409 with the workflow's
// reason), invalid_decision (422, with the input at fault in fields),
// workflow_unavailable (503).
func (s *Server) officerAction(c *gin.Context) {
	action := c.Param("action")
	if spec, ok := workflows.DecisionByName(action); !ok || !spec.Officer {
		s.fail(c, domain.NewError(domain.NotFound, "unknown_action", "Thao tác không tồn tại."))
		return
	}
	d, sess, ok := s.handledDossier(c)
	if !ok {
		return
	}
	var req service.DecisionInput
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	s.respondState(c)(s.svc.OfficerDecide(c, d, sess.Account, action, req, c.GetHeader("Idempotency-Key")))
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
	s.respondState(c)(s.svc.AssignStep(c, d, sess.Account, sess.Account.ID, c.GetHeader("Idempotency-Key")))
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
	s.respondState(c)(s.svc.AssignStep(c, d, sess.Account, req.OfficerID, c.GetHeader("Idempotency-Key")))
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
