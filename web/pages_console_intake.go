package web

import (
	"mime/multipart"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// The desk (/can-bo/tiep-nhan): a reception officer finds the person by ID number (their
// account and earlier dossiers), picks the procedure, fills in the declaration, scans each
// component or checks it on paper, and registers the dossier handed in or received by
// post (service.RegisterIntake): it is received at once and its receipt prints. The same
// page draws the refusal (form 03) and the guidance (form 02) without a dossier
// (service.CounterSlip).

// intakeUploadFactor is how many scans of the upload limit the desk's form may carry.
const intakeUploadFactor = 8

func (s *Server) registerIntakePages(g *gin.RouterGroup) {
	desk := s.consoleStaff(domain.RoleReception)
	g.GET("/tiep-nhan", desk, s.intakePage)
	g.POST("/tiep-nhan", desk, s.intakeRegister)
	g.GET("/tiep-nhan/ho-so/:ref", desk, s.intakeDone)
	g.POST("/tiep-nhan/phieu", desk, s.intakeCounterSlip)
}

// intakeForm is the desk's form as typed, to show it again.
type intakeForm struct {
	IDNumber, Procedure, Channel, TrackingNumber string
	Name, Phone, Email, Address, Content         string
	PostalReceive                                bool
	PostalAddress                                string
	FormData                                     map[string]string
	Paper                                        []int64
	Reasons, Components                          string
	// Key is the registration's idempotency key: a new one per form shown, kept when the
	// form comes back with problems, so that a double submission registers once.
	Key string
}

// intakePage shows the desk's page: the lookup by ID number (so_giay_to), the choice of
// procedure (thu_tuc) and, once both are known, the registration form.
func (s *Server) intakePage(c *gin.Context) {
	f := intakeForm{IDNumber: strings.TrimSpace(c.Query("so_giay_to")), Procedure: c.Query("thu_tuc"),
		Channel: c.DefaultQuery("kenh", service.IntakeDirect), FormData: map[string]string{}}
	s.renderIntake(c, http.StatusOK, f, gin.H{})
}

// renderIntake renders the desk's page for form f with data's messages.
func (s *Server) renderIntake(c *gin.Context, status int, f intakeForm, data gin.H) {
	acc := consoleAccount(c)
	procs, err := s.svc.ListProcedures(c)
	if err != nil {
		s.pageError(c, err)
		return
	}
	var options []option
	for _, p := range procs {
		if acc.AgencyID != nil && p.AgencyID == *acc.AgencyID {
			options = append(options, option{strconv.FormatInt(p.ID, 10), p.Name})
		}
	}
	data["ProcedureOptions"] = options
	if _, ok := data["SlipErrors"]; !ok {
		data["SlipErrors"] = map[string]string{}
	}
	if f.IDNumber != "" {
		person, err := s.svc.FindPerson(c, acc, f.IDNumber)
		if err != nil {
			data["LookupError"], _ = fieldErrorsMessage(err)
		} else {
			data["Person"] = person
			if f.Name == "" && status == http.StatusOK {
				f.Name, f.Phone, f.Email, f.Address = person.Prefill.Name, person.Prefill.Phone, person.Prefill.Email, person.Prefill.Address
			}
		}
	}
	if id, err := strconv.ParseInt(f.Procedure, 10, 64); err == nil && id > 0 {
		if proc, err := s.svc.ProcedureDetail(c, id); err == nil && acc.AgencyID != nil && proc.AgencyID == *acc.AgencyID {
			data["Proc"] = proc
		} else {
			data["ProcedureError"] = "Thủ tục không tồn tại hoặc không thuộc cơ quan của cán bộ."
		}
	}
	if f.Key == "" {
		f.Key = auth.NewToken()
	}
	data["Form"] = f
	s.render(c, status, "console_intake", s.consoleData(c, data))
}

func fieldErrorsMessage(err error) (string, bool) {
	_, msg := fieldErrors(err)
	return msg, msg != ""
}

// readIntakeForm reads the registration form: the fields, the components checked on
// paper, and the scans (file_<component id>), opened; the caller closes them.
func readIntakeForm(c *gin.Context, proc domain.ProcedureDetail) (intakeForm, service.IntakeRequest, []multipart.File) {
	f := intakeForm{IDNumber: strings.TrimSpace(c.PostForm("id_number")), Procedure: c.PostForm("procedure_id"),
		Channel: c.PostForm("channel"), TrackingNumber: c.PostForm("tracking_number"), Name: c.PostForm("name"),
		Phone: c.PostForm("phone"), Email: c.PostForm("email"), Address: c.PostForm("address"), Content: c.PostForm("content"),
		PostalReceive: c.PostForm("postal_receive") == "1", PostalAddress: c.PostForm("postal_address"), FormData: map[string]string{},
		Key: c.PostForm("idempotency_key")}
	for _, v := range c.PostFormArray("paper") {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			f.Paper = append(f.Paper, id)
		}
	}
	for _, ff := range proc.FormFields {
		f.FormData[ff.Name] = c.PostForm("form_data." + ff.Name)
	}
	req := service.IntakeRequest{ProcedureID: proc.ID, Channel: f.Channel, TrackingNumber: f.TrackingNumber,
		Applicant: service.IntakeApplicant{Name: f.Name, IDNumber: f.IDNumber, Phone: f.Phone, Email: f.Email, Address: f.Address},
		FormData:  f.FormData, Content: f.Content, PaperComponents: f.Paper, PostalReceive: f.PostalReceive,
		PostalAddress: f.PostalAddress}
	var open []multipart.File
	for _, comp := range proc.Components {
		fh, err := c.FormFile("file_" + strconv.FormatInt(comp.ID, 10))
		if err != nil || slices.Contains(f.Paper, comp.ID) {
			continue
		}
		file, err := fh.Open()
		if err != nil {
			continue
		}
		open = append(open, file)
		req.Files = append(req.Files, service.ComponentUpload{ComponentID: comp.ID, Upload: service.Upload{Name: fh.Filename, Body: file}})
	}
	return f, req, open
}

// intakeRegister registers the dossier and shows its receipt page, or the form again with
// every problem.
func (s *Server) intakeRegister(c *gin.Context) {
	acc := consoleAccount(c)
	id, _ := strconv.ParseInt(c.PostForm("procedure_id"), 10, 64)
	proc, err := s.svc.ProcedureDetail(c, id)
	if err != nil {
		s.renderIntake(c, http.StatusUnprocessableEntity, intakeForm{IDNumber: c.PostForm("id_number"), FormData: map[string]string{}},
			gin.H{"Error": "Chưa chọn thủ tục hành chính hoặc thủ tục không còn áp dụng."})
		return
	}
	f, req, open := readIntakeForm(c, proc)
	defer func() {
		for _, file := range open {
			_ = file.Close()
		}
	}()
	rec, err := s.svc.RegisterIntake(c, acc, req, f.Key)
	if err != nil {
		if _, ok := domain.Public(err); !ok {
			s.pageError(c, err)
			return
		}
		fields, msg := fieldErrors(err)
		e, _ := domain.Public(err)
		s.renderIntake(c, statusOf(e), f, gin.H{"Errors": fields, "Error": msg, "ErrorCode": e.Code})
		return
	}
	c.Redirect(http.StatusSeeOther, "/can-bo/tiep-nhan/ho-so/"+url.PathEscape(*rec.Dossier.Code))
}

// statusOf is the page status of a refusal: 422 for invalid input, the error's otherwise.
func statusOf(e *domain.Error) int {
	switch e.Kind {
	case domain.Forbidden:
		return http.StatusForbidden
	case domain.TooLarge:
		return http.StatusRequestEntityTooLarge
	case domain.UnsupportedMedia:
		return http.StatusUnsupportedMediaType
	case domain.NotFound:
		return http.StatusNotFound
	}
	return http.StatusUnprocessableEntity
}

// intakeDone is the registered dossier's page at the desk: its code, its appointment, the
// tracking number of a postal one, and the receipt slip to print.
func (s *Server) intakeDone(c *gin.Context) {
	acc := consoleAccount(c)
	d, err := s.svc.StaffDossier(c, acc, c.Param("ref"))
	if err != nil {
		s.pageError(c, err)
		return
	}
	facts, err := s.svc.IntakeFactsOf(c, d)
	if err != nil {
		s.pageError(c, err)
		return
	}
	code := url.PathEscape(*d.Code)
	s.render(c, http.StatusOK, "console_intake_done", s.consoleData(c, gin.H{"D": d, "Facts": facts,
		"Channel": service.ChannelName(d.Channel), "ReceiptURL": "/api/v1/dossiers/" + code + "/slips/receipt.pdf",
		"DossierURL": "/can-bo/ho-so/" + code}))
}

// intakeCounterSlip draws the refusal (form 03) or the guidance (form 02) as PDF, or
// shows the desk's page again with the problems.
func (s *Server) intakeCounterSlip(c *gin.Context) {
	acc := consoleAccount(c)
	id, _ := strconv.ParseInt(c.PostForm("procedure_id"), 10, 64)
	kind := c.PostForm("kind")
	n := service.CounterNotice{ProcedureID: id, Note: c.PostForm("note"),
		Applicant: service.IntakeApplicant{Name: c.PostForm("name"), IDNumber: c.PostForm("id_number"),
			Phone: c.PostForm("phone"), Address: c.PostForm("address")}}
	if kind == service.CounterSupplement {
		n.Components = lines(c.PostForm("items"))
	} else {
		n.Reasons = lines(c.PostForm("items"))
	}
	pdf, err := s.svc.CounterSlip(c, acc, kind, n)
	if err != nil {
		e, ok := domain.Public(err)
		if !ok {
			s.pageError(c, err)
			return
		}
		fields, msg := fieldErrors(err)
		f := intakeForm{IDNumber: n.Applicant.IDNumber, Procedure: c.PostForm("procedure_id"), Name: n.Applicant.Name,
			Phone: n.Applicant.Phone, Address: n.Applicant.Address, Channel: service.IntakeDirect, FormData: map[string]string{}}
		if kind == service.CounterSupplement {
			f.Components = c.PostForm("items")
		} else {
			f.Reasons = c.PostForm("items")
		}
		s.renderIntake(c, statusOf(e), f, gin.H{"SlipErrors": fields, "SlipError": msg, "SlipKind": kind})
		return
	}
	c.Header("Content-Disposition", `inline; filename="`+kind+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}
