package api

import (
	"net/http"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/apperr"
	"github.com/dvc-project/dvc/workflows"
)

func (s *Server) registerDossierRoutes(r *gin.RouterGroup) {
	r.POST("/dossiers", s.createDossier)
	r.POST("/dossiers/:id/submit", s.submitDossier)
}

// draftRequest is the body of POST /dossiers.
type draftRequest struct {
	ProcedureID   int64  `json:"procedure_id"`
	ApplicantName string `json:"applicant_name"`
	IDNumber      string `json:"id_number"`
	Phone         string `json:"phone"`
	Email         string `json:"email"`
	Address       string `json:"address"`
}

// dossierResponse is a dossier as its owner sees it.
type dossierResponse struct {
	ID          int64             `json:"id"`
	Code        *string           `json:"code"`
	ProcedureID int64             `json:"procedure_id"`
	Procedure   string            `json:"procedure_name"`
	Agency      string            `json:"agency_name"`
	Status      activities.Status `json:"status"`
	StatusLabel string            `json:"status_label"`
	CreatedAt   time.Time         `json:"created_at"`
	SubmittedAt *time.Time        `json:"submitted_at"`
	activities.Applicant
}

func newDossierResponse(d activities.Dossier) dossierResponse {
	return dossierResponse{
		ID: d.ID, Code: d.Code, ProcedureID: d.ProcedureID, Procedure: d.ProcedureName, Agency: d.AgencyName,
		Status: d.Status, StatusLabel: d.Status.Label(), CreatedAt: d.CreatedAt, SubmittedAt: d.SubmittedAt,
		Applicant: d.Applicant,
	}
}

// createDossier stores a draft. Errors: unsupported_media_type, invalid_json,
// body_too_large, invalid_dossier (422, with fields), procedure_not_found.
func (s *Server) createDossier(c *gin.Context) {
	var req draftRequest
	if err := decodeJSON(c, &req); err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Store.CreateDraft(c, activities.DraftInput{
		ProcedureID: req.ProcedureID,
		Applicant: activities.Applicant{Name: req.ApplicantName, IDNumber: req.IDNumber, Phone: req.Phone,
			Email: req.Email, Address: req.Address},
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Location", "/api/v1/dossiers/"+strconv.FormatInt(d.ID, 10))
	c.JSON(http.StatusCreated, newDossierResponse(d))
}

// submitDossier allocates the dossier's code and starts its workflow. Submitting again
// returns the same code (200 instead of 201). When Temporal cannot be reached the
// submission still stands: the reconciler starts the workflow later.
// Errors: invalid_id, dossier_not_found.
func (s *Server) submitDossier(c *gin.Context) {
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil || id <= 0 {
		s.fail(c, apperr.New(apperr.Invalid, "invalid_id", "Mã số hồ sơ không hợp lệ."))
		return
	}
	before, err := s.Store.DossierByID(c, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	d, err := s.Store.Submit(c, id, s.Now())
	if err != nil {
		s.fail(c, err)
		return
	}
	if d.WorkflowStartedAt == nil {
		s.startWorkflow(c, d)
	}
	code := http.StatusCreated
	if before.Code != nil {
		code = http.StatusOK
	}
	c.JSON(code, newDossierResponse(d))
}

// startWorkflow starts d's workflow and records it; a failure is logged, not returned,
// because the submission is already durable and the reconciler will retry.
func (s *Server) startWorkflow(c *gin.Context, d activities.Dossier) {
	if err := workflows.Start(c, s.Temporal, s.TaskQueue, d); err != nil {
		s.Log.WarnContext(c, "workflow start deferred to the reconciler", "code", *d.Code, "err", err,
			"request_id", requestIDOf(c))
		return
	}
	if err := s.Store.MarkWorkflowStarted(c, d.ID, s.Now()); err != nil {
		s.Log.WarnContext(c, "mark workflow started", "code", *d.Code, "err", err)
	}
}
