package app_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// appointment is GET /api/v1/deadline's answer.
type appointment struct {
	DueAt            string `json:"due_at"`
	DueText          string `json:"due_text"`
	DeemedReceivedAt string `json:"deemed_received_at"`
	CalendarVersion  int    `json:"calendar_version"`
	RuleSet          int    `json:"rule_set"`
	Policy           string `json:"policy"`
	Steps            []struct {
		Day  string `json:"day"`
		Kind string `json:"kind"`
		Text string `json:"text"`
	} `json:"steps"`
}

// TestDeadlineEndpoint asks GET /api/v1/deadline on the running stack, every answer
// validated against the OpenAPI document.
func TestDeadlineEndpoint(t *testing.T) {
	a := start(t, devConfig(dataDir(t)))
	defer a.Close()
	c := newClient(t, a.URL())
	c.spec = loadSpec(t, a.URL())
	ask := func(t *testing.T, q url.Values, out any) int {
		t.Helper()
		return c.with(t).do(http.MethodGet, "/api/v1/deadline?"+q.Encode(), "", nil, out)
	}
	t.Run("OK", func(t *testing.T) {
		var got appointment
		q := url.Values{"received_at": {"2026-01-08T09:15:00+07:00"}, "amount": {"2"}, "unit": {"working_days"}}
		if st := ask(t, q, &got); st != http.StatusOK {
			t.Fatalf("status %d", st)
		}
		if got.DueAt != "2026-01-10T09:15:00+07:00" || got.DeemedReceivedAt != "2026-01-08T09:15:00+07:00" ||
			got.RuleSet != 1 || got.CalendarVersion != 3 || len(got.Steps) < 3 {
			t.Fatalf("got %+v", got)
		}
		if !strings.Contains(got.Steps[len(got.Steps)-1].Text, "09 giờ 15 phút, ngày 10/01/2026") {
			t.Errorf("last step %q", got.Steps[len(got.Steps)-1].Text)
		}
	})
	t.Run("ErrInvalidQuery", func(t *testing.T) {
		for _, q := range []url.Values{
			{},
			{"received_at": {"2026-01-08"}, "amount": {"2"}, "unit": {"working_days"}},
			{"received_at": {"2026-01-08T09:15:00+07:00"}, "amount": {"0.3"}, "unit": {"working_days"}},
			{"received_at": {"2026-01-08T09:15:00+07:00"}, "amount": {"2"}, "unit": {"weeks"}},
			{"received_at": {"2026-01-08T09:15:00+07:00"}, "amount": {"2"}, "unit": {"working_days"}, "procedure": {"999999"}},
		} {
			var e apiError
			if st := ask(t, q, &e); st != http.StatusBadRequest || e.Error.Code != "invalid_query" || len(e.Error.Fields) == 0 {
				t.Errorf("%s: %d %+v", q.Encode(), st, e)
			}
		}
	})
}
