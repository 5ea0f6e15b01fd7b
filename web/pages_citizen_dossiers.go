package web

import (
	"errors"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// registerDossierPages adds the citizen's dossier pages: start a dossier from a
// procedure, the online form (save, send), the success page, my dossiers, one dossier
// with its history, delete a draft, supplement (owner, or anyone with the update code),
// withdraw and rate.
func (s *Server) registerDossierPages(p *gin.RouterGroup) {
	p.POST("/thu-tuc/:id/nop", s.startDossierSubmit)
	p.GET("/ho-so", s.myDossiersPage)
	p.GET("/ho-so/:ref", s.dossierPage)
	p.GET("/ho-so/:ref/sua", s.draftPage)
	p.POST("/ho-so/:ref/sua", s.draftSubmit)
	p.POST("/ho-so/:ref/xoa", s.deleteDraftSubmit)
	p.GET("/ho-so/:ref/da-gui", s.sentPage)
	p.GET("/ho-so/:ref/bo-sung", s.ownerSupplementPage)
	p.POST("/ho-so/:ref/bo-sung", s.ownerSupplementSubmit)
	p.POST("/ho-so/:ref/rut", s.withdrawSubmit)
	p.POST("/ho-so/:ref/danh-gia", s.rateSubmit)
	p.GET("/bo-sung", s.supplementByCodePage)
	p.POST("/bo-sung", s.supplementByCodeSubmit)
}

// pageUploadLimit caps a page form with files: a few attachments at the file store's limit.
func (s *Server) pageUploadLimit() int64 {
	return 4*s.MaxUploadBytes + 256<<10
}

// BodyLimit is the body limit of the pages whose forms carry files (see httpx.Limits):
// a few attachments, or a catalogue, at their limits; 0 for the others.
func (s *Server) BodyLimit(c *gin.Context) int64 {
	if c.Request.Method != http.MethodPost {
		return 0
	}
	switch {
	case isUploadPage(c.FullPath()):
		return s.pageUploadLimit()
	case consoleUploadRoutes[c.FullPath()]:
		return max(s.MaxUploadBytes, service.MaxCatalogueBytes) + 64<<10
	}
	return 0
}

// isUploadPage tells the routes whose forms carry files (see BodyLimit).
func isUploadPage(route string) bool {
	return route == "/ho-so/:ref/sua" || route == "/ho-so/:ref/bo-sung" || route == "/bo-sung"
}

// draftLocks serialise the form's saves and sends of one dossier within this process, so
// that a double click is handled once: the second request finds the dossier sent (under
// the same idempotency key) and shows the same success page.
var draftLocks [64]sync.Mutex

func lockDossier(id int64) func() {
	m := &draftLocks[uint64(id)%uint64(len(draftLocks))]
	m.Lock()
	return m.Unlock
}

// ownDossierPage resolves :ref to a dossier of the signed-in citizen, or answers the page.
func (s *Server) ownDossierPage(c *gin.Context) (domain.Dossier, domain.Session, bool) {
	sess, ok := s.citizenPage(c)
	if !ok {
		return domain.Dossier{}, sess, false
	}
	d, err := s.svc.DossierByRef(c, c.Param("ref"))
	if err == nil && (d.OwnerID == nil || *d.OwnerID != sess.Account.ID) {
		err = service.ErrDossierNotFound
	}
	if err != nil {
		if _, ok := domain.Public(err); !ok {
			s.pageError(c, err)
		} else {
			s.pageError(c, service.ErrDossierNotFound)
		}
		return d, sess, false
	}
	return d, sess, true
}

// startDossierSubmit is the button "Nộp hồ sơ trực tuyến": it creates a draft with the
// applicant taken from the profile and opens the online form.
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
	d, _, err := s.svc.NewDraft(c, sess.Account, service.Draft{ProcedureID: id})
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
	return gin.H{"D": d, "Proc": proc, "Files": byComponent, "Form": form, "Errors": map[string]string{}}, nil
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
	defer lockDossier(d.ID)()
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
	req := service.Draft{ProcedureID: d.ProcedureID, ApplicantName: c.PostForm("applicant_name"), IDNumber: c.PostForm("id_number"),
		Phone: c.PostForm("phone"), Email: c.PostForm("email"), Address: c.PostForm("address"), Content: c.PostForm("content"),
		FormData: map[string]string{}, PostalSend: c.PostForm("postal_send") != "", PostalReceive: c.PostForm("postal_receive") != "",
		PostalAddress: c.PostForm("postal_address")}
	for _, f := range proc.FormFields {
		req.FormData[f.Name] = c.PostForm("form_data." + f.Name)
	}
	form := draftForm{Draft: req, Key: key}
	fields := map[string]string{}
	var firstErr error
	note := func(err error) {
		if firstErr == nil {
			firstErr = err
		}
	}
	// Empty required name, ID number or phone fall back to the profile in the API; the
	// form shows what it will send, so an empty one is an error here.
	for name, v := range map[string]string{"applicant_name": req.ApplicantName, "id_number": req.IDNumber, "phone": req.Phone} {
		if strings.TrimSpace(v) == "" {
			fields[name] = "Vui lòng nhập thông tin này."
		}
	}
	if len(fields) > 0 {
		note(&domain.Error{Kind: domain.Unprocessable, Code: "invalid_dossier", Message: "Thông tin hồ sơ chưa hợp lệ.", Fields: fields})
	} else if _, _, err := s.svc.SaveDraft(c, sess.Account, d, req); err != nil {
		e, ok := domain.Public(err)
		if !ok {
			s.pageError(c, err)
			return
		}
		for k, v := range e.Fields {
			fields[k] = v
		}
		note(err)
	}
	for _, id := range c.PostFormArray("remove_file") {
		fid, err := strconv.ParseInt(id, 10, 64)
		if err == nil {
			err = s.svc.DeleteFile(c, d, fid)
		}
		if err != nil && !domain.IsKind(err, domain.NotFound) && !errors.Is(err, strconv.ErrSyntax) {
			if _, ok := domain.Public(err); !ok {
				s.pageError(c, err)
				return
			}
		}
	}
	by := sess.Account.ID
	if err := s.attachChosen(c, d.ID, &by, proc.Components, fields); err != nil {
		note(err)
	}
	if firstErr == nil && send {
		if _, err := s.svc.Submit(c, d, key); err != nil {
			if e, ok := domain.Public(err); ok {
				for k, v := range e.Fields {
					fields[k] = v
				}
			}
			note(err)
		} else {
			c.Redirect(http.StatusSeeOther, "/ho-so/"+ref+"/da-gui")
			return
		}
	}
	if firstErr == nil {
		c.Redirect(http.StatusSeeOther, "/ho-so/"+ref+"/sua?da-luu=1")
		return
	}
	data, err := s.draftData(c, d, form)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["Errors"] = fields
	s.formFailure(c, "dossier_form", data, firstErr)
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

// myDossiersPage lists the citizen's dossiers in the six categories, each with its history.
func (s *Server) myDossiersPage(c *gin.Context) {
	sess, ok := s.citizenPage(c)
	if !ok {
		return
	}
	cat := c.Query("loai")
	page, err := httpx.QueryInt(c, "trang")
	if err == nil {
		err = service.CheckCategory(cat)
	}
	if err != nil {
		s.pageError(c, err)
		return
	}
	ds, total, err := s.svc.OwnerDossiers(c, sess.Account, cat, int(page))
	if err != nil {
		s.pageError(c, err)
		return
	}
	type item struct {
		domain.Dossier
		Events []service.LogRow
	}
	items := make([]item, len(ds))
	for i, d := range ds {
		items[i].Dossier = d
		if d.Code != nil {
			events, err := s.svc.Events(c, d.ID)
			if err != nil {
				s.pageError(c, err)
				return
			}
			items[i].Events = service.LogRows(events)
		}
	}
	page = max(page, 1)
	data := gin.H{"Items": items, "Total": total, "Category": cat, "Welcome": c.Query("moi") != ""}
	if page > 1 {
		data["Prev"] = "/ho-so?loai=" + cat + "&trang=" + strconv.FormatInt(page-1, 10)
	}
	if int(page)*service.MyDossiersPerPage < total {
		data["Next"] = "/ho-so?loai=" + cat + "&trang=" + strconv.FormatInt(page+1, 10)
	}
	s.render(c, http.StatusOK, "my_dossiers", s.pageData(c, data))
}

// dossierPage shows the owner's dossier: content, attachments, processing history, and
// the actions open now (edit, supplement, withdraw, rate).
func (s *Server) dossierPage(c *gin.Context) {
	d, _, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	s.showDossier(c, d, http.StatusOK, gin.H{})
}

func (s *Server) showDossier(c *gin.Context, d domain.Dossier, code int, data gin.H) {
	full, err := s.svc.FullDossier(c, d)
	if err == nil {
		full.UpdateCode, err = s.svc.UpdateCode(c, d.ID)
	}
	var rated string
	if err == nil {
		rated, err = s.svc.Rating(c, d.ID)
	}
	if err != nil {
		s.pageError(c, err)
		return
	}
	proc, err := s.svc.Procedure(c, d.ProcedureID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	data["D"], data["Full"], data["Rated"], data["Proc"] = d, full, rated, proc
	switch d.Status {
	case domain.StatusNew, domain.StatusReceived, domain.StatusProcessing, domain.StatusSupplementRequested, domain.StatusPaymentRequested:
		data["CanWithdraw"] = true
	}
	if _, ok := data["Errors"]; !ok {
		data["Errors"] = map[string]string{}
	}
	s.render(c, code, "dossier", s.pageData(c, data))
}

// withdrawSubmit asks to withdraw the owner's dossier (rút hồ sơ), through the workflow.
func (s *Server) withdrawSubmit(c *gin.Context) {
	d, sess, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	by := sess.Account.ID
	if _, err := s.svc.CitizenAction(c, d, &by, workflows.UpdateWithdraw, service.CitizenActionInput{Note: c.PostForm("note")}, ""); err != nil {
		s.dossierFailure(c, d, gin.H{"WithdrawNote": c.PostForm("note")}, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10))
}

// dossierFailure shows the dossier page again with a refusal.
func (s *Server) dossierFailure(c *gin.Context, d domain.Dossier, data gin.H, err error) {
	e, ok := domain.Public(err)
	if !ok {
		s.pageError(c, err)
		return
	}
	data["Message"], data["Errors"] = e.Message, e.Fields
	if e.Fields == nil {
		data["Errors"] = map[string]string{}
	}
	if d2, err := s.svc.DossierByID(c, d.ID); err == nil {
		d = d2
	}
	s.showDossier(c, d, httpx.Status(e), data)
}

// rateSubmit records the owner's satisfaction after delivery.
func (s *Server) rateSubmit(c *gin.Context) {
	d, _, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	req := service.RatingInput{Rating: c.PostForm("rating"), Comment: c.PostForm("comment")}
	if err := s.svc.Rate(c, d, req); err != nil {
		if e, ok := domain.AsError(err); ok && e.Code == "invalid_rating" && e.Fields["rating"] != "" {
			e = &domain.Error{Kind: e.Kind, Code: e.Code, Message: e.Message, Fields: map[string]string{"rating": "Vui lòng chọn mức độ hài lòng."}}
			err = e
		}
		s.dossierFailure(c, d, gin.H{"RatingComment": req.Comment}, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"?da-danh-gia=1")
}

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
	return gin.H{"D": d, "Proc": proc, "Asked": asked, "Errors": map[string]string{}}, nil
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
	data["Action"] = "/ho-so/" + strconv.FormatInt(d.ID, 10) + "/bo-sung"
	s.render(c, http.StatusOK, "supplement", s.pageData(c, data))
}

func (s *Server) ownerSupplementSubmit(c *gin.Context) {
	d, sess, ok := s.ownDossierPage(c)
	if !ok {
		return
	}
	by := sess.Account.ID
	s.supplement(c, d, &by, "/ho-so/"+strconv.FormatInt(d.ID, 10)+"/bo-sung", gin.H{})
}

// supplement attaches the chosen files and sends the supplement through the workflow;
// refusals show the form again.
func (s *Server) supplement(c *gin.Context, d domain.Dossier, by *int64, action string, extra gin.H) {
	defer lockDossier(d.ID)()
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
	d, err = s.svc.DossierByID(c, d.ID)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "supplement_done", s.pageData(c, gin.H{"D": d}))
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
