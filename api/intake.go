package api

import (
	"net/http"
	"net/url"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// Intake at the one-stop desk and by post: a reception officer registers a dossier
// handed in or received by post, which is received at once; the scans of its components
// follow as uploads; the desk finds a person by ID number; and it draws the refusal and
// the guidance slips without registering a dossier.
func (s *Server) registerIntakeRoutes(r *gin.RouterGroup) {
	r.POST("/officer/intake", s.intake)
	r.POST("/officer/intake/:ref/files", s.intakeFile)
	r.GET("/officer/intake/person", s.intakePerson)
	r.POST("/officer/intake/slips/:kind", s.counterSlip)
}

// intakeAnswer is a registered dossier as the API answers it.
type intakeAnswer struct {
	ID                int64            `json:"id"`
	Code              string           `json:"code"`
	Status            domain.Status    `json:"status"`
	StatusLabel       string           `json:"status_label"`
	Channel           string           `json:"channel"`
	TrackingNumber    string           `json:"tracking_number"`
	ProcedureID       int64            `json:"procedure_id"`
	ProcedureName     string           `json:"procedure_name"`
	Agency            string           `json:"agency_name"`
	SubmittedAt       *time.Time       `json:"submitted_at"`
	ReceivedAt        *time.Time       `json:"received_at"`
	DueAt             *time.Time       `json:"due_at"`
	UpdateCode        string           `json:"update_code"`
	Owned             bool             `json:"owned"`
	Applicant         domain.Applicant `json:"applicant"`
	PendingComponents []int64          `json:"pending_components"`
	ReceiptURL        string           `json:"receipt_url"`
}

// intake registers a dossier handed in at the desk (channel "direct") or received by
// post (channel "post", with tracking_number), received at once by the signed-in
// reception officer: 201 with its code and status 2; the scans of the components not
// checked on paper (paper_components) follow through POST /officer/intake/{code}/files.
// An Idempotency-Key header makes a retry answer the same dossier (200). Errors:
// login_required, staff_only, not_handling_agency, invalid_json, invalid_intake (422,
// naming every missing or invalid field).
func (s *Server) intake(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleReception)
	if !ok {
		return
	}
	var req service.IntakeRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	req.FilesFollow = true
	rec, err := s.svc.RegisterIntake(c, sess.Account, req, c.GetHeader("Idempotency-Key"))
	if err != nil {
		s.fail(c, err)
		return
	}
	status := http.StatusCreated
	if !rec.First {
		status = http.StatusOK
	}
	c.JSON(status, intakeResponse(rec))
}

func intakeResponse(rec service.IntakeReceipt) intakeAnswer {
	d := rec.Dossier
	return intakeAnswer{ID: d.ID, Code: *d.Code, Status: d.Status, StatusLabel: d.Status.Label(),
		Channel: service.ChannelName(d.Channel), TrackingNumber: rec.TrackingNumber, ProcedureID: d.ProcedureID,
		ProcedureName: d.ProcedureName, Agency: d.AgencyName, SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt,
		DueAt: d.DueAt, UpdateCode: rec.UpdateCode, Owned: d.OwnerID != nil, Applicant: d.Applicant,
		PendingComponents: rec.Pending, ReceiptURL: "/api/v1/dossiers/" + url.PathEscape(*d.Code) + "/slips/receipt.pdf"}
}

// intakeFile adds the scan of one component (multipart: component_id, file) to a desk
// or postal dossier still at the desk. Errors: login_required, staff_only,
// dossier_not_found, not_handling_agency, not_editable (409), invalid_upload,
// component_not_found, file_too_large (413), forbidden_file_type (415).
func (s *Server) intakeFile(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleReception)
	if !ok {
		return
	}
	d, err := s.svc.DeskDossier(c, sess.Account, c.Param("ref")) // refused before the upload is read
	if err != nil {
		s.fail(c, err)
		return
	}
	componentID, up, err := uploadForm(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer up.close()
	file, err := s.svc.AttachAtDesk(c, sess.Account, d, componentID, up.Upload)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, file)
}

// intakePerson answers what the desk knows of the person with ID number id_number: the
// citizen account (if any), whether it is verified by the national sign-in, the earlier
// dossiers and the applicant details to prefill. The read is logged. Errors:
// login_required, staff_only, invalid_id_number (422).
func (s *Server) intakePerson(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleReception)
	if !ok {
		return
	}
	p, err := s.svc.FindPerson(c, sess.Account, c.Query("id_number"))
	if err != nil {
		s.fail(c, err)
		return
	}
	answer := gin.H{"id_number": p.IDNumber, "account": nil, "verified": p.Verified, "dossiers": p.Dossiers, "prefill": p.Prefill}
	if p.Account != nil {
		answer["account"] = gin.H{"id": p.Account.ID, "username": p.Account.Username, "full_name": p.Account.FullName}
	}
	c.JSON(http.StatusOK, answer)
}

// counterSlip draws, as PDF, the refusal to receive (kind "refusal", form 03: reasons) or
// the guidance to complete a dossier (kind "supplement", form 02: components) for a
// person at the desk, without registering a dossier. Errors: login_required, staff_only,
// not_handling_agency, slip_not_available (404), invalid_notice (422).
func (s *Server) counterSlip(c *gin.Context) {
	sess, ok := s.staff(c, domain.RoleReception)
	if !ok {
		return
	}
	var n service.CounterNotice
	if err := decodeJSON(c, &n); err != nil {
		s.fail(c, err)
		return
	}
	kind := c.Param("kind")
	pdf, err := s.svc.CounterSlip(c, sess.Account, kind, n)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", `inline; filename="`+kind+`.pdf"`)
	c.Data(http.StatusOK, "application/pdf", pdf)
}
