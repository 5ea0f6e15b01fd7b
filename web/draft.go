package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
)

// lockDossier serialises the form's saves and sends of one dossier in every API
// replica (a PostgreSQL advisory lock, service.LockDossier), so that a double click is
// handled once wherever each click lands: the second request finds the dossier sent
// (under the same idempotency key) and shows the same success page. On failure it has
// shown the error page and returns false.
func (s *Server) lockDossier(c *gin.Context, id int64) (unlock func(), ok bool) {
	unlock, err := s.svc.LockDossier(c.Request.Context(), id)
	if err != nil {
		s.pageError(c, err)
		return nil, false
	}
	return unlock, true
}

// startDossierSubmit is the button "Nộp hồ sơ trực tuyến": it opens the online form of
// the citizen's untouched draft of the procedure, or of a new draft with the applicant
// taken from the profile.
func (s *Server) startDossierSubmit(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.pageError(c, domain.NewError(domain.NotFound, "procedure_not_found", "Không tìm thấy thủ tục hành chính."))
		return
	}
	sess, ok := httpx.Current(c)
	if !ok {
		c.Redirect(http.StatusSeeOther, "/dang-nhap?next=/thu-tuc/"+strconv.FormatInt(id, 10))
		return
	}
	if sess.Account.Kind != "citizen" {
		s.pageError(c, service.ErrCitizensOnly)
		return
	}
	d, err := s.svc.StartDraft(c, sess.Account, id)
	if err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"/sua")
}

// draftForm is what the online form shows and what it posted.
type draftForm struct {
	service.Draft
	Key string
}

// draftData loads what the online form of d shows besides the typed values.
func (s *Server) draftData(c *gin.Context, d domain.Dossier, form draftForm) (gin.H, error) {
	proc, err := s.svc.ProcedureDetail(c, d.ProcedureID)
	if err != nil {
		return nil, err
	}
	files, err := s.svc.Files(c, d.ID)
	if err != nil {
		return nil, err
	}
	byComponent := map[int64][]domain.DossierFile{}
	for _, f := range files {
		if f.ComponentID != nil {
			byComponent[*f.ComponentID] = append(byComponent[*f.ComponentID], f)
		}
	}
	var store []service.DocumentView
	if sess, ok := httpx.Current(c); ok {
		if store, err = s.storeChoices(c, sess.Account); err != nil {
			return nil, err
		}
	}
	return gin.H{"D": d, "Proc": proc, "Files": byComponent, "Form": form, "Errors": map[string]string{}, "Store": store}, nil
}

// draftPage is the online form (tờ khai trực tuyến) of the owner's draft.
func (s *Server) draftPage(c *gin.Context) {
	d, _, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	if d.Status != domain.StatusDraft {
		c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10))
		return
	}
	content, err := s.svc.Content(c, d.ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	form := draftForm{Key: auth.NewToken(), Draft: service.Draft{ApplicantName: d.Name, IDNumber: d.IDNumber, Phone: d.Phone,
		Email: d.Email, Address: d.Address, Content: content.Content, FormData: content.FormData, PostalSend: content.PostalSend,
		PostalReceive: content.PostalReceive, PostalAddress: content.PostalAddress}}
	data, err := s.draftData(c, d, form)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Saved"] = c.Query("da-luu") != ""
	s.render(c, http.StatusOK, "dossier_form", s.pageData(c, data))
}

// draftSubmit saves the online form (Lưu) or saves and sends it (Gửi). Files chosen are
// attached through the same checks as the JSON API; errors come back next to their field
// with everything typed kept, and files that passed stay attached.
func (s *Server) draftSubmit(c *gin.Context) {
	d, sess, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	unlock, ok := s.lockDossier(c, d.ID)
	if !ok {
		return
	}
	defer unlock()
	d, err := s.svc.DossierByID(c, d.ID) // as it is now that no other save of it runs
	if err != nil {
		s.pageError(c, err)
		return
	}
	key, send := strings.TrimSpace(c.PostForm("idempotency_key")), c.PostForm("action") == "send"
	ref := strconv.FormatInt(d.ID, 10)
	if d.Status != domain.StatusDraft {
		if send && key != "" { // a second click: answer as the first did, or refuse another key
			if _, err := s.svc.Submit(c, d, key); err != nil {
				s.pageError(c, err)
				return
			}
			c.Redirect(http.StatusSeeOther, "/ho-so/"+ref+"/da-gui")
			return
		}
		s.pageError(c, domain.NewError(domain.Conflict, "not_draft", "Hồ sơ đã gửi, không thể sửa như bản nháp."))
		return
	}
	if key == "" || len(key) > 200 {
		key = auth.NewToken()
	}
	proc, err := s.svc.ProcedureDetail(c, d.ProcedureID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	req := draftFromForm(c, d, proc)
	errs := formErrors{fields: map[string]string{}}
	if err := s.saveDraftForm(c, sess.Account, d, req, &errs); err != nil {
		s.pageError(c, err)
		return
	}
	by := sess.Account.ID
	if err := s.attachChosen(c, d.ID, &by, proc.Components, errs.fields); err != nil && errs.first == nil {
		errs.first = err // its message is already next to its component
	}
	if err := s.attachFromStore(c, d, sess.Account, proc.Components, errs.fields); err != nil && errs.first == nil {
		errs.first = err
	}
	switch {
	case send && errs.first == nil:
		_, err := s.svc.Submit(c, d, key)
		if err == nil {
			c.Redirect(http.StatusSeeOther, "/ho-so/"+ref+"/da-gui")
			return
		}
		errs.note(err)
	case send: // report what sending would refuse too, not on the next click
		if err := s.svc.MissingWith(c, d, req.FormData); err != nil {
			if _, ok := domain.Public(err); !ok {
				s.pageError(c, err)
				return
			}
			errs.add(err)
		}
	}
	if errs.first == nil {
		c.Redirect(http.StatusSeeOther, "/ho-so/"+ref+"/sua?da-luu=1")
		return
	}
	data, err := s.draftData(c, d, draftForm{Draft: req, Key: key})
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Errors"] = errs.fields
	s.formFailure(c, "dossier_form", data, errs.first)
}

// draftFromForm reads the online form of draft d for procedure proc.
func draftFromForm(c *gin.Context, d domain.Dossier, proc domain.ProcedureDetail) service.Draft {
	req := service.Draft{ProcedureID: d.ProcedureID, ApplicantName: c.PostForm("applicant_name"), IDNumber: c.PostForm("id_number"),
		Phone: c.PostForm("phone"), Email: c.PostForm("email"), Address: c.PostForm("address"), Content: c.PostForm("content"),
		FormData: map[string]string{}, PostalSend: c.PostForm("postal_send") != "", PostalReceive: c.PostForm("postal_receive") != "",
		PostalAddress: c.PostForm("postal_address")}
	for _, f := range proc.FormFields {
		req.FormData[f.Name] = c.PostForm("form_data." + f.Name)
	}
	return req
}

// formErrors gathers the refusals of one form: every field's message, and the first
// refusal (whose message heads the page).
type formErrors struct {
	fields map[string]string
	first  error
}

// note records err (nothing when nil), with its field messages when it is an
// application error.
func (f *formErrors) note(err error) {
	if err == nil {
		return
	}
	if e, ok := domain.Public(err); ok {
		for k, v := range e.Fields {
			f.fields[k] = v
		}
	}
	if f.first == nil {
		f.first = err
	}
}

// add records err's field messages for the fields that have none yet (a refused file
// keeps its own message rather than "not attached").
func (f *formErrors) add(err error) {
	if e, ok := domain.Public(err); ok {
		for k, v := range e.Fields {
			if _, has := f.fields[k]; !has {
				f.fields[k] = v
			}
		}
	}
	if f.first == nil {
		f.first = err
	}
}

// saveDraftForm saves the typed applicant and content of d, and removes the files ticked
// for removal; refusals go to errs, and only an internal error is returned.
func (s *Server) saveDraftForm(c *gin.Context, acc domain.Account, d domain.Dossier, req service.Draft, errs *formErrors) error {
	// Empty required name, ID number or phone fall back to the profile in the API; the
	// form shows what it will send, so an empty one is an error here.
	missing := map[string]string{}
	for name, v := range map[string]string{"applicant_name": req.ApplicantName, "id_number": req.IDNumber, "phone": req.Phone} {
		if strings.TrimSpace(v) == "" {
			missing[name] = "Vui lòng nhập thông tin này."
		}
	}
	if len(missing) > 0 {
		errs.note(&domain.Error{Kind: domain.Unprocessable, Code: "invalid_dossier", Message: "Thông tin hồ sơ chưa hợp lệ.", Fields: missing})
		_, err := req.DraftContent() // and what is wrong in the rest of the form
		errs.note(err)
	} else if _, _, err := s.svc.SaveDraft(c, acc, d, req); err != nil {
		if _, ok := domain.Public(err); !ok {
			return err
		}
		errs.note(err)
	}
	for _, id := range c.PostFormArray("remove_file") {
		fid, err := strconv.ParseInt(id, 10, 64)
		if err == nil {
			err = s.svc.DeleteFile(c, d, fid)
		}
		if err != nil && !domain.IsKind(err, domain.NotFound) && !errors.Is(err, strconv.ErrSyntax) {
			if _, ok := domain.Public(err); !ok {
				return err
			}
		}
	}
	return nil
}

// attachChosen attaches the files chosen in the form's inputs file_<component id>,
// writing a refusal next to its component; it returns the first refusal.
func (s *Server) attachChosen(c *gin.Context, dossierID int64, by *int64, comps []domain.Component, fields map[string]string) error {
	form, err := c.MultipartForm()
	if err != nil {
		if errors.Is(err, http.ErrNotMultipart) {
			return nil
		}
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return service.ErrFileTooLarge
		}
		return domain.WrapError(domain.Invalid, "invalid_upload", "Không đọc được tệp đính kèm.", err)
	}
	var first error
	for _, comp := range comps {
		name := "file_" + strconv.FormatInt(comp.ID, 10)
		for _, fh := range form.File[name] {
			if fh.Size == 0 && fh.Filename == "" {
				continue
			}
			if _, err := s.attachUpload(c, dossierID, by, comp.ID, fh); err != nil {
				e, ok := domain.Public(err)
				if !ok {
					return err
				}
				fields["components."+strconv.FormatInt(comp.ID, 10)] = e.Message + " (tệp " + fh.Filename + ")"
				if first == nil {
					first = err
				}
			}
		}
	}
	return first
}

// attachUpload opens fh and attaches it as component componentID (service.Attach).
func (s *Server) attachUpload(c *gin.Context, dossierID int64, by *int64, componentID int64, fh *multipart.FileHeader) (domain.DossierFile, error) {
	f, err := fh.Open()
	if err != nil {
		return domain.DossierFile{}, err
	}
	defer f.Close()
	return s.svc.Attach(c, dossierID, by, componentID, service.Upload{Name: fh.Filename, Body: f})
}

// deleteDraftSubmit deletes the owner's draft.
func (s *Server) deleteDraftSubmit(c *gin.Context) {
	d, _, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	if err := s.svc.DeleteDraft(c, d); err != nil {
		s.pageError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ho-so?loai=unsent")
}

// sentPage is the success page with the dossier code and the update code.
func (s *Server) sentPage(c *gin.Context) {
	d, _, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	if d.Code == nil {
		c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"/sua")
		return
	}
	updateCode, err := s.svc.UpdateCode(c, d.ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "dossier_sent", s.pageData(c, gin.H{"D": d, "UpdateCode": updateCode}))
}
