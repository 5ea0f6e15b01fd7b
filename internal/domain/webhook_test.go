package domain

import (
	"fmt"
	"testing"
)

func TestWebhookEvents(t *testing.T) {
	cases := []struct {
		action string
		prev   Status
		status Status
		want   string
	}{
		{ActionSubmitted, 0, 1, "[dossier.submitted]"},
		{ActionReceived, 1, 2, "[dossier.received dossier.status_changed]"},
		{ActionTransferred, 4, 4, "[]"},
		{ActionFinished, 4, 9, "[dossier.result_ready dossier.status_changed]"},
		{ActionOverdue, 4, 4, "[dossier.overdue]"},
		{ActionWithdrawn, 1, 7, "[dossier.status_changed]"},
	}
	for _, tc := range cases {
		got := fmt.Sprint(WebhookEvents(Event{Action: tc.action, Status: tc.status}, tc.prev))
		if got != tc.want {
			t.Errorf("%s %d→%d: %s, want %s", tc.action, tc.prev, tc.status, got, tc.want)
		}
	}
}
