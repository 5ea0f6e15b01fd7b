package worktime_test

import (
	"time"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/worktime"
)

// at builds an instant in Vietnam.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, worktime.Location)
}

func days(n float64) domain.Duration { return domain.Duration{Amount: n, Unit: domain.UnitWorkingDays} }
func hoursOf(n float64) domain.Duration {
	return domain.Duration{Amount: n, Unit: domain.UnitWorkingHours}
}
func calDays(n float64) domain.Duration {
	return domain.Duration{Amount: n, Unit: domain.UnitCalendarDays}
}

var sameDay = domain.Duration{Unit: domain.UnitSameDay}

const (
	civilCode = domain.DueCivilCode
	instant   = domain.DueInstant
)

// handCase is a due moment worked out by hand from the calendar (office hours 07:00–11:30
// and 13:30–17:00, cut-off 15:00; the calendar version named, the latest when 0).
type handCase struct {
	name    string
	version int
	at      time.Time
	dur     domain.Duration
	cutoff  string
	policy  domain.DuePolicy
	stops   []worktime.Interruption
	want    time.Time
	deemed  time.Time // checked when not zero
	texts   []string  // each must appear in some step's text
}

// handCases: each comment gives the reasoning. "wd" = working day, "day 0" = the (deemed)
// day of receipt, which the civil-code policy does not count.
var handCases = []handCase{
	// The first case. Day 0 Thu 08/01/2026; wd1 Fri 09/01; wd2 Sat 10/01, worked in
	// exchange for Fri 02/01 (12729/VPCP-KGVX) → Sat 10/01 17:00.
	{name: "Issue/08-01+2wd", at: at(2026, 1, 8, 9, 15), dur: days(2), policy: civilCode, want: at(2026, 1, 10, 17, 0),
		texts: []string{"10/01/2026 (thứ Bảy) Làm bù cho ngày nghỉ 02/01/2026: ngày làm việc thứ 2"}},
	// The same with version 1, which lacked the swap: wd1 Fri 09/01; Sat 10, Sun 11 off;
	// wd2 Mon 12/01 → Mon 12/01 17:00 (what dvc said before).
	{name: "Issue/08-01+2wd/v1", version: 1, at: at(2026, 1, 8, 9, 15), dur: days(2), policy: civilCode, want: at(2026, 1, 12, 17, 0)},
	// The second case. Day 0 Thu 27/08/2026; wd1 Fri 28/08; Sat 29, Sun 30 off;
	// Mon 31/08 off in exchange (9441/TB-BNV); Tue 01/09, Wed 02/09 Quốc khánh; wd2 Thu
	// 03/09; wd3 Fri 04/09 → Fri 04/09 17:00.
	{name: "Issue/27-08+3wd", at: at(2026, 8, 27, 9, 15), dur: days(3), policy: civilCode, want: at(2026, 9, 4, 17, 0),
		texts: []string{"31/08/2026 (thứ Hai) Nghỉ hoán đổi dịp Quốc khánh", "01/09/2026 (thứ Ba) Quốc khánh: ngày nghỉ, không tính"}},
	// Version 1 had Mon 31/08 as a working day: wd1 Fri 28/08, wd2 Mon 31/08, (01–02/09
	// off) wd3 Thu 03/09 → Thu 03/09 17:00.
	{name: "Issue/27-08+3wd/v1", version: 1, at: at(2026, 8, 27, 9, 15), dur: days(3), policy: civilCode, want: at(2026, 9, 3, 17, 0)},
	// Today's rule on the first case: 16 working hours from Thu 09:15 = Thu 5h45 (09:15–11:30,
	// 13:30–17:00) + Fri 8h + Sat 10/01 (worked) 07:00–09:15 → Sat 10/01 09:15.
	{name: "Instant/08-01+2wd", at: at(2026, 1, 8, 9, 15), dur: days(2), policy: instant, want: at(2026, 1, 10, 9, 15)},
	// Today's rule on the second case: Thu 27/08 5h45 + Fri 28/08 8h + Thu 03/09 8h = 21h45,
	// then Fri 04/09 07:00–09:15 → Fri 04/09 09:15 (09:15 in, 09:15 out).
	{name: "Instant/27-08+3wd", at: at(2026, 8, 27, 9, 15), dur: days(3), policy: "", want: at(2026, 9, 4, 9, 15)},
	// Eve of the new year: day 0 Wed 31/12/2025; Thu 01/01 Tết Dương lịch; Fri 02/01 off in
	// exchange; Sat 03, Sun 04 off; wd1 Mon 05/01 → Mon 05/01/2026 17:00.
	{name: "TetDuongLich/31-12+1wd", at: at(2025, 12, 31, 10, 0), dur: days(1), policy: civilCode, want: at(2026, 1, 5, 17, 0),
		texts: []string{"01/01/2026 (thứ Năm) Tết Dương lịch: ngày nghỉ, không tính"}},
	// Received online on the holiday: deemed received at the next working day's opening,
	// Mon 05/01 07:00 (02/01 off, 03–04 weekend); day 0 Mon 05/01; wd1 Tue 06/01 → 17:00.
	{name: "TetDuongLich/ReceivedOnHoliday", at: at(2026, 1, 1, 9, 0), dur: days(1), policy: civilCode,
		deemed: at(2026, 1, 5, 7, 0), want: at(2026, 1, 6, 17, 0), texts: []string{"Tiếp nhận vào ngày nghỉ (Tết Dương lịch)"}},
	// Received on the worked Saturday 10/01 at 08:00: a working day in office hours, so day
	// 0 is Sat 10/01; Sun 11 off; wd1 Mon 12/01 → Mon 12/01 17:00.
	{name: "WorkedSaturday/Receipt", at: at(2026, 1, 10, 8, 0), dur: days(1), policy: civilCode,
		deemed: at(2026, 1, 10, 8, 0), want: at(2026, 1, 12, 17, 0)},
	// Tết 2026: day 0 Fri 13/02; Sat 14–Sun 22 off (16–20/02 Tết); wd1 Mon 23/02 → 17:00.
	{name: "Tet2026/13-02+1wd", at: at(2026, 2, 13, 10, 0), dur: days(1), policy: civilCode, want: at(2026, 2, 23, 17, 0),
		texts: []string{"16/02/2026 (thứ Hai) Tết Nguyên đán Bính Ngọ: ngày nghỉ, không tính"}},
	// Day 0 Thu 12/02; wd1 Fri 13/02; 14–22/02 off; wd2–wd5 Mon 23 – Thu 26/02 → Thu 26/02 17:00.
	{name: "Tet2026/12-02+5wd", at: at(2026, 2, 12, 14, 0), dur: days(5), policy: civilCode, want: at(2026, 2, 26, 17, 0)},
	// Giỗ Tổ on Sunday 26/04/2026, compensated Mon 27/04: day 0 Fri 24/04; Sat 25, Sun 26,
	// Mon 27 off; wd1 Tue 28/04 → Tue 28/04 17:00.
	{name: "GioTo2026/24-04+1wd", at: at(2026, 4, 24, 9, 0), dur: days(1), policy: civilCode, want: at(2026, 4, 28, 17, 0),
		texts: []string{"27/04/2026 (thứ Hai) Nghỉ bù Giỗ Tổ Hùng Vương"}},
	// 30/04 (Thu) and 01/05 (Fri): day 0 Wed 29/04; 30/04, 01/05, 02–03/05 off; wd1 Mon 04/05,
	// wd2 Tue 05/05 → Tue 05/05 17:00.
	{name: "30-4/29-04+2wd", at: at(2026, 4, 29, 10, 0), dur: days(2), policy: civilCode, want: at(2026, 5, 5, 17, 0)},
	// Quốc khánh's worked Saturday: day 0 Fri 21/08; wd1 Sat 22/08 (worked in exchange for
	// Mon 31/08) → Sat 22/08 17:00.
	{name: "QuocKhanh2026/WorkedSaturday", at: at(2026, 8, 21, 10, 0), dur: days(1), policy: civilCode, want: at(2026, 8, 22, 17, 0)},
	// After hours: Mon 23/03 18:30 is deemed Tue 24/03 07:00; day 0 Tue; wd1 Wed 25/03 → 17:00.
	{name: "AfterHours/Evening", at: at(2026, 3, 23, 18, 30), dur: days(1), policy: civilCode,
		deemed: at(2026, 3, 24, 7, 0), want: at(2026, 3, 25, 17, 0), texts: []string{"Tiếp nhận ngoài giờ làm việc"}},
	// Before opening: Mon 23/03 06:30 is deemed Mon 07:00, the next office moment, the same
	// day; day 0 Mon; wd1 Tue 24/03 → Tue 24/03 17:00.
	{name: "AfterHours/EarlyMorning", at: at(2026, 3, 23, 6, 30), dur: days(1), policy: civilCode,
		deemed: at(2026, 3, 23, 7, 0), want: at(2026, 3, 24, 17, 0)},
	// At 07:00 the receipt day still does not count: wd1 Tue 24/03 → Tue 17:00 …
	{name: "Opening/Civil", at: at(2026, 3, 23, 7, 0), dur: days(1), policy: civilCode, want: at(2026, 3, 24, 17, 0)},
	// … where today's rule counts it: Mon 07:00 + 8h = Mon 17:00.
	{name: "Opening/Instant", at: at(2026, 3, 23, 7, 0), dur: days(1), policy: instant, want: at(2026, 3, 23, 17, 0)},
	// The cut-off does not apply to working days under the civil code: Mon 15:30, day 0
	// Mon, wd1 Tue 24/03 → Tue 17:00 (not Wed, as a deemed Tuesday receipt would give).
	{name: "Cutoff/WorkingDaysIgnoreIt", at: at(2026, 3, 23, 15, 30), dur: days(1), policy: civilCode,
		deemed: at(2026, 3, 23, 15, 30), want: at(2026, 3, 24, 17, 0)},
	// Today's rule applies it: clock starts Tue 07:00, + 8h → Tue 24/03 17:00.
	{name: "Cutoff/Instant", at: at(2026, 3, 23, 15, 30), dur: days(1), policy: instant,
		deemed: at(2026, 3, 24, 7, 0), want: at(2026, 3, 24, 17, 0)},
	// Sunday 22/03 is deemed Mon 23/03 07:00; day 0 Mon; wd1–3 Tue–Thu → Thu 26/03 17:00.
	{name: "Sunday/3wd", at: at(2026, 3, 22, 10, 0), dur: days(3), policy: civilCode,
		deemed: at(2026, 3, 23, 7, 0), want: at(2026, 3, 26, 17, 0)},
	// Sunday, 5 calendar days: deemed Mon 23/03; day 5 Sat 28/03 is a day off, Sun 29 too →
	// the next working day Mon 30/03, 17:00.
	{name: "Sunday/5CalendarDays", at: at(2026, 3, 22, 10, 0), dur: calDays(5), policy: civilCode, want: at(2026, 3, 30, 17, 0)},
	// 4 calendar days from Wed 18/03: day 4 is Sun 22/03 → ends with Mon 23/03 17:00 …
	{name: "CalendarDays/EndsSunday", at: at(2026, 3, 18, 10, 0), dur: calDays(4), policy: civilCode, want: at(2026, 3, 23, 17, 0),
		texts: []string{"kết thúc vào ngày làm việc tiếp theo (Điều 148 Bộ luật Dân sự)"}},
	// … where today's rule gave Sun 22/03 10:00 moved to the next office moment, Mon 07:00.
	{name: "CalendarDays/EndsSunday/Instant", at: at(2026, 3, 18, 10, 0), dur: calDays(4), policy: instant, want: at(2026, 3, 23, 7, 0)},
	// Tết days count in a calendar-day period: day 0 Tue 10/02 (16:15, no cut-off for days);
	// day 10 Fri 20/02 is Tết, then Sat 21, Sun 22 → Mon 23/02 17:00.
	{name: "CalendarDays/EndsInTet", at: at(2026, 2, 10, 16, 15), dur: calDays(10), policy: civilCode, want: at(2026, 2, 23, 17, 0)},
	// Ending on a worked Saturday: day 0 Tue 06/01; day 4 Sat 10/01, a working day → 17:00 that day.
	{name: "CalendarDays/EndsWorkedSaturday", at: at(2026, 1, 6, 9, 0), dur: calDays(4), policy: civilCode, want: at(2026, 1, 10, 17, 0)},
	// An ordinary end: day 0 Mon 02/03; day 10 Thu 12/03 → Thu 12/03 17:00.
	{name: "CalendarDays/Ordinary", at: at(2026, 3, 2, 10, 0), dur: calDays(10), policy: civilCode, want: at(2026, 3, 12, 17, 0)},
	// Same day before the cut-off: Mon 23/03 14:59 → Mon 17:00.
	{name: "SameDay/BeforeCutoff", at: at(2026, 3, 23, 14, 59), dur: sameDay, policy: civilCode, want: at(2026, 3, 23, 17, 0)},
	// At the cut-off (15:00 and after): deemed Tue 24/03 07:00 → Tue 17:00.
	{name: "SameDay/AtCutoff", at: at(2026, 3, 23, 15, 0), dur: sameDay, policy: civilCode,
		deemed: at(2026, 3, 24, 7, 0), want: at(2026, 3, 24, 17, 0), texts: []string{"Tiếp nhận từ 15 giờ 00 phút trở đi"}},
	// After the cut-off on the new year's eve: next working day Mon 05/01/2026 (01/01 Tết,
	// 02/01 off in exchange, 03–04 weekend) → Mon 05/01 17:00.
	{name: "SameDay/AfterCutoffNewYear", at: at(2025, 12, 31, 15, 30), dur: sameDay, policy: civilCode, want: at(2026, 1, 5, 17, 0)},
	// The procedure's own cut-off 16:00: 15:30 is before it → Mon 17:00.
	{name: "SameDay/OwnCutoff", at: at(2026, 3, 23, 15, 30), dur: sameDay, cutoff: "16:00", policy: civilCode, want: at(2026, 3, 23, 17, 0)},
	// No cut-off at all: 16:30 is still in office hours → Mon 17:00.
	{name: "SameDay/NoCutoff", at: at(2026, 3, 23, 16, 30), dur: sameDay, cutoff: worktime.NoCutoff, policy: civilCode, want: at(2026, 3, 23, 17, 0)},
	// 4 working hours from Mon 09:15: 09:15–11:30 is 2h15, then 13:30 + 1h45 → 15:15.
	{name: "Hours/4h", at: at(2026, 3, 23, 9, 15), dur: hoursOf(4), policy: civilCode, want: at(2026, 3, 23, 15, 15)},
	// After the cut-off: deemed Tue 07:00, + 4h → Tue 24/03 11:00.
	{name: "Hours/4hAfterCutoff", at: at(2026, 3, 23, 15, 10), dur: hoursOf(4), policy: civilCode, want: at(2026, 3, 24, 11, 0)},
	// Before the cut-off late in the day: 14:00–17:00 is 3h, Tue 07:00 + 1h → Tue 08:00.
	{name: "Hours/4hOvernight", at: at(2026, 3, 23, 14, 0), dur: hoursOf(4), policy: civilCode, want: at(2026, 3, 24, 8, 0)},
	// At lunch: deemed 13:30 the same day; 13:30–17:00 is 3h30, Tue 07:00 + 30m → 07:30.
	{name: "Hours/4hFromLunch", at: at(2026, 3, 23, 12, 0), dur: hoursOf(4), policy: civilCode,
		deemed: at(2026, 3, 23, 13, 30), want: at(2026, 3, 24, 7, 30)},
	// Into the worked Saturday: Fri 21/08 14:00–17:00 is 3h; Sat 22/08 07:00–11:30 4h30,
	// 13:30 + 30m → Sat 22/08 14:00.
	{name: "Hours/8hIntoWorkedSaturday", at: at(2026, 8, 21, 14, 0), dur: hoursOf(8), policy: civilCode, want: at(2026, 8, 22, 14, 0)},
	// After the cut-off before Giỗ Tổ: Sat 25, Sun 26, Mon 27/04 off → deemed Tue 28/04 07:00, + 4h → 11:00.
	{name: "Hours/4hGioTo", at: at(2026, 4, 24, 15, 30), dur: hoursOf(4), policy: civilCode, want: at(2026, 4, 28, 11, 0)},
	// Half a day, morning receipt: the morning does not count; the afternoon does → Mon 17:00.
	{name: "HalfDay/Morning", at: at(2026, 3, 23, 9, 0), dur: days(0.5), policy: civilCode, want: at(2026, 3, 23, 17, 0)},
	// Half a day, afternoon receipt: the next morning → Tue 24/03 11:30.
	{name: "HalfDay/Afternoon", at: at(2026, 3, 23, 14, 0), dur: days(0.5), policy: civilCode, want: at(2026, 3, 24, 11, 30)},
	// Half a day from Friday afternoon before Tết: next working morning Mon 23/02 → 11:30.
	{name: "HalfDay/BeforeTet", at: at(2026, 2, 13, 14, 0), dur: days(0.5), policy: civilCode, want: at(2026, 2, 23, 11, 30)},
	// 1.5 days: wd1 Mon 23/02 (after Tết), then the morning of Tue 24/02 → 11:30.
	{name: "DayAndAHalf/BeforeTet", at: at(2026, 2, 13, 14, 15), dur: days(1.5), policy: civilCode, want: at(2026, 2, 24, 11, 30)},
	// 2025 bridge: day 0 Tue 29/04/2025; 30/04, 01/05, Fri 02/05 (off in exchange), 03–04
	// off; wd1 Mon 05/05, wd2 Tue 06/05 → Tue 06/05/2025 17:00.
	{name: "2025/Bridge", at: at(2025, 4, 29, 10, 0), dur: days(2), policy: civilCode, want: at(2025, 5, 6, 17, 0)},
	// 2025 worked Saturday 26/04: day 0 Fri 25/04; wd1 Sat 26/04 → 17:00.
	{name: "2025/WorkedSaturday", at: at(2025, 4, 25, 10, 0), dur: days(1), policy: civilCode, want: at(2025, 4, 26, 17, 0)},
	// Quốc khánh 2025: day 0 Fri 29/08; 30–31 weekend; Mon 01/09, Tue 02/09 off; wd1 Wed 03/09 → 17:00.
	{name: "2025/QuocKhanh", at: at(2025, 8, 29, 10, 0), dur: days(1), policy: civilCode, want: at(2025, 9, 3, 17, 0)},
	// 2027 is provisional: day 0 Thu 31/12/2026; Fri 01/01/2027 (provisional), 02–03 weekend;
	// wd1 Mon 04/01/2027 → 17:00, and the explanation says "tạm tính".
	{name: "2027/Provisional", at: at(2026, 12, 31, 10, 0), dur: days(1), policy: civilCode, want: at(2027, 1, 4, 17, 0),
		texts: []string{"01/01/2027 (thứ Sáu) Tết Dương lịch (tạm tính)"}},
}
