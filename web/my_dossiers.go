package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

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
		Slips  []service.SlipLink
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
			items[i].Slips = service.SlipLinks(d, events)
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
	proc, err := s.svc.ProcedureDetail(c, d.ProcedureID)
	if err != nil && !domain.IsKind(err, domain.NotFound) { // a retired version: raw field names
		s.pageError(c, err)
		return
	}
	payments, err := s.svc.Payments(c, d)
	if err != nil {
		s.pageError(c, err)
		return
	}
	actions := map[string]bool{}
	for _, e := range full.Events {
		actions[e.Action] = true
	}
	data["D"], data["Full"], data["Rated"], data["Proc"], data["Payments"] = d, full, rated, proc, payments
	data["Declared"] = declaredFields(proc, full.Content.FormData)
	data["Supplemented"] = c.Query("da-bo-sung") != ""
	data["PaidNotice"] = c.Query("thanh-toan")
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
