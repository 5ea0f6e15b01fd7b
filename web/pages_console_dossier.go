package web

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/workflows"
)

// slipOrder lists the slips in the order the page offers them.
var slipOrder = []string{"receipt", "supplement", "refusal", "apology", "delivery", "log"}

var slipLabels = map[string]string{
	"receipt": "Giấy tiếp nhận và hẹn trả kết quả", "supplement": "Phiếu yêu cầu bổ sung",
	"refusal": "Phiếu từ chối tiếp nhận", "apology": "Phiếu xin lỗi, hẹn lại", "delivery": "Phiếu trả kết quả",
	"log": "Phiếu kiểm soát quá trình",
}

// dossierView holds everything the dossier page shows.
type dossierView struct {
	D         domain.Dossier
	Full      service.DossierView
	Events    []domain.Event
	Declared  []declared
	Documents []fileRow
	Results   []fileRow
	Slips     []option // kind, label
	// Decisions are the forms of the decisions the workflow allows the officer now, then
	// the assignment's (MayAssign); MayClaim offers the claim button.
	Decisions  []decisionForm
	MayClaim   bool
	MayAssign  bool
	StateError string
	// Appointment explains the due date; SupplementRequests counts the log's requests.
	Appointment        *calendar.Appointment
	SupplementRequests int
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
	v, err := s.dossierView(c, nil)
	if err != nil {
		s.pageError(c, err)
		return
	}
	s.render(c, http.StatusOK, "console_dossier", s.consoleData(c, gin.H{"V": v, "Notice": doneNotice(c.Query("da"))}))
}

// dossierView loads the page's data for the signed-in officer and {ref}; refused, when
// not nil, is a decision just refused, whose form shows the reason and what was typed.
func (s *Server) dossierView(c *gin.Context, refused *refusal) (*dossierView, error) {
	acc := consoleAccount(c)
	d, full, err := s.svc.OfficerDossier(c, acc, c.Param("ref"))
	if err != nil {
		return nil, err
	}
	events, err := s.svc.Events(c, d.ID) // with the notes, which the public log leaves out
	if err != nil {
		return nil, err
	}
	v := &dossierView{D: d, Full: full, Events: events}
	if err := s.explainDue(c, v); err != nil {
		return nil, err
	}
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
	return v, s.allowedDecisions(c, v, st, acc, refused)
}

// closed: a refused, withdrawn, stopped or delivered dossier takes no more decisions.
func closed(st domain.Status) bool {
	switch st {
	case domain.StatusRefused, domain.StatusWithdrawalRequested, domain.StatusStopped, domain.StatusDelivered:
		return true
	}
	return false
}

// allowedDecisions fills v's decision forms from the workflow's state and acc's role:
// each decision the workflow would accept, in the table's order, then the assignment.
func (s *Server) allowedDecisions(c *gin.Context, v *dossierView, st workflows.State, acc domain.Account, refused *refusal) error {
	actor, now := service.ActorOf(acc), s.svc.Now()
	src := formSource{Results: v.Results, Directions: map[string][2]bool{}, Refused: refused}
	if st.Step < len(st.Snapshot.Route) {
		src.NextStep = st.Snapshot.Route[st.Step].Name
	}
	allowed := st.Allowed(actor, now)
	var specs []workflows.DecisionSpec
	for _, name := range allowed {
		spec, _ := workflows.DecisionByName(name)
		specs = append(specs, spec)
		if hasDirection(spec) {
			src.Directions[name] = [2]bool{st.Allows(name, workflows.Decision{Actor: actor}, now),
				st.Allows(name, workflows.Decision{Actor: actor, Back: true}, now)}
		}
	}
	v.MayClaim, v.MayAssign = st.MayClaim(actor, now), st.MayAssign(actor, now)
	if v.MayAssign {
		assign, _ := workflows.DecisionByName(workflows.UpdateAssign)
		specs = append(specs, assign)
	}
	if needsOfficers(specs) {
		if err := s.officerChoices(c, &src, st, slices.Contains(allowed, workflows.UpdateReceiveInteragency)); err != nil {
			return err
		}
	}
	for _, spec := range specs {
		path := "quyet-dinh"
		if spec.Name == workflows.UpdateAssign {
			path = "phan-cong"
		}
		v.Decisions = append(v.Decisions, src.form(spec, path))
	}
	return nil
}

// officerChoices fills src's officers of the holding agency: who may receive the dossier
// at the next step (anyone when there is none, or when it arrives from another agency:
// anyRole), and who holds the current step's role.
func (s *Server) officerChoices(c *gin.Context, src *formSource, st workflows.State, anyRole bool) error {
	staff, err := s.svc.StaffList(c, st.HolderAgencyID)
	if err != nil {
		return err
	}
	nextRole := ""
	if st.Step < len(st.Snapshot.Route) {
		nextRole = st.Snapshot.Route[st.Step].Role
	}
	for _, o := range staff {
		if o.Disabled {
			continue
		}
		label := o.FullName + " (" + roleNames(o.Roles) + ")"
		if nextRole == "" || anyRole || slices.Contains(o.Roles, nextRole) {
			src.Officers = append(src.Officers, option{strconv.FormatInt(o.ID, 10), label})
		}
		if slices.Contains(o.Roles, st.AssigneeRole) {
			src.Assignable = append(src.Assignable, option{strconv.FormatInt(o.ID, 10), label})
		}
	}
	return nil
}
