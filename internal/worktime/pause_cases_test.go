package worktime_test

import (
	"time"

	"github.com/dvc-project/dvc/internal/worktime"
)

func pause(from, to [5]int) worktime.Interruption {
	return worktime.Interruption{From: atA(from), To: atA(to), Reason: "bổ sung hồ sơ"}
}

func restartAt(from, to [5]int) worktime.Interruption {
	s := pause(from, to)
	s.Restart = true
	return s
}

// atA is at with its arguments in an array (zero: the zero time).
func atA(a [5]int) time.Time {
	if a == [5]int{} {
		return time.Time{}
	}
	return at(a[0], time.Month(a[1]), a[2], a[3], a[4])
}

// pauseCases: pauses (pause-and-resume) and restarts on top of the due moment.
var pauseCases = []handCase{
	// Received Mon 09/02/2026 09:00, 3 wd: due Thu 12/02 17:00. Paused Tue 10/02 09:00 →
	// Fri 13/02 10:00: left = Tue 09:00–17:00 (6h) + Wed 8h + Thu 8h = 22h. From Fri 10:00:
	// Fri 5h (17h left), 14–22/02 off (Tết), Mon 23 8h, Tue 24 8h, Wed 25/02 07:00 + 1h → 08:00.
	{name: "Pause/AcrossTet", at: at(2026, 2, 9, 9, 0), dur: days(3), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2026, 2, 10, 9, 0}, [5]int{2026, 2, 13, 10, 0})},
		want:  at(2026, 2, 25, 8, 0), texts: []string{"thời hạn còn 22 giờ làm việc"}},
	// The same under the restart policy: the supplement arrives Fri 13/02 10:00, day 0 of a
	// new count; 14–22/02 off; wd1–3 Mon 23 – Wed 25/02 → Wed 25/02 17:00.
	{name: "Restart/AcrossTet", at: at(2026, 2, 9, 9, 0), dur: days(3), policy: civilCode,
		stops: []worktime.Interruption{restartAt([5]int{2026, 2, 10, 9, 0}, [5]int{2026, 2, 13, 10, 0})},
		want:  at(2026, 2, 25, 17, 0), texts: []string{"tính lại toàn bộ thời hạn từ 10 giờ 00 phút, ngày 13/02/2026"}},
	// A pause inside the day of receipt costs nothing under the civil code: received Mon
	// 23/03 10:00, 1 wd, due Tue 24/03 17:00; paused 10:30–16:00 the same Monday, which does
	// not count → still Tue 17:00.
	{name: "Pause/InsideReceiptDay", at: at(2026, 3, 23, 10, 0), dur: days(1), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 23, 10, 30}, [5]int{2026, 3, 23, 16, 0})},
		want:  at(2026, 3, 24, 17, 0)},
	// Today's rule shifts by the paused working time: due Tue 24/03 10:00; paused Mon
	// 10:30–11:30 and 13:30–16:00 = 3h30 → Tue 10:00 + 3h30 = 10:00–11:30, 13:30 + 2h → 15:30.
	{name: "Pause/InsideReceiptDay/Instant", at: at(2026, 3, 23, 10, 0), dur: days(1), policy: instant,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 23, 10, 30}, [5]int{2026, 3, 23, 16, 0})},
		want:  at(2026, 3, 24, 15, 30)},
	// Paused when already late (due Tue 24/03 17:00, paused Wed 25/03 09:00 → Thu 26/03
	// 09:00): the civil-code count leaves the due moment where it is.
	{name: "Pause/AfterDue", at: at(2026, 3, 23, 10, 0), dur: days(1), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 25, 9, 0}, [5]int{2026, 3, 26, 9, 0})},
		want:  at(2026, 3, 24, 17, 0), texts: []string{"đã quá hạn trước khi tạm dừng"}},
	// Today's workflow sets the due moment to the resumption (nothing left): Thu 26/03 09:00.
	{name: "Pause/AfterDue/Instant", at: at(2026, 3, 23, 10, 0), dur: days(1), policy: instant,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 25, 9, 0}, [5]int{2026, 3, 26, 9, 0})},
		want:  at(2026, 3, 26, 9, 0)},
	// Across the new-year swap: received Mon 29/12/2025 10:00, 3 wd: wd1 Tue 30/12, wd2 Wed
	// 31/12, (01/01, 02/01, 03–04 off) wd3 Mon 05/01 → due Mon 05/01 17:00. Paused Wed 31/12
	// 09:00 → Sat 10/01 08:00 (worked): left = Wed 6h + Mon 05/01 8h = 14h. Sat 08:00–17:00
	// gives 7h; Sun off; Mon 12/01 07:00 + 7h = 07:00–11:30, 13:30 + 2h30 → 16:00.
	{name: "Pause/AcrossNewYearSwap", at: at(2025, 12, 29, 10, 0), dur: days(3), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2025, 12, 31, 9, 0}, [5]int{2026, 1, 10, 8, 0})},
		want:  at(2026, 1, 12, 16, 0)},
	// A pause then a restart: received Mon 02/03 09:00, 5 wd → Mon 09/03 17:00. Paused Wed
	// 04/03 13:30 → Thu 05/03 13:30 (8h of working time) → Tue 10/03 17:00. Then a restart
	// at Wed 11/03 08:00: day 0 Wed 11/03; wd1–5 Thu 12 – Wed 18/03 → Wed 18/03 17:00.
	{name: "Pause/ThenRestart", at: at(2026, 3, 2, 9, 0), dur: days(5), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 4, 13, 30}, [5]int{2026, 3, 5, 13, 30}),
			restartAt([5]int{2026, 3, 10, 16, 0}, [5]int{2026, 3, 11, 8, 0})},
		want: at(2026, 3, 18, 17, 0), texts: []string{"Hẹn trả kết quả: 17 giờ 00 phút, ngày 10/03/2026."}},
	// Two pauses: as above to Tue 10/03 17:00, then paused Tue 16:00 → Wed 11/03 08:00 (1h
	// left; resumes at 08:00) → Wed 11/03 09:00.
	{name: "Pause/Twice", at: at(2026, 3, 2, 9, 0), dur: days(5), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 4, 13, 30}, [5]int{2026, 3, 5, 13, 30}),
			pause([5]int{2026, 3, 10, 16, 0}, [5]int{2026, 3, 11, 8, 0})},
		want: at(2026, 3, 11, 9, 0)},
	// A pause over a weekend, outside office hours, changes nothing: received Thu 19/03
	// 10:00, 2 wd → Mon 23/03 17:00; paused Fri 20/03 17:30 → Mon 23/03 06:00.
	{name: "Pause/WeekendOnly", at: at(2026, 3, 19, 10, 0), dur: days(2), policy: civilCode,
		stops: []worktime.Interruption{pause([5]int{2026, 3, 20, 17, 30}, [5]int{2026, 3, 23, 6, 0})},
		want:  at(2026, 3, 23, 17, 0)},
}
