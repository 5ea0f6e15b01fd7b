package api

import (
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/dossiercode"
	"github.com/dvc-project/dvc/internal/validate"
)

func (s *Server) registerLookupRoutes(r *gin.RouterGroup) {
	r.GET("/lookup", s.lookup)
}

// lookupResponse is what the public lookup shows of a dossier: personal data masked
// unless the caller owns the dossier or gives its update code; officers' notes left out.
type lookupResponse struct {
	Code        string        `json:"code"`
	Owner       string        `json:"owner"`
	Address     string        `json:"address"`
	Masked      bool          `json:"masked"`
	Procedure   string        `json:"procedure_name"`
	Agency      string        `json:"agency_name"`
	SubmittedAt *time.Time    `json:"submitted_at"`
	ReceivedAt  *time.Time    `json:"received_at"`
	DueAt       *time.Time    `json:"due_at"`
	Status      domain.Status `json:"status"`
	StatusLabel string        `json:"status_label"`
	Events      []lookupEvent `json:"events"`
}

type lookupEvent struct {
	Seq         int           `json:"seq"`
	At          time.Time     `json:"at"`
	Action      string        `json:"action"`
	ActionLabel string        `json:"action_label"`
	Sender      string        `json:"sender"`
	Receiver    string        `json:"receiver"`
	Status      domain.Status `json:"status"`
	StepDueAt   *time.Time    `json:"step_due_at"`
	Timing      string        `json:"timing"`
}

func toLookupEvents(es []domain.Event) []lookupEvent {
	out := []lookupEvent{}
	for _, e := range es {
		out = append(out, lookupEvent{Seq: e.Seq, At: e.At, Action: e.Action, ActionLabel: domain.ActionLabel(e.Action),
			Sender: e.ActorName, Receiver: e.Receiver, Status: e.Status, StepDueAt: e.StepDueAt, Timing: e.Timing})
	}
	return out
}

var errTooManyLookups = domain.NewError(domain.TooMany, "too_many_requests", "Tra cứu quá nhiều lần, vui lòng thử lại sau ít phút.")

// lookup answers GET /lookup?code= (one dossier) or ?id_number= (the ID number's
// dossiers), http.lookup_limit (30) lookups a minute per client. Errors: invalid_code (400),
// dossier_not_found (404), too_many_requests (429).
func (s *Server) lookup(c *gin.Context) {
	if ok, wait := s.lookupLimiter.take(c.ClientIP()); !ok {
		c.Header("Retry-After", strconv.Itoa(int(wait.Seconds())))
		s.fail(c, errTooManyLookups)
		return
	}
	code, idNumber := strings.TrimSpace(c.Query("code")), c.Query("id_number")
	items, err := s.lookupDossiers(c, code, idNumber)
	if err != nil {
		s.fail(c, err)
		return
	}
	if code != "" {
		c.JSON(http.StatusOK, items[0])
		return
	}
	c.JSON(http.StatusOK, gin.H{"items": items})
}

// lookupDossiers finds the dossier with code, or (code empty) up to 20 dossiers of an ID
// number, as the public sees them (masked unless mayUnmask); the JSON API and the lookup
// page share it. Errors: invalid_code (with fields), dossier_not_found.
func (s *Server) lookupDossiers(c *gin.Context, code, idNumber string) ([]lookupResponse, error) {
	code, idNumber = strings.TrimSpace(code), strings.ToUpper(strings.TrimSpace(idNumber))
	var ds []domain.DossierLog
	switch {
	case code != "":
		if _, err := dossiercode.Parse(code); err != nil {
			return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Mã hồ sơ không hợp lệ.",
				Fields: map[string]string{"code": "Nhập mã hồ sơ dạng 000.00.03.H03-200811-0001."}}
		}
		d, err := s.LookupCache.Lookup(code, func() (domain.DossierLog, error) { return s.Store.LookupByCode(c, code) })
		if err != nil {
			return nil, err
		}
		ds = append(ds, d)
	case idNumber != "":
		if _, ok := validate.IDNumber(idNumber); !ok {
			return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Số giấy tờ tùy thân không hợp lệ.",
				Fields: map[string]string{"id_number": "Nhập số CMND (9 số), CCCD (12 số) hoặc hộ chiếu."}}
		}
		var err error
		if ds, err = s.Store.LookupByIDNumber(c, idNumber, 20); err != nil {
			return nil, err
		}
	default:
		return nil, &domain.Error{Kind: domain.Invalid, Code: "invalid_code", Message: "Nhập mã hồ sơ hoặc số giấy tờ tùy thân.",
			Fields: map[string]string{"code": "Bắt buộc nếu không nhập số giấy tờ."}}
	}
	items := []lookupResponse{}
	for _, d := range ds {
		items = append(items, s.lookupOne(c, d.Dossier, d.Events))
	}
	return items, nil
}

// lookupOne is dossier d with its processing log events as the public sees them.
func (s *Server) lookupOne(c *gin.Context, d domain.Dossier, events []domain.Event) lookupResponse {
	r := lookupResponse{Code: *d.Code, Owner: d.Name, Address: d.Address, Procedure: d.ProcedureName, Agency: d.AgencyName,
		SubmittedAt: d.SubmittedAt, ReceivedAt: d.ReceivedAt, DueAt: d.DueAt, Status: d.Status,
		StatusLabel: d.Status.Label(), Events: toLookupEvents(events)}
	if !s.mayUnmask(c, d) {
		r.Masked, r.Owner, r.Address = true, maskName(d.Name), maskAddress(d.Address)
		for i := range r.Events {
			if r.Events[i].Action == domain.ActionSubmitted {
				r.Events[i].Sender = r.Owner
			}
		}
	}
	return r
}

// mayUnmask: the owner (signed in) or whoever gives the update code sees personal data.
func (s *Server) mayUnmask(c *gin.Context, d domain.Dossier) bool {
	if sess, ok := currentSession(c); ok && d.OwnerID != nil && *d.OwnerID == sess.Account.ID {
		return true
	}
	if given := strings.TrimSpace(c.Query("update_code")); given != "" {
		want, err := s.Store.UpdateCode(c, d.ID)
		return err == nil && want != "" && constantEqual(want, given)
	}
	return false
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

// maskAddress keeps only the last part (province or district): "Tổ 5, phường Đức Xuân, Bắc Kạn" → "…, Bắc Kạn".
func maskAddress(addr string) string {
	parts := strings.Split(addr, ",")
	if len(parts) < 2 {
		if addr == "" {
			return ""
		}
		return "…"
	}
	return "…, " + strings.TrimSpace(parts[len(parts)-1])
}
