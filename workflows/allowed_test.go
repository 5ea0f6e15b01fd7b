package workflows_test

import (
	"slices"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// TestAllowed: the decisions offered to each officer are exactly those the validator
// accepts in each state, whatever inputs the forms still have to collect.
func TestAllowed(t *testing.T) {
	const home, other = 10, 20
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	route := []domain.Step{{Position: 1, Role: domain.RoleLeader, Name: "Lãnh đạo phân công"},
		{Position: 2, Role: domain.RoleSpecialist, Name: "Chuyên viên xử lý"},
		{Position: 3, Role: domain.RoleLeader, Name: "Lãnh đạo phê duyệt"}}
	base := workflows.State{Seq: 1, Snapshot: domain.Snapshot{HomeAgencyID: home, Route: route}, HolderAgencyID: home,
		DueAt: now.Add(72 * time.Hour)}
	reception := workflows.Actor{ID: 1, Roles: []string{domain.RoleReception}, AgencyID: home}
	leader := workflows.Actor{ID: 2, Roles: []string{domain.RoleLeader}, AgencyID: home}
	specialist := workflows.Actor{ID: 3, Roles: []string{domain.RoleSpecialist}, AgencyID: home}
	stranger := workflows.Actor{ID: 4, Roles: []string{domain.RoleReception}, AgencyID: other}
	supervisor := workflows.Actor{ID: 5, Roles: []string{domain.RoleSupervisor}}
	state := func(status domain.Status, step int, role string, assignee int64) workflows.State {
		st := base
		st.Status, st.Step, st.AssigneeRole, st.AssigneeID = status, step, role, assignee
		return st
	}
	cases := []struct {
		name   string
		st     workflows.State
		actor  workflows.Actor
		want   []string
		claim  bool
		assign bool
	}{
		{"NewForReception", state(domain.StatusNew, 0, domain.RoleReception, 0), reception,
			[]string{"receive", "refuse", "request_supplement"}, true, false},
		{"NewForLeader", state(domain.StatusNew, 0, domain.RoleReception, 0), leader, []string{"stop"}, true, true},
		{"NewForAnotherAgency", state(domain.StatusNew, 0, domain.RoleReception, 0), stranger, []string{}, false, false},
		{"NewForSupervisor", state(domain.StatusNew, 0, domain.RoleReception, 0), supervisor, []string{}, false, false},
		{"ReceivedForReception", state(domain.StatusReceived, 0, domain.RoleReception, 0), reception,
			[]string{"request_supplement", "transfer"}, true, false},
		{"FirstStepForLeader", state(domain.StatusProcessing, 1, domain.RoleLeader, 0), leader,
			[]string{"request_supplement", "transfer", "request_payment", "extend", "stop"}, true, true},
		{"SpecialistStepAssignedToAnother", state(domain.StatusProcessing, 2, domain.RoleSpecialist, 99), specialist,
			[]string{}, false, false},
		{"SpecialistStepAssigned", state(domain.StatusProcessing, 2, domain.RoleSpecialist, 3), specialist,
			[]string{"request_supplement", "transfer", "request_payment"}, false, false},
		{"LastStep", state(domain.StatusProcessing, 3, domain.RoleLeader, 2), leader,
			[]string{"request_supplement", "transfer", "request_payment", "finish", "extend", "stop"}, false, true},
		{"LastStepFeeFree", func() workflows.State {
			st := state(domain.StatusProcessing, 3, domain.RoleLeader, 2)
			st.Snapshot.FeeFree = true
			return st
		}(),
			leader, []string{"request_supplement", "transfer", "finish", "extend", "stop"}, false, true},
		{"ProcessedForReception", state(domain.StatusProcessed, 3, domain.RoleReception, 0), reception,
			[]string{"deliver"}, true, false},
		{"Delivered", state(domain.StatusDelivered, 3, "", 0), reception, []string{}, false, false},
		{"Starting", func() workflows.State {
			st := state(domain.StatusNew, 0, domain.RoleReception, 0)
			st.Seq = 0
			return st
		}(),
			reception, []string{}, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.st.Allowed(tc.actor, now); !slices.Equal(got, tc.want) {
				t.Errorf("Allowed = %v, want %v", got, tc.want)
			}
			if got := tc.st.MayClaim(tc.actor, now); got != tc.claim {
				t.Errorf("MayClaim = %v, want %v", got, tc.claim)
			}
			if got := tc.st.MayAssign(tc.actor, now); got != tc.assign {
				t.Errorf("MayAssign = %v, want %v", got, tc.assign)
			}
		})
	}
	// Transfer at the last step is only back; at the first, only forward.
	last := state(domain.StatusProcessing, 3, domain.RoleLeader, 2)
	if last.Allows("transfer", workflows.Decision{Actor: leader}, now) || !last.Allows("transfer", workflows.Decision{Actor: leader, Back: true}, now) {
		t.Error("transfer at the last step should be allowed back only")
	}
	// A deadline that has passed closes the apology.
	late := state(domain.StatusProcessing, 1, domain.RoleLeader, 0)
	late.DueAt = now.Add(-time.Hour)
	if slices.Contains(late.Allowed(leader, now), "extend") {
		t.Error("extend offered after the appointment date")
	}
}
