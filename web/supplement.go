package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// supplementData is what the supplement form shows for d.
func (s *Server) supplementData(c *gin.Context, d domain.Dossier) (gin.H, error) {
	proc, err := s.svc.ProcedureDetail(c, d.ProcedureID)
	if err != nil {
		return nil, err
	}
	events, err := s.svc.Events(c, d.ID)
	if err != nil {
		return nil, err
	}
	asked := ""
	for _, e := range events {
		if e.Action == domain.ActionSupplementRequested {
			asked = e.Note
		}
	}
	files, err := s.svc.Files(c, d.ID)
	if err != nil {
		return nil, err
	}
	sent := map[int64][]domain.DossierFile{} // what was sent already, by component
	for _, f := range files {
		if f.ComponentID != nil && f.Kind != "result" {
			sent[*f.ComponentID] = append(sent[*f.ComponentID], f)
		}
	}
	return gin.H{"D": d, "Proc": proc, "Asked": asked, "Sent": sent, "Errors": map[string]string{}}, nil
}

// ownerSupplementPage is the supplement form for the signed-in owner.
func (s *Server) ownerSupplementPage(c *gin.Context) {
	d, _, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	data, err := s.supplementData(c, d)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Action"], data["Owner"] = "/ho-so/"+strconv.FormatInt(d.ID, 10)+"/bo-sung", true
	s.render(c, http.StatusOK, "supplement", s.pageData(c, data))
}

func (s *Server) ownerSupplementSubmit(c *gin.Context) {
	d, sess, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	by := sess.Account.ID
	s.supplement(c, d, &by, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"/bo-sung", gin.H{"Owner": true})
}

// supplement attaches the chosen files and sends the supplement through the workflow,
// then redirects (so that a refresh does not send it again): the owner to the dossier's
// page, anyone else to the confirmation page. Refusals show the form again.
func (s *Server) supplement(c *gin.Context, d domain.Dossier, by *int64, action string, extra gin.H) {
	unlock, ok := s.lockDossier(c, d.ID)
	if !ok {
		return
	}
	defer unlock()
	data, err := s.supplementData(c, d)
	if err != nil {
		s.pageError(c, err)
		return
	}
	for k, v := range extra {
		data[k] = v
	}
	data["Action"], data["Note"] = action, c.PostForm("note")
	if d.Status != domain.StatusSupplementRequested {
		s.formFailure(c, "supplement", data, domain.NewError(domain.Conflict, "decision_refused", "Hồ sơ không ở trạng thái chờ bổ sung."))
		return
	}
	fields := map[string]string{}
	if err := s.attachChosen(c, d.ID, by, data["Proc"].(domain.ProcedureDetail).Components, fields); err != nil {
		data["Errors"] = fields
		s.formFailure(c, "supplement", data, err)
		return
	}
	if _, err := s.svc.CitizenAction(c, d, by, workflows.UpdateSupplement, service.CitizenActionInput{Note: c.PostForm("note")}, ""); err != nil {
		s.formFailure(c, "supplement", data, err)
		return
	}
	if by != nil {
		c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"?da-bo-sung=1")
		return
	}
	c.Redirect(http.StatusSeeOther, "/bo-sung/da-gui?code="+url.QueryEscape(*d.Code))
}

// supplementDonePage confirms a supplement sent with the update code. It reads nothing:
// the dossier's state is the lookup's to show, under its rate limit.
func (s *Server) supplementDonePage(c *gin.Context) {
	code := dossiercode.Normalize(c.Query("code"))
	if _, err := dossiercode.Parse(code); err != nil {
		c.Redirect(http.StatusSeeOther, "/bo-sung")
		return
	}
	s.render(c, http.StatusOK, "supplement_done", s.pageData(c, gin.H{"Code": code}))
}

// supplementByCodePage asks for the dossier code and its update code (bổ sung hồ sơ
// bằng mã cập nhật), for someone not signed in as the owner.
func (s *Server) supplementByCodePage(c *gin.Context) {
	s.render(c, http.StatusOK, "supplement_code", s.pageData(c, gin.H{"Code": c.Query("code"), "Errors": map[string]string{}}))
}

// supplementByCodeSubmit checks the codes (step 1) and then takes the supplement (step 2).
func (s *Server) supplementByCodeSubmit(c *gin.Context) {
	code, updateCode := strings.TrimSpace(c.PostForm("code")), strings.TrimSpace(c.PostForm("update_code"))
	data := gin.H{"Code": code}
	if code == "" || updateCode == "" {
		fields := map[string]string{}
		if code == "" {
			fields["code"] = "Nhập mã hồ sơ."
		}
		if updateCode == "" {
			fields["update_code"] = "Nhập mã cập nhật được gửi khi nộp hồ sơ."
		}
		s.formFailure(c, "supplement_code", data, &domain.Error{Kind: domain.Invalid, Code: "invalid_request",
			Message: "Nhập mã hồ sơ và mã cập nhật.", Fields: fields})
		return
	}
	d, _, err := s.svc.CitizenAccess(c, httpx.Viewer(c), code, updateCode)
	if err != nil {
		if e, ok := domain.Public(err); ok {
			field := "update_code"
			if e.Kind == domain.NotFound {
				field = "code"
			}
			err = &domain.Error{Kind: e.Kind, Code: e.Code, Message: e.Message, Fields: map[string]string{field: e.Message}}
		}
		s.formFailure(c, "supplement_code", data, err)
		return
	}
	// The owner signed in acts as the owner; anyone else as the update-code holder.
	var by *int64
	if sess, ok := httpx.Current(c); ok && d.OwnerID != nil && *d.OwnerID == sess.Account.ID {
		id := sess.Account.ID
		by = &id
	}
	extra := gin.H{"Code": code, "UpdateCode": updateCode}
	if c.PostForm("step") != "send" {
		data, err := s.supplementData(c, d)
		if err != nil {
			s.pageError(c, err)
			return
		}
		for k, v := range extra {
			data[k] = v
		}
		data["Action"] = "/bo-sung"
		if d.Status != domain.StatusSupplementRequested {
			s.formFailure(c, "supplement_code", gin.H{"Code": code}, domain.NewError(domain.Conflict, "decision_refused",
				"Hồ sơ "+code+" không ở trạng thái chờ bổ sung ("+d.Status.Label()+")."))
			return
		}
		s.render(c, http.StatusOK, "supplement", s.pageData(c, data))
		return
	}
	s.supplement(c, d, by, "/bo-sung", extra)
}
