package workflows

import (
	"errors"
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
	const home, inter, other = 10, 30, 99
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	route := []domain.Step{{Position: 1, Role: domain.RoleLeader, Name: "Lãnh đạo phân công"},
		{Position: 2, Role: domain.RoleSpecialist, Name: "Chuyên viên xử lý"},
		{Position: 3, Role: domain.RoleReception, Name: "Liên thông", InteragencyID: inter, InteragencyName: "Sở Tài chính"},
		{Position: 4, Role: domain.RoleLeader, Name: "Lãnh đạo phê duyệt"}}
	reception := Actor{ID: 1, Roles: []string{domain.RoleReception}, AgencyID: home}
	leader := Actor{ID: 2, Roles: []string{domain.RoleLeader}, AgencyID: home}
	specialist := Actor{ID: 3, Roles: []string{domain.RoleSpecialist}, AgencyID: home}
	interDesk := Actor{ID: 5, Roles: []string{domain.RoleReception}, AgencyID: inter}
	owner := Actor{ID: 7, Roles: []string{domain.RoleCitizen}}
	citizen := Actor{ID: 8, Roles: []string{domain.RoleCitizen}}
	stranger := Actor{ID: 9, AgencyID: other,
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
	cases := map[string]struct {
		st *State
		d  Decision
	}{
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
	}
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

func errorType(err error) string {
	var app *temporal.ApplicationError
	if errors.As(err, &app) {
		return app.Type()
	}
	return "accepted"
}
