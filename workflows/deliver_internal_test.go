package workflows

import (
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestDeliverMethods: at the desk with who received it, by post with the tracking
// number (which the log keeps), online for a dossier of a citizen's account; a delivery
// by post replayed from a history recorded before the number was required still applies.
func TestDeliverMethods(t *testing.T) {
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)
	desk := Actor{ID: 1, Roles: []string{domain.RoleReception}, AgencyID: 10}
	state := func(owner int64) *State {
		return &State{Seq: 5, Status: domain.StatusProcessed, HolderAgencyID: 10,
			Snapshot: domain.Snapshot{HomeAgencyID: 10, OwnerID: owner}}
	}
	for name, tc := range map[string]struct {
		owner    int64
		d        Decision
		invalid  string // the refusal's message, or "" when accepted
		receiver string
	}{
		"Desk":            {7, Decision{Method: DeliverDesk, ReceivedBy: "Nguyễn Văn An"}, "", "Nguyễn Văn An"},
		"DeskWithoutWho":  {7, Decision{Method: DeliverDesk}, "người nhận", ""},
		"Post":            {7, Decision{Method: DeliverPost, TrackingNumber: " EB123456789VN "}, "", "Gửi qua bưu chính, mã bưu gửi EB123456789VN"},
		"PostWithoutNo":   {7, Decision{Method: DeliverPost}, "mã bưu gửi", ""},
		"PostLegacy":      {7, Decision{Method: DeliverPost, legacyDelivery: true}, "", "Gửi qua bưu chính"},
		"Online":          {7, Decision{Method: DeliverOnline}, "", ReceiverOnline},
		"OnlineNoAccount": {0, Decision{Method: DeliverOnline}, "tài khoản công dân", ""},
		"UnknownMethod":   {7, Decision{Method: "drone"}, "online", ""},
	} {
		t.Run(name, func(t *testing.T) {
			st := state(tc.owner)
			tc.d.Actor = desk
			err := st.check(UpdateDeliver, tc.d, now)
			if tc.invalid != "" {
				if errorType(err) != ErrInvalid || !strings.Contains(err.Error(), tc.invalid) {
					t.Fatalf("got %v, want an invalid refusal about %q", err, tc.invalid)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var out outcome
			st.applyDeliver(tc.d, now, nil, &out)
			if st.Status != domain.StatusDelivered || out.Receiver != tc.receiver {
				t.Fatalf("status %d, receiver %q", st.Status, out.Receiver)
			}
		})
	}
}
