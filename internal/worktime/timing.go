package worktime

import "time"

// CompletionTiming compares a completion at now with its deadline: "early" when a full
// working day ahead, "on_time" up to the deadline, "late" after it, "" without a deadline.
func CompletionTiming(now, deadline time.Time, cal *Calendar) string {
	switch {
	case deadline.IsZero():
		return ""
	case now.After(deadline):
		return "late"
	case cal.Between(now, deadline) >= cal.Day():
		return "early"
	}
	return "on_time"
}
