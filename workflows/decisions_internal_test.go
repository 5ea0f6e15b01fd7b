package workflows

import (
	"errors"
	"slices"
	"testing"
	"time"

	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestDecisionChecksRefuseStrangers: for every decision of the table, in a state where
// its rightful actor may make it, the check refuses (forbidden) a citizen, or another
// citizen for the citizen's own decisions, and an officer of another agency holding
// every officer role.
func TestDecisionChecksRefuseStrangers(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cases, owner, citizen, stranger := rightfulCases(now)
	for _, dec := range table {
		t.Run(dec.Name, func(t *testing.T) {
			tc, ok := cases[dec.Name]
			if !ok {
				t.Fatalf("no case for decision %q: add one", dec.Name)
			}
			if err := tc.st.check(dec.Name, tc.d, now); err != nil {
				t.Fatalf("the rightful actor is refused: %v", err)
			}
			outsiders := map[string]Actor{"citizen": owner, "officer of another agency": stranger}
			if dec.Roles[0] == domain.RoleCitizen {
				outsiders["citizen"] = citizen
			}
			for who, a := range outsiders {
				d := tc.d
				d.Actor = a
				if err := tc.st.check(dec.Name, d, now); errorType(err) != ErrForbidden {
					t.Errorf("%s: %v, want %s", who, err, ErrForbidden)
				}
			}
		})
	}
}

// rightfulCase is a state in which a decision's rightful actor may make it with d.
type rightfulCase struct {
	st *State
	d  Decision
}

// rightfulCases returns a rightful case for every decision, the dossier's owner, another
// citizen and an officer of another agency holding every officer role.
func rightfulCases(now time.Time) (cases map[string]rightfulCase, owner, citizen, stranger Actor) {
	const home, inter, other = 10, 30, 99
	route := []domain.Step{{Position: 1, Role: domain.RoleLeader, Name: "Lãnh đạo phân công"},
		{Position: 2, Role: domain.RoleSpecialist, Name: "Chuyên viên xử lý"},
		{Position: 3, Role: domain.RoleReception, Name: "Liên thông", InteragencyID: inter, InteragencyName: "Sở Tài chính"},
		{Position: 4, Role: domain.RoleLeader, Name: "Lãnh đạo phê duyệt"}}
	reception := Actor{ID: 1, Roles: []string{domain.RoleReception}, AgencyID: home}
	leader := Actor{ID: 2, Roles: []string{domain.RoleLeader}, AgencyID: home}
	specialist := Actor{ID: 3, Roles: []string{domain.RoleSpecialist}, AgencyID: home}
	interDesk := Actor{ID: 5, Roles: []string{domain.RoleReception}, AgencyID: inter}
	owner = Actor{ID: 7, Roles: []string{domain.RoleCitizen}}
	citizen = Actor{ID: 8, Roles: []string{domain.RoleCitizen}}
	stranger = Actor{ID: 9, AgencyID: other,
		Roles: []string{domain.RoleReception, domain.RoleLeader, domain.RoleSpecialist, domain.RoleClerk}}

	state := func(status domain.Status, step int, role string) *State {
		return &State{Seq: 1, Status: status, Step: step, AssigneeRole: role, HolderAgencyID: home,
			Snapshot: domain.Snapshot{HomeAgencyID: home, OwnerID: owner.ID, Route: route}, DueAt: now.Add(72 * time.Hour)}
	}
	away := func(stage string, role string) *State {
		st := state(domain.StatusProcessing, 3, role)
		st.HolderAgencyID, st.Interagency = inter, stage
		return st
	}
	received := func(st *State) *State { // received now, for three working days
		st.ReceivedAt, st.Snapshot.ProcessingDays, st.Rules.Calendar = now, 3, domain.DefaultCalendarSpec()
		return st
	}
	cases = map[string]rightfulCase{
		UpdateReceive:             {state(domain.StatusNew, 0, domain.RoleReception), Decision{Actor: reception}},
		UpdateRefuse:              {state(domain.StatusNew, 0, domain.RoleReception), Decision{Actor: reception, Reasons: []string{"Sai thẩm quyền"}}},
		UpdateRequestSupplement:   {state(domain.StatusProcessing, 2, domain.RoleSpecialist), Decision{Actor: specialist, Components: []string{"Bản sao"}}},
		UpdateTransfer:            {state(domain.StatusReceived, 0, domain.RoleReception), Decision{Actor: reception}},
		UpdateTransferInteragency: {state(domain.StatusProcessing, 2, domain.RoleSpecialist), Decision{Actor: specialist}},
		UpdateReceiveInteragency:  {away(InteragencySent, domain.RoleReception), Decision{Actor: interDesk}},
		UpdateReturnInteragency:   {away(InteragencyReceived, domain.RoleSpecialist), Decision{Actor: interDesk}},
		UpdateRequestPayment:      {state(domain.StatusProcessing, 2, domain.RoleSpecialist), Decision{Actor: specialist, AmountVND: 50000}},
		UpdateConfirmPayment:      {state(domain.StatusPaymentRequested, 2, domain.RoleSpecialist), Decision{Actor: reception}},
		UpdateFinish:              {state(domain.StatusProcessing, 4, domain.RoleLeader), Decision{Actor: leader, ResultRef: "QĐ-1"}},
		UpdateExtend:              {state(domain.StatusProcessing, 1, domain.RoleLeader), Decision{Actor: leader, NewDueAt: now.Add(200 * time.Hour), Note: "Cần xác minh"}},
		UpdateStop:                {state(domain.StatusProcessing, 1, domain.RoleLeader), Decision{Actor: leader, Reasons: []string{"Giả mạo"}}},
		UpdateDeliver:             {state(domain.StatusProcessed, 4, domain.RoleReception), Decision{Actor: reception, Method: "post", TrackingNumber: "EB123456789VN"}},
		UpdateSupplement:          {state(domain.StatusSupplementRequested, 0, domain.RoleReception), Decision{Actor: owner}},
		UpdateWithdraw:            {state(domain.StatusNew, 0, domain.RoleReception), Decision{Actor: owner}},
		UpdateAssign:              {state(domain.StatusProcessing, 2, domain.RoleSpecialist), Decision{Actor: leader, ToOfficerID: specialist.ID}},
		UpdateCalendarChanged:     {received(state(domain.StatusProcessing, 2, domain.RoleSpecialist)), Decision{Actor: systemActor, Calendar: &domain.CalendarChange{Version: 2, Holidays: []string{"2026-11-24"}}}},
	}
	return cases, owner, citizen, stranger
}

// TestInvalidInputsNameTheirField: a decision refused for its inputs names the input
// (one of the decision's Fields), so that the console marks it: each decision is checked
// with no inputs at all, and with each bad input below.
func TestInvalidInputsNameTheirField(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	cases, _, _, _ := rightfulCases(now)
	bad := map[string][]struct {
		change func(*Decision)
		field  string
	}{
		UpdateRefuse:            {{func(d *Decision) { d.Reasons = []string{" "} }, "reasons"}},
		UpdateRequestSupplement: {{func(d *Decision) { d.Components = nil }, "components"}},
		UpdateRequestPayment:    {{func(d *Decision) { d.AmountVND = -5 }, "amount_vnd"}},
		UpdateFinish:            {{func(d *Decision) { d.ResultRef = " " }, "result_ref"}},
		UpdateExtend: {{func(d *Decision) { d.NewDueAt = now }, "new_due_at"},
			{func(d *Decision) { d.Note = "" }, "note"}},
		UpdateStop: {{func(d *Decision) { d.Reasons = nil }, "reasons"}},
		UpdateDeliver: {{func(d *Decision) { d.Method = "drone" }, "method"},
			{func(d *Decision) { d.Method, d.ReceivedBy = "desk", "" }, "received_by"}},
		UpdateAssign: {{func(d *Decision) { d.ToOfficerID = 0 }, "officer_id"}},
	}
	for _, dec := range table {
		tc, ok := cases[dec.Name]
		if !ok {
			t.Errorf("no case for decision %q: add one to rightfulCases", dec.Name)
			continue
		}
		if slices.Equal(dec.Roles, []string{domain.RoleSystem}) {
			continue // the system's decisions have no form: nothing to point at
		}
		fields := map[string]bool{}
		for _, f := range dec.Fields {
			fields[f.Name] = true
		}
		err := tc.st.check(dec.Name, Decision{Actor: tc.d.Actor}, now)
		if field := invalidFieldOf(err); errorType(err) == ErrInvalid && !fields[field] {
			t.Errorf("%s with no inputs: %v names %q, not one of its fields", dec.Name, err, field)
		}
		for _, b := range bad[dec.Name] {
			d := tc.d
			b.change(&d)
			err := tc.st.check(dec.Name, d, now)
			if got := invalidFieldOf(err); errorType(err) != ErrInvalid || got != b.field || !fields[got] {
				t.Errorf("%s with a bad %s: %v naming %q", dec.Name, b.field, err, got)
			}
		}
	}
}

func invalidFieldOf(err error) string {
	var app *temporal.ApplicationError
	errors.As(err, &app)
	return InvalidField(app)
}

func errorType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return "accepted"
}

// TestStopRefusedOnceProcessed: a leader may stop a dossier at every open status but
// processed (9), whose result is ready and can only be delivered.
func TestStopRefusedOnceProcessed(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	leader := Actor{ID: 2, Roles: []string{domain.RoleLeader}, AgencyID: 10}
	d := Decision{Actor: leader, Reasons: []string{"Hồ sơ giả mạo"}}
	for _, s := range []domain.Status{domain.StatusNew, domain.StatusReceived, domain.StatusProcessing,
		domain.StatusSupplementRequested, domain.StatusPaymentRequested, domain.StatusProcessed} {
		st := &State{Seq: 1, Status: s, HolderAgencyID: 10, Snapshot: domain.Snapshot{HomeAgencyID: 10}}
		want := "accepted"
		if s == domain.StatusProcessed {
			want = ErrConflict
		}
		if got := errorType(st.check(UpdateStop, d, now)); got != want {
			t.Errorf("stop at status %d: %s, want %s", s, got, want)
		}
	}
}
