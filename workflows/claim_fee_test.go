package workflows_test

import (
	"slices"
	"testing"

	"go.temporal.io/sdk/workflow"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// TestClaim: an officer who takes a pooled step for themself is logged as claiming it
// ("claim", no receiver) and nobody is notified; a leader's assignment to another officer
// stays an assignment with a notice. A run that claimed before ChangeClaimLogged (its
// GetVersion answering DefaultVersion, as a running dossier's replay does) keeps logging
// the claim as an assignment with a notice to the officer.
func TestClaim(t *testing.T) {
	for _, tc := range []struct {
		name    string
		version workflow.Version
		action  string
		notices int
	}{
		{"Current", 1, domain.ActionClaimed, 0},
		{"BeforeTheChange", workflow.DefaultVersion, domain.ActionAssigned, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, educationActivity, monday)
			h.env.OnGetVersion(workflows.ChangeClaimLogged, workflow.DefaultVersion, 1).Return(tc.version)
			motcua, lanhdao, chuyenvien := h.officer("motcua"), h.officer("lanhdao"), h.officer("chuyenvien")
			h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
			h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
			h.do(3*minute, workflows.UpdateTransfer, workflows.Decision{Actor: lanhdao}, "") // to the specialists' pool
			h.do(4*minute, workflows.UpdateAssign, workflows.Decision{Actor: chuyenvien, ToOfficerID: chuyenvien.ID,
				ToOfficerName: chuyenvien.Name}, "")
			h.do(5*minute, workflows.UpdateAssign, workflows.Decision{Actor: lanhdao, ToOfficerID: lanhdao.ID,
				ToOfficerName: lanhdao.Name}, "") // a leader may take the step too: a claim
			h.do(6*minute, workflows.UpdateAssign, workflows.Decision{Actor: lanhdao, ToOfficerID: chuyenvien.ID,
				ToOfficerName: chuyenvien.Name}, "")
			h.state(7*minute, func(st workflows.State) {
				if st.AssigneeID != chuyenvien.ID {
					t.Errorf("assignee %d, want %d", st.AssigneeID, chuyenvien.ID)
				}
			})
			h.cancelAt(hour)
			h.run()
			es := h.events()
			want := []string{"submitted", "receive", "transfer", "transfer", tc.action, tc.action, "assign"}
			if got := actions(es); !slices.Equal(got, want) {
				t.Fatalf("log %v, want %v", got, want)
			}
			if tc.action == domain.ActionClaimed && (es[4].Receiver != "" || es[5].Receiver != "") {
				t.Errorf("claims name a receiver: %q, %q", es[4].Receiver, es[5].Receiver)
			}
			if es[6].Receiver != chuyenvien.Name {
				t.Errorf("assignment's receiver %q", es[6].Receiver)
			}
			bySeq := map[int]int{}
			for _, n := range h.notified(domain.NotifyAssigned, "officer") {
				if n.Seq != nil {
					bySeq[*n.Seq]++
				}
			}
			if bySeq[5] != tc.notices || bySeq[6] != tc.notices || bySeq[7] != 1 {
				t.Errorf("notices of the claims %d and %d, of the assignment %d; want %d, %d, 1",
					bySeq[5], bySeq[6], bySeq[7], tc.notices, tc.notices)
			}
		})
	}
}

// TestFeeFreeProcedure: a procedure marked "Không thu phí" takes no request for payment,
// and nobody is offered one; a procedure with a fee does (TestInteragencyAndPayment).
func TestFeeFreeProcedure(t *testing.T) {
	h := newHarness(t, educationActivity, monday) // fee 0 in the demo catalogue
	motcua, lanhdao := h.officer("motcua"), h.officer("lanhdao")
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, "")
	h.do(2*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
	h.do(3*minute, workflows.UpdateRequestPayment, workflows.Decision{Actor: lanhdao, AmountVND: 50000}, workflows.ErrConflict)
	h.state(4*minute, func(st workflows.State) {
		if !st.Snapshot.FeeFree {
			t.Error("the snapshot of a fee-free procedure is not marked FeeFree")
		}
		if got := st.Allowed(lanhdao, monday.Add(4*minute)); slices.Contains(got, workflows.UpdateRequestPayment) {
			t.Errorf("request_payment offered on a fee-free procedure: %v", got)
		}
		if st.Status != domain.StatusProcessing {
			t.Errorf("status %v", st.Status)
		}
	})
	h.cancelAt(hour)
	h.run()
	if got := actions(h.events()); !slices.Equal(got, []string{"submitted", "receive", "transfer"}) {
		t.Fatalf("log %v", got)
	}
}
