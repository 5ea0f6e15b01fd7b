package web

import (
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// decisionLabels are the console's button labels.
var decisionLabels = map[string]string{
	workflows.UpdateReceive:             "Tiếp nhận hồ sơ",
	workflows.UpdateRefuse:              "Từ chối tiếp nhận",
	workflows.UpdateRequestSupplement:   "Yêu cầu bổ sung",
	workflows.UpdateTransfer:            "Chuyển xử lý",
	workflows.UpdateTransferInteragency: "Chuyển liên thông",
	workflows.UpdateReceiveInteragency:  "Tiếp nhận liên thông",
	workflows.UpdateReturnInteragency:   "Trả kết quả liên thông",
	workflows.UpdateRequestPayment:      "Yêu cầu nộp phí, lệ phí",
	workflows.UpdateConfirmPayment:      "Xác nhận đã nộp phí",
	workflows.UpdateFinish:              "Kết thúc xử lý",
	workflows.UpdateExtend:              "Xin lỗi, hẹn lại ngày trả",
	workflows.UpdateStop:                "Dừng xử lý",
	workflows.UpdateDeliver:             "Trả kết quả",
}

// doneNotices are the notices shown after a decision (?da=name).
var doneNotices = map[string]string{
	"assign": "Đã phân công xử lý hồ sơ.",
	"claim":  "Bạn đã nhận xử lý hồ sơ.",
}

func init() {
	for name, label := range decisionLabels {
		doneNotices[name] = "Đã thực hiện: " + label + "."
	}
}

// slipOrder lists the slips in the order the page offers them.
var slipOrder = []string{"receipt", "supplement", "refusal", "apology", "delivery", "log"}

var slipLabels = map[string]string{
	"receipt": "Giấy tiếp nhận và hẹn trả kết quả", "supplement": "Phiếu yêu cầu bổ sung",
	"refusal": "Phiếu từ chối tiếp nhận", "apology": "Phiếu xin lỗi, hẹn lại", "delivery": "Phiếu trả kết quả",
	"log": "Phiếu kiểm soát quá trình",
}

// decisionForm is what the page shows of one allowed decision.
type decisionForm struct {
	Name, Label string
	// Open unfolds the form (the decision just refused); Error is the workflow's reason.
	Open  bool
	Error string
}

// dossierView holds everything the dossier page shows.
type dossierView struct {
	D          domain.Dossier
	Full       service.DossierView
	Events     []domain.Event
	Declared   []declared
	Documents  []fileRow
	Results    []fileRow
	Slips      []option // kind, label
	Decisions  []decisionForm
	Allowed    map[string]bool
	BackOnly   bool // transfer is allowed only back
	ForwardOK  bool
	NextStep   string
	Officers   []option // officers for the next step (transfer)
	Assignable []option // officers for the current step (assign)
	MayClaim   bool
	MayAssign  bool
	StateError string
	// Form and Errors keep what was typed in the refused decision's form.
	Form   map[string]string
	Errors map[string]string
	Failed string
}

// declared is a declaration field with its label.
type declared struct{ Label, Value string }

type fileRow struct {
	domain.DossierFile
	Component string
	Href      string
}

// consoleDossier is the dossier page: applicant, documents, declaration, processing log,
// slips and the decisions the workflow allows the officer now. The read is logged.
func (s *Server) consoleDossier(c *gin.Context) {
	v, err := s.dossierView(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "console_dossier", s.consoleData(c, gin.H{"V": v, "Notice": doneNotices[c.Query("da")]}))
}

// dossierView loads the page's data for the signed-in officer and {ref}.
func (s *Server) dossierView(c *gin.Context) (*dossierView, error) {
	acc := consoleAccount(c)
	d, full, err := s.svc.OfficerDossier(c, acc, c.Param("ref"))
	if err != nil {
		return nil, err
	}
	events, err := s.svc.Events(c, d.ID) // with the notes, which the public log leaves out
	if err != nil {
		return nil, err
	}
	v := &dossierView{D: d, Full: full, Events: events, Allowed: map[string]bool{}, Form: map[string]string{}, Errors: map[string]string{}}
	proc, err := s.svc.ProcedureDetail(c, d.ProcedureID)
	if err != nil && !domain.IsKind(err, domain.NotFound) { // a retired version: show raw names
		return nil, err
	}
	components := map[int64]string{}
	for _, comp := range proc.Components {
		components[comp.ID] = comp.Name
	}
	v.Declared = declaredFields(proc, full.Content.FormData)
	for _, f := range full.Files {
		row := fileRow{DossierFile: f, Href: "/api/v1/dossiers/" + url.PathEscape(*d.Code) + "/files/" + strconv.FormatInt(f.ID, 10)}
		if f.ComponentID != nil {
			row.Component = components[*f.ComponentID]
		}
		if f.Kind == "result" {
			v.Results = append(v.Results, row)
		} else {
			v.Documents = append(v.Documents, row)
		}
	}
	actions := map[string]bool{}
	for _, e := range full.Events {
		actions[e.Action] = true
	}
	v.Slips = slipLinks(d, actions)
	if closed(d.Status) {
		return v, nil
	}
	ctx, cancel := context.WithTimeout(c, 10*time.Second)
	defer cancel()
	st, err := s.svc.DossierState(ctx, d)
	if err != nil {
		s.Log.WarnContext(c, "query dossier state", "code", *d.Code, "err", err)
		v.StateError = "Không lấy được trạng thái xử lý của hồ sơ lúc này, vui lòng tải lại trang sau ít phút."
		return v, nil
	}
	return v, s.allowedDecisions(c, v, st, acc)
}

// closed: a refused, withdrawn, stopped or delivered dossier takes no more decisions.
func closed(st domain.Status) bool {
	switch st {
	case domain.StatusRefused, domain.StatusWithdrawalRequested, domain.StatusStopped, domain.StatusDelivered:
		return true
	}
	return false
}

// allowedDecisions fills v's decisions from the workflow's state and acc's role.
func (s *Server) allowedDecisions(c *gin.Context, v *dossierView, st workflows.State, acc domain.Account) error {
	actor, now := service.ActorOf(acc), s.svc.Now()
	for _, name := range st.Allowed(actor, now) {
		v.Allowed[name] = true
		v.Decisions = append(v.Decisions, decisionForm{Name: name, Label: decisionLabels[name]})
	}
	v.MayClaim, v.MayAssign = st.MayClaim(actor, now), st.MayAssign(actor, now)
	if v.Allowed[workflows.UpdateTransfer] {
		v.ForwardOK = st.Allows(workflows.UpdateTransfer, workflows.Decision{Actor: actor}, now)
		v.BackOnly = !v.ForwardOK
	}
	if !v.Allowed[workflows.UpdateTransfer] && !v.Allowed[workflows.UpdateReceiveInteragency] && !v.MayAssign {
		return nil
	}
	staff, err := s.svc.StaffList(c, st.HolderAgencyID)
	if err != nil {
		return err
	}
	nextRole := ""
	if st.Step < len(st.Snapshot.Route) {
		next := st.Snapshot.Route[st.Step]
		v.NextStep, nextRole = next.Name, next.Role
	}
	for _, o := range staff {
		if o.Disabled {
			continue
		}
		label := o.FullName + " (" + roleNames(o.Roles) + ")"
		if nextRole == "" || slices.Contains(o.Roles, nextRole) || v.Allowed[workflows.UpdateReceiveInteragency] {
			v.Officers = append(v.Officers, option{strconv.FormatInt(o.ID, 10), label})
		}
		if slices.Contains(o.Roles, st.AssigneeRole) {
			v.Assignable = append(v.Assignable, option{strconv.FormatInt(o.ID, 10), label})
		}
	}
	return nil
}

// consoleClaim takes the dossier's current step for the signed-in officer.
func (s *Server) consoleClaim(c *gin.Context) {
	acc := consoleAccount(c)
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err == nil {
		_, err = s.svc.AssignStep(c, d, acc, acc.ID, "")
	}
	s.afterDecision(c, d, "claim", err, nil, nil)
}

// consoleAssign gives the current step to the officer named by officer_id (leaders).
func (s *Server) consoleAssign(c *gin.Context) {
	acc := consoleAccount(c)
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	form := map[string]string{"officer_id": c.PostForm("officer_id")}
	id, perr := strconv.ParseInt(form["officer_id"], 10, 64)
	if perr != nil || id <= 0 {
		s.afterDecision(c, d, "assign", errInvalidForm, form, map[string]string{"officer_id": "Chọn cán bộ được phân công."})
		return
	}
	_, err = s.svc.AssignStep(c, d, acc, id, "")
	s.afterDecision(c, d, "assign", err, form, nil)
}

var errInvalidForm = domain.NewError(domain.Unprocessable, "invalid_form", "Thông tin chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.")

// decisionFields are the form fields of the decisions.
var decisionFields = []string{"note", "reasons", "components", "direction", "to_officer_id", "amount_vnd", "result_ref",
	"new_due_date", "method", "received_by"}

// invalidField names the field the workflow's "invalid" refusal of a decision is about.
func invalidField(name string, req service.DecisionInput) string {
	switch name {
	case workflows.UpdateRefuse, workflows.UpdateStop:
		return "reasons"
	case workflows.UpdateRequestSupplement:
		return "components"
	case workflows.UpdateRequestPayment:
		return "amount_vnd"
	case workflows.UpdateFinish:
		return "result_ref"
	case workflows.UpdateExtend:
		if req.NewDueAt.IsZero() || strings.TrimSpace(req.Note) != "" {
			return "new_due_date"
		}
		return "note"
	case workflows.UpdateDeliver:
		if req.Method != "desk" && req.Method != "post" {
			return "method"
		}
		return "received_by"
	}
	return ""
}

// consoleDecide applies the decision named by the decision field with the form's inputs
// (see decisionFields; finish also takes an uploaded result_file). A refused decision
// re-renders the page with the workflow's reason (4xx, nothing changed).
func (s *Server) consoleDecide(c *gin.Context) {
	acc := consoleAccount(c)
	name := c.PostForm("decision")
	if !slices.Contains(workflows.OfficerDecisions, name) {
		s.pageError(c, domain.NewError(domain.NotFound, "unknown_action", "Thao tác không tồn tại."))
		return
	}
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	form := map[string]string{}
	for _, f := range decisionFields {
		form[f] = strings.TrimSpace(c.PostForm(f))
	}
	req, errs := decisionFromForm(form)
	if len(errs) > 0 {
		s.afterDecision(c, d, name, errInvalidForm, form, errs)
		return
	}
	if fh, ferr := c.FormFile("result_file"); name == workflows.UpdateFinish && ferr == nil && fh.Size > 0 {
		// Check first, so that a refused finish stores no document.
		ctx, cancel := context.WithTimeout(c, 10*time.Second)
		st, qerr := s.svc.DossierState(ctx, d)
		cancel()
		if qerr != nil {
			s.afterDecision(c, d, name, domain.WrapError(domain.Unavailable, "workflow_unavailable",
				"Hệ thống xử lý hồ sơ đang bận, vui lòng thử lại sau.", qerr), form, nil)
			return
		}
		if st.Allows(name, workflows.Decision{Actor: service.ActorOf(acc), ResultRef: fh.Filename}, s.svc.Now()) {
			file, err := s.attachResultFile(c, d, acc, fh)
			if err != nil {
				s.afterDecision(c, d, name, err, form, map[string]string{"result_file": apperrMessage(err)})
				return
			}
			req.ResultRef, form["result_ref"] = file.Name, file.Name
		}
	}
	_, err = s.svc.OfficerDecide(c, d, acc, name, req, "")
	var fields map[string]string
	if e, ok := domain.AsError(err); ok && e.Code == "invalid_decision" {
		if f := invalidField(name, req); f != "" {
			fields = map[string]string{f: e.Message}
		}
	}
	s.afterDecision(c, d, name, err, form, fields)
}

func apperrMessage(err error) string {
	_, msg := fieldErrors(err)
	return msg
}

// decisionFromForm reads a decision's inputs; reasons and components are one per line.
func decisionFromForm(form map[string]string) (service.DecisionInput, map[string]string) {
	errs := map[string]string{}
	req := service.DecisionInput{Note: form["note"], ResultRef: form["result_ref"], Method: form["method"], ReceivedBy: form["received_by"],
		Reasons: lines(form["reasons"]), Components: lines(form["components"]), Back: form["direction"] == "back"}
	if v := form["to_officer_id"]; v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			errs["to_officer_id"] = "Cán bộ không hợp lệ."
		}
		req.ToOfficerID = id
	}
	if v := strings.NewReplacer(".", "", ",", "", " ", "").Replace(form["amount_vnd"]); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			errs["amount_vnd"] = "Nhập số tiền (đồng), lớn hơn 0."
		}
		req.AmountVND = n
	}
	if v := form["new_due_date"]; v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, dossiercode.Location)
		if err != nil {
			errs["new_due_date"] = "Ngày dạng YYYY-MM-DD."
		}
		req.NewDueAt = t.Add(17 * time.Hour) // the end of that working day
	}
	if len(form["note"]) > 2000 {
		errs["note"] = "Tối đa 2000 ký tự."
	}
	return req, errs
}

func lines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// afterDecision redirects to the dossier page after a decision (name) succeeded, or
// re-renders it with the reason, what was typed and the field errors.
func (s *Server) afterDecision(c *gin.Context, d domain.Dossier, name string, err error, form, fields map[string]string) {
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/can-bo/ho-so/"+url.PathEscape(*d.Code)+"?da="+name)
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
	v, verr := s.dossierView(c)
	if verr != nil {
		s.pageError(c, verr)
		return
	}
	v.Failed = name
	if form != nil {
		v.Form = form
	}
	if fields != nil {
		v.Errors = fields
	}
	for i := range v.Decisions {
		if v.Decisions[i].Name == name {
			v.Decisions[i].Open, v.Decisions[i].Error = true, e.Message
		}
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
