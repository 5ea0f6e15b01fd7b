package api

import (
	"net/http"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/activities"
	"github.com/dvc-project/dvc/internal/apperr"
	"github.com/dvc-project/dvc/internal/dossiercode"
)

func (s *Server) registerLookupRoutes(r *gin.RouterGroup) {
	r.GET("/lookup", s.lookup)
}

// lookupResponse is what the public lookup shows of a dossier: personal data masked,
// officers' notes (reasons, components) left out.
type lookupResponse struct {
	Code        string            `json:"code"`
	Owner       string            `json:"owner"`
	Procedure   string            `json:"procedure_name"`
	Agency      string            `json:"agency_name"`
	SubmittedAt *time.Time        `json:"submitted_at"`
	ReceivedAt  *time.Time        `json:"received_at"`
	DueAt       *time.Time        `json:"due_at"`
	Status      activities.Status `json:"status"`
	StatusLabel string            `json:"status_label"`
	Events      []lookupEvent     `json:"events"`
}

type lookupEvent struct {
	Seq         int               `json:"seq"`
	At          time.Time         `json:"at"`
	Action      string            `json:"action"`
	ActionLabel string            `json:"action_label"`
	Sender      string            `json:"sender"`
	Receiver    string            `json:"receiver"`
	Status      activities.Status `json:"status"`
	StepDueAt   *time.Time        `json:"step_due_at"`
	Timing      string            `json:"timing"`
}

// lookup answers GET /lookup?code=: a submitted dossier's status and processing log.
// Errors: invalid_code (400), dossier_not_found (404).
func (s *Server) lookup(c *gin.Context) {
	code := strings.TrimSpace(c.Query("code"))
	if _, err := dossiercode.Parse(code); err != nil {
		s.fail(c, &apperr.Error{Kind: apperr.Invalid, Code: "invalid_code", Message: "Mã hồ sơ không hợp lệ.",
			Fields: map[string]string{"code": "Nhập mã hồ sơ dạng 000.00.03.H03-200811-0001."}})
		return
	}
	d, err := s.Store.DossierByCode(c, code)
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := s.Store.Events(c, d.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	resp := lookupResponse{Code: code, Owner: maskName(d.Name), Procedure: d.ProcedureName, Agency: d.AgencyName,
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Status: d.Status, StatusLabel: d.Status.Label(), Events: []lookupEvent{}}
	for _, e := range events {
		resp.Events = append(resp.Events, lookupEvent{Seq: e.Seq, At: e.At, Action: e.Action,
			ActionLabel: activities.ActionLabel(e.Action), Sender: e.ActorName, Receiver: e.Receiver,
			Status: e.Status, StepDueAt: e.StepDueAt, Timing: e.Timing})
	}
	c.JSON(http.StatusOK, resp)
}

// maskName keeps the given name (the last word in Vietnamese order) and the initials of
// the others: "Nguyễn Văn An" → "N. V. An".
func maskName(name string) string {
	words := strings.Fields(name)
	for i := 0; i < len(words)-1; i++ {
		r, _ := utf8.DecodeRuneInString(words[i])
		words[i] = string(r) + "."
	}
	return strings.Join(words, " ")
}
