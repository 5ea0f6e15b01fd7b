package web

import (
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// The console's decisions: the forms of the dossier page post here. A decision that
// succeeds redirects to the page with its notice (?da=name); a refused one re-renders the
// page with the reason, what was typed and the message of each input at fault (4xx,
// nothing changed).

var errInvalidForm = domain.NewError(domain.Unprocessable, "invalid_form", "Thông tin chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.")

// consoleClaim takes the dossier's current step for the signed-in officer.
func (s *Server) consoleClaim(c *gin.Context) {
	acc := consoleAccount(c)
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err == nil {
		_, err = s.svc.AssignStep(c, d, acc, acc.ID, "")
	}
	s.afterDecision(c, d, &refusal{Name: "claim"}, err)
}

// consoleAssign gives the current step to the officer chosen in the assignment's form
// (UpdateAssign's fields; leaders).
func (s *Server) consoleAssign(c *gin.Context) {
	acc := consoleAccount(c)
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	spec, _ := workflows.DecisionByName(workflows.UpdateAssign)
	r := &refusal{Name: spec.Name, Form: postedForm(spec, c.PostForm)}
	values, errs := decisionValues(spec, r.Form)
	if r.Errors = errs; len(errs) > 0 {
		s.afterDecision(c, d, r, errInvalidForm)
		return
	}
	var officerID int64
	for _, f := range spec.Fields {
		if id, ok := values[f.Name].(int64); ok && f.Kind == workflows.FieldOfficer {
			officerID = id
		}
	}
	_, err = s.svc.AssignStep(c, d, acc, officerID, "")
	s.afterDecision(c, d, r, err)
}

// consoleDecide applies the officer decision of the table named by the decision field,
// with its inputs read from the form by kind (decisionInput); a file input's upload is
// attached as a result document first, when the workflow would take the decision.
func (s *Server) consoleDecide(c *gin.Context) {
	acc := consoleAccount(c)
	spec, ok := workflows.DecisionByName(c.PostForm("decision"))
	if !ok || !spec.Officer {
		s.pageError(c, domain.NewError(domain.NotFound, "unknown_action", "Thao tác không tồn tại."))
		return
	}
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	r := &refusal{Name: spec.Name, Form: postedForm(spec, c.PostForm)}
	req, errs := decisionInput(spec, r.Form)
	if r.Errors = errs; len(errs) > 0 {
		s.afterDecision(c, d, r, errInvalidForm)
		return
	}
	if req, err = s.uploadResults(c, d, acc, spec, r, req); err != nil {
		s.afterDecision(c, d, r, err)
		return
	}
	_, err = s.svc.OfficerDecide(c, d, acc, spec.Name, req, "")
	if e, ok := domain.AsError(err); ok && e.Code == "invalid_decision" {
		for name, msg := range e.Fields { // the workflow names the input at fault
			if in := inputOf(spec, name); in != "" {
				r.Errors[in] = msg
			}
		}
	}
	s.afterDecision(c, d, r, err)
}

// uploadResults attaches the files uploaded in spec's file inputs as result documents
// and returns req naming them, once the workflow's state shows it would take the decision
// (a refused decision stores no document). A failed upload's message goes to its input.
func (s *Server) uploadResults(c *gin.Context, d domain.Dossier, acc domain.Account, spec workflows.DecisionSpec, r *refusal, req service.DecisionInput) (service.DecisionInput, error) {
	checked := false
	for _, f := range spec.Fields {
		fh, ferr := c.FormFile(f.FormName())
		if f.Kind != workflows.FieldFile || ferr != nil || fh.Size == 0 {
			continue
		}
		if !checked {
			ctx, cancel := context.WithTimeout(c, 10*time.Second)
			st, err := s.svc.DossierState(ctx, d)
			cancel()
			if err != nil {
				return req, domain.WrapError(domain.Unavailable, "workflow_unavailable",
					"Hệ thống xử lý hồ sơ đang bận, vui lòng thử lại sau.", err)
			}
			if !st.Allows(spec.Name, req.Decision(service.ActorOf(acc)), s.svc.Now()) {
				return req, nil // the workflow gives the reason
			}
			checked = true
		}
		file, err := s.attachResultFile(c, d, acc, fh)
		if err != nil {
			r.Errors[f.FormName()] = apperrMessage(err)
			return req, err
		}
		r.Form[f.Name] = file.Name
	}
	if !checked {
		return req, nil
	}
	req, r.Errors = decisionInput(spec, r.Form)
	return req, nil
}

func apperrMessage(err error) string {
	_, msg := fieldErrors(err)
	return msg
}

// afterDecision redirects to the dossier page after decision r.Name succeeded, or
// re-renders it with the reason, what was typed and the inputs' messages.
func (s *Server) afterDecision(c *gin.Context, d domain.Dossier, r *refusal, err error) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/can-bo/ho-so/"+url.PathEscape(*d.Code)+"?da="+r.Name)
		return
	}
	e, ok := domain.Public(err)
	if !ok || d.Code == nil {
		s.pageError(c, err)
		return
	}
	if e.Err != nil {
		s.Log.WarnContext(c, "decision refused", "err", err)
	}
	r.Message = e.Message
	v, verr := s.dossierView(c, r)
	if verr != nil {
		s.pageError(c, verr)
		return
	}
	s.render(c, httpx.Status(e), "console_dossier", s.consoleData(c, gin.H{"V": v, "Error": "Chưa thực hiện được: " + e.Message, "ErrorCode": e.Code}))
}

// attachResultFile opens fh and attaches it as a result document (service.AttachResult).
func (s *Server) attachResultFile(c *gin.Context, d domain.Dossier, acc domain.Account, fh *multipart.FileHeader) (domain.DossierFile, error) {
	f, err := fh.Open()
	if err != nil {
		return domain.DossierFile{}, err
	}
	defer f.Close()
	return s.svc.AttachResult(c, d, acc, service.Upload{Name: fh.Filename, Body: f})
}
