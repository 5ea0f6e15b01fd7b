package worktime_test

import (
	"strings"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/calendar"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// calendarOf is the worktime calendar of calendar version n (the latest for 0) with the
// default office hours and cut-off, naming its days.
func calendarOf(t testing.TB, n int) *worktime.Calendar {
	t.Helper()
	h := calendar.Default()
	v := h.Latest()
	if n != 0 {
		var ok bool
		if v, ok = h.Version(n); !ok {
			t.Fatalf("no calendar version %d", n)
		}
	}
	c, err := worktime.New(v.Spec(domain.DefaultCalendarSpec()))
	if err != nil {
		t.Fatal(err)
	}
	if c, err = c.WithNames(v.Names()); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHandWorked checks the due moments worked out by hand (cases_test.go,
// pause_cases_test.go).
func TestHandWorked(t *testing.T) {
	all := append(append([]handCase{}, handCases...), pauseCases...)
	if len(all) < 30 {
		t.Fatalf("only %d hand-worked cases", len(all))
	}
	for _, tc := range all {
		t.Run(tc.name, func(t *testing.T) {
			cal := calendarOf(t, tc.version)
			r, err := cal.Timeline(tc.at, tc.dur, tc.cutoff, tc.policy, tc.stops)
			if err != nil {
				t.Fatal(err)
			}
			if !r.DueAt.Equal(tc.want) {
				t.Errorf("due %s, want %s", worktime.FormatMoment(r.DueAt), worktime.FormatMoment(tc.want))
			}
			if !tc.deemed.IsZero() && !r.DeemedReceivedAt.Equal(tc.deemed) {
				t.Errorf("deemed received %s, want %s", worktime.FormatMoment(r.DeemedReceivedAt), worktime.FormatMoment(tc.deemed))
			}
			last := r.Steps[len(r.Steps)-1]
			if last.Kind != worktime.StepDue || last.Text != "Hẹn trả kết quả: "+worktime.FormatMoment(tc.want)+"." {
				t.Errorf("last step %+v does not print the due moment", last)
			}
			for _, want := range tc.texts {
				if !hasText(r.Steps, want) {
					t.Errorf("no step says %q:\n%s", want, stepsText(r.Steps))
				}
			}
			if t.Failed() {
				t.Log("\n" + stepsText(r.Steps))
			}
		})
	}
}

func hasText(steps []worktime.Step, s string) bool {
	for _, st := range steps {
		if strings.Contains(st.Text, s) {
			return true
		}
	}
	return false
}

func stepsText(steps []worktime.Step) string {
	var b strings.Builder
	for _, s := range steps {
		b.WriteString("  " + string(s.Kind) + ": " + s.Text + "\n")
	}
	return b.String()
}

// TestOpenPause: a pause still running has no due moment, only the working time left
// (22h, as in Pause/AcrossTet), and resuming with that time gives the closed pause's due.
func TestOpenPause(t *testing.T) {
	cal := calendarOf(t, 0)
	open := pause([5]int{2026, 2, 10, 9, 0}, [5]int{})
	r, err := cal.Timeline(at(2026, 2, 9, 9, 0), days(3), "", civilCode, []worktime.Interruption{open})
	if err != nil {
		t.Fatal(err)
	}
	if !r.Paused || !r.DueAt.IsZero() || r.Remaining != 22*time.Hour {
		t.Fatalf("paused %v, due %v, remaining %v", r.Paused, r.DueAt, r.Remaining)
	}
	if got := cal.Add(at(2026, 2, 13, 10, 0), r.Remaining); !got.Equal(at(2026, 2, 25, 8, 0)) {
		t.Fatalf("resumed: %v", got)
	}
}

func TestDeadlineRejects(t *testing.T) {
	cal := calendarOf(t, 0)
	for name, call := range map[string]func() error{
		"ZeroDays":     func() error { _, err := cal.Deadline(at(2026, 3, 23, 9, 0), days(0), "", civilCode); return err },
		"ThirdOfADay":  func() error { _, err := cal.Deadline(at(2026, 3, 23, 9, 0), days(0.3), "", civilCode); return err },
		"HalfCalendar": func() error { _, err := cal.Deadline(at(2026, 3, 23, 9, 0), calDays(1.5), "", civilCode); return err },
		"UnknownUnit": func() error {
			_, err := cal.Deadline(at(2026, 3, 23, 9, 0), domain.Duration{Amount: 1, Unit: "weeks"}, "", civilCode)
			return err
		},
		"UnknownPolicy": func() error { _, err := cal.Deadline(at(2026, 3, 23, 9, 0), days(1), "", "lunar"); return err },
		"BadCutoff":     func() error { _, err := cal.Deadline(at(2026, 3, 23, 9, 0), days(1), "3pm", civilCode); return err },
		"PauseBeforeReceipt": func() error {
			_, err := cal.Timeline(at(2026, 3, 23, 9, 0), days(1), "", civilCode,
				[]worktime.Interruption{pause([5]int{2026, 3, 20, 9, 0}, [5]int{2026, 3, 24, 9, 0})})
			return err
		},
		"ResumeBeforePause": func() error {
			_, err := cal.Timeline(at(2026, 3, 23, 9, 0), days(1), "", civilCode,
				[]worktime.Interruption{pause([5]int{2026, 3, 24, 9, 0}, [5]int{2026, 3, 23, 10, 0})})
			return err
		},
		"OpenPauseNotLast": func() error {
			_, err := cal.Timeline(at(2026, 3, 23, 9, 0), days(1), "", civilCode, []worktime.Interruption{
				pause([5]int{2026, 3, 23, 10, 0}, [5]int{}), pause([5]int{2026, 3, 24, 9, 0}, [5]int{2026, 3, 24, 10, 0})})
			return err
		},
	} {
		if call() == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestFormat(t *testing.T) {
	cases := []struct{ got, want string }{
		{worktime.FormatMoment(at(2026, 3, 23, 17, 0)), "17 giờ 00 phút, ngày 23/03/2026"},
		// 02:05 UTC is 09:05 in Vietnam.
		{worktime.FormatMoment(time.Date(2026, 1, 2, 2, 5, 0, 0, time.UTC)), "09 giờ 05 phút, ngày 02/01/2026"},
		{worktime.FormatDate(time.Date(2026, 12, 31, 18, 0, 0, 0, time.UTC)), "01/01/2027"},
		{worktime.FormatWorkingTime(13*time.Hour + 30*time.Minute), "13 giờ 30 phút"},
		{worktime.FormatWorkingTime(8 * time.Hour), "8 giờ"},
		{worktime.FormatWorkingTime(45 * time.Minute), "45 phút"},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestWithNamesRejects(t *testing.T) {
	if _, err := calendarOf(t, 0).WithNames(map[string]string{"01/01/2026": "Tết"}); err == nil {
		t.Fatal("accepted a name keyed by a non-ISO date")
	}
}
