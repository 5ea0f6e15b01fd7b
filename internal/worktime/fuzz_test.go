package worktime

import (
	"testing"
	"time"
)

// FuzzAddBetween: for any start and any amount of work, the end is in office hours and
// exactly that much work lies between them.
func FuzzAddBetween(f *testing.F) {
	f.Add(int64(0), int64(60))
	f.Add(int64(1_000_000), int64(8*60))
	f.Add(int64(-5_000_000), int64(45*8*60))
	f.Fuzz(func(t *testing.T, offsetMinutes, workMinutes int64) {
		if workMinutes < 0 || workMinutes > 400*8*60 || offsetMinutes < -20_000_000 || offsetMinutes > 20_000_000 {
			return
		}
		start := vn(2026, 1, 1, 0, 0).Add(time.Duration(offsetMinutes) * time.Minute)
		w := time.Duration(workMinutes) * time.Minute
		end := testCal.Add(start, w)
		if !testCal.InOffice(end) {
			t.Fatalf("Add(%v, %v) = %v outside office hours", start, w, end)
		}
		if got := testCal.Between(start, end); got != w {
			t.Fatalf("Between(%v, %v) = %v, want %v", start, end, got, w)
		}
	})
}
