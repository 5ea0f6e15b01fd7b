package app_test

import (
	"net/http"
	"net/url"
	"strconv"
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
		var certify int64
		if err := a.Store.DB().Get(&certify, `UPDATE procedures SET cutoff = '16:00' WHERE code = '2.000815' AND active RETURNING id`); err != nil {
			t.Fatal(err)
		}
		// Hand-worked cases of internal/worktime/cases_test.go, on the civil-code rule set
		// (2, from 2026) and the shipped calendar's latest version (3), and one on the rule
		// set before it (1, instant).
		for _, c := range []struct {
			received, amount, unit, procedure string
			due, deemed, policy               string
			ruleSet                           int
			text                              string
		}{
			{"2026-01-08T09:15:00+07:00", "2", "working_days", "", "2026-01-10T17:00:00+07:00", "2026-01-08T09:15:00+07:00", "civil_code", 2,
				"10/01/2026 (thứ Bảy) Làm bù cho ngày nghỉ 02/01/2026: ngày làm việc thứ 2"},
			{"2026-08-27T09:15:00+07:00", "3", "working_days", "", "2026-09-04T17:00:00+07:00", "2026-08-27T09:15:00+07:00", "civil_code", 2,
				"31/08/2026 (thứ Hai) Nghỉ hoán đổi dịp Quốc khánh"},
			{"2026-03-23T09:15:00+07:00", "4", "working_hours", "", "2026-03-23T15:15:00+07:00", "2026-03-23T09:15:00+07:00", "civil_code", 2, "tính 4 giờ làm việc"},
			{"2026-03-23T15:00:00+07:00", "", "same_day", "", "2026-03-24T17:00:00+07:00", "2026-03-24T07:00:00+07:00", "civil_code", 2,
				"Tiếp nhận từ 15 giờ 00 phút trở đi"},
			{"2026-03-23T15:30:00+07:00", "", "same_day", strconv.FormatInt(certify, 10), "2026-03-23T17:00:00+07:00", "2026-03-23T15:30:00+07:00", "civil_code", 2, ""},
			{"2026-03-23T14:00:00+07:00", "0.5", "working_days", "", "2026-03-24T11:30:00+07:00", "2026-03-23T14:00:00+07:00", "civil_code", 2, "nửa ngày làm việc là buổi sáng"},
			{"2026-03-18T10:00:00+07:00", "4", "calendar_days", "", "2026-03-23T17:00:00+07:00", "2026-03-18T10:00:00+07:00", "civil_code", 2, "Điều 148 Bộ luật Dân sự"},
			// Before 2026, the instant rule set: 31/12/2025 15:30 is after the cut-off; the next
			// working day is Monday 05/01/2026 (01/01 Tết, 02/01 off in exchange).
			{"2025-12-31T15:30:00+07:00", "", "same_day", "", "2026-01-05T17:00:00+07:00", "2026-01-05T07:00:00+07:00", "instant", 1, ""},
		} {
			q := url.Values{"received_at": {c.received}, "unit": {c.unit}}
			for k, v := range map[string]string{"amount": c.amount, "procedure": c.procedure} {
				if v != "" {
					q.Set(k, v)
				}
			}
			var got appointment
			if st := ask(t, q, &got); st != http.StatusOK {
				t.Fatalf("%s: status %d", q.Encode(), st)
			}
			if got.DueAt != c.due || got.DeemedReceivedAt != c.deemed || got.Policy != c.policy || got.RuleSet != c.ruleSet ||
				got.CalendarVersion != 3 || len(got.Steps) < 2 || got.Steps[len(got.Steps)-1].Kind != "due" {
				t.Errorf("%s: %+v", q.Encode(), got)
				continue
			}
			if !strings.Contains(got.Steps[len(got.Steps)-1].Text, got.DueText) || !stepsSay(got, c.text) {
				t.Errorf("%s: due text %q, steps %+v lack %q", q.Encode(), got.DueText, got.Steps, c.text)
			}
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

// stepsSay reports whether some step of a says text.
func stepsSay(a appointment, text string) bool {
	for _, s := range a.Steps {
		if strings.Contains(s.Text, text) {
			return true
		}
	}
	return false
}
