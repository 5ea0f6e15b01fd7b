package workflows_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/workflows"
)

// TestIntakeStartsReceived: a dossier handed in at the desk records its submission and its
// receipt by the officer as it starts, at the same moment, with the appointment computed
// from it; a postal one logs its tracking number; the first decision then is the
// transfer to processing.
func TestIntakeStartsReceived(t *testing.T) {
	for _, channel := range []string{domain.ChannelDesk, domain.ChannelPost} {
		t.Run(channel, func(t *testing.T) {
			h := newHarness(t, educationActivity, monday)
			motcua := h.officer("motcua")
			h.intake = &workflows.Intake{Channel: channel, By: motcua, TrackingNumber: "EB123456789VN"}
			h.state(minute, func(st workflows.State) {
				if st.Status != domain.StatusReceived || !st.ReceivedAt.Equal(monday) || st.Seq != 2 {
					t.Errorf("at start: status %v received %v seq %d", st.Status, st.ReceivedAt, st.Seq)
				}
				if st.AssigneeID != motcua.ID || st.DueAt.IsZero() {
					t.Errorf("at start: assignee %d due %v", st.AssigneeID, st.DueAt)
				}
			})
			h.do(2*minute, workflows.UpdateReceive, workflows.Decision{Actor: motcua}, workflows.ErrConflict)
			h.do(3*minute, workflows.UpdateTransfer, workflows.Decision{Actor: motcua}, "")
			h.cancelAt(hour)
			h.run()
			es := h.events()
			want := []string{domain.ActionSubmittedDesk, domain.ActionReceived, domain.ActionTransferred}
			if channel == domain.ChannelPost {
				want[0] = domain.ActionSubmittedPost
			}
			if got := actions(es); !slices.Equal(got, want) {
				t.Fatalf("log %v, want %v", got, want)
			}
			if !es[0].At.Equal(es[1].At) || es[1].ActorName != motcua.Name || es[1].Status != domain.StatusReceived {
				t.Errorf("receipt row %+v after %+v", es[1], es[0])
			}
			if channel == domain.ChannelPost && !strings.Contains(es[0].Note, "EB123456789VN") {
				t.Errorf("postal submission row without its tracking number: %q", es[0].Note)
			}
			if p := h.projection(); p.ReceivedAt == nil || !p.ReceivedAt.Equal(monday) {
				t.Errorf("projected received_at %v", p.ReceivedAt)
			}
		})
	}
}

// TestIntakeReceiptRefused: an officer who may not receive (a specialist) leaves the
// dossier waiting at the desk, as an online submission would.
func TestIntakeReceiptRefused(t *testing.T) {
	h := newHarness(t, educationActivity, monday)
	h.intake = &workflows.Intake{Channel: domain.ChannelDesk, By: h.officer("chuyenvien")}
	h.do(minute, workflows.UpdateReceive, workflows.Decision{Actor: h.officer("motcua")}, "")
	h.cancelAt(hour)
	h.run()
	if got := actions(h.events()); !slices.Equal(got, []string{domain.ActionSubmittedDesk, domain.ActionReceived}) {
		t.Fatalf("log %v", got)
	}
}
