package domain

import (
	"math"
	"strconv"
	"strings"
)

// TimeUnit says in what a procedure's processing time is measured.
type TimeUnit string

// Time units of a procedure's processing time.
const (
	// UnitWorkingDays: working days; whole days, or a whole number and a half (0.5, 1.5).
	UnitWorkingDays TimeUnit = "working_days"
	// UnitWorkingHours: working hours, counted through office hours only.
	UnitWorkingHours TimeUnit = "working_hours"
	// UnitCalendarDays: days of the calendar, days off included.
	UnitCalendarDays TimeUnit = "calendar_days"
	// UnitSameDay: "trong ngày", by the end of office hours of the day of receipt.
	UnitSameDay TimeUnit = "same_day"
)

// TimeUnits lists the units in the order a form offers them.
var TimeUnits = []TimeUnit{UnitWorkingDays, UnitWorkingHours, UnitCalendarDays, UnitSameDay}

// Label is the unit's Vietnamese name, as a form's choice shows it.
func (u TimeUnit) Label() string {
	switch u {
	case UnitWorkingDays:
		return "ngày làm việc"
	case UnitWorkingHours:
		return "giờ làm việc"
	case UnitCalendarDays:
		return "ngày (tính cả ngày nghỉ)"
	case UnitSameDay:
		return "trong ngày"
	}
	return string(u)
}

// Duration is a procedure's processing time: an amount in a unit. Amount is ignored for
// UnitSameDay (0 or 1 are accepted).
type Duration struct {
	Amount float64  `db:"amount" json:"amount"`
	Unit   TimeUnit `db:"unit" json:"unit"`
}

// DurationOf is the Duration of a procedure described the older way, by a number of days
// and a DayKind.
func DurationOf(days int, kind DayKind) Duration {
	if kind == CalendarDays {
		return Duration{Amount: float64(days), Unit: UnitCalendarDays}
	}
	return Duration{Amount: float64(days), Unit: UnitWorkingDays}
}

// Validate returns the Vietnamese reason d cannot be used as a processing time, or "" when
// it can: working days are positive multiples of 0.5, calendar days positive whole
// numbers, working hours positive whole minutes (0.25 hours, for instance); at most 400 of
// any unit.
func (d Duration) Validate() string {
	a := d.Amount
	if math.IsNaN(a) || math.IsInf(a, 0) {
		return "Thời hạn không hợp lệ."
	}
	switch d.Unit {
	case UnitWorkingDays:
		if a <= 0 || a > 400 || a*2 != math.Trunc(a*2) {
			return "Số ngày làm việc phải lớn hơn 0, tối đa 400, và là bội của 0,5."
		}
	case UnitCalendarDays:
		if a <= 0 || a > 400 || a != math.Trunc(a) {
			return "Số ngày phải là số nguyên từ 1 đến 400."
		}
	case UnitWorkingHours:
		if a <= 0 || a > 400 || a*60 != math.Trunc(a*60) {
			return "Số giờ làm việc phải lớn hơn 0, tối đa 400, tính đến từng phút."
		}
	case UnitSameDay:
		if a != 0 && a != 1 {
			return "Thủ tục giải quyết trong ngày không ghi số lượng (hoặc ghi 1)."
		}
	default:
		return "Đơn vị thời hạn phải là ngày làm việc, giờ làm việc, ngày hoặc trong ngày."
	}
	return ""
}

// Label is the processing time in Vietnamese, as the procedure page and the receipt show
// it: "4 giờ làm việc", "0,5 ngày làm việc", "Trong ngày", "30 ngày (tính cả ngày nghỉ)".
func (d Duration) Label() string {
	if d.Unit == UnitSameDay {
		return "Trong ngày"
	}
	return VietnameseNumber(d.Amount) + " " + d.Unit.Label()
}

// Days is the whole days d rounds up to, as the older processing_days column keeps it:
// working days and calendar days rounded up, working hours in eight-hour days, one for
// a same-day procedure.
func (d Duration) Days() int {
	switch d.Unit {
	case UnitWorkingHours:
		return max(1, int(math.Ceil(d.Amount/8)))
	case UnitSameDay:
		return 1
	}
	return max(1, int(math.Ceil(d.Amount)))
}

// DayKind is the older day_kind of d: calendar for calendar days, working otherwise.
func (d Duration) DayKind() DayKind {
	if d.Unit == UnitCalendarDays {
		return CalendarDays
	}
	return WorkingDays
}

// NominalHours is the working time d stands for with eight-hour days, to share among a
// route's steps: a calendar week counts five working days, a same-day procedure one day.
func (d Duration) NominalHours() float64 {
	switch d.Unit {
	case UnitWorkingHours:
		return d.Amount
	case UnitCalendarDays:
		return d.Amount * 8 * 5 / 7
	case UnitSameDay:
		return 8
	}
	return d.Amount * 8
}

// CutoffLabel says a procedure's own cut-off in Vietnamese, as the procedure page shows
// it: "HH:MM", "none", or "" (the rule set's, not repeated: "").
func CutoffLabel(cutoff string) string {
	switch {
	case cutoff == "none":
		return "Tiếp nhận đến hết giờ làm việc, không chuyển sang ngày hôm sau."
	case len(cutoff) == 5 && cutoff[2] == ':':
		return "Hồ sơ tiếp nhận từ " + cutoff[:2] + " giờ " + cutoff[3:] + " trở đi được tính từ ngày làm việc tiếp theo."
	}
	return ""
}

// VietnameseNumber writes x the Vietnamese way, with a decimal comma: 0,5; 12; 1,25.
func VietnameseNumber(x float64) string {
	return strings.Replace(strconv.FormatFloat(x, 'f', -1, 64), ".", ",", 1)
}

// DuePolicy names how a rule set turns a receipt and a processing time into a due moment.
type DuePolicy string

// Due-moment policies. A dossier keeps the policy of the rule set it was received under.
const (
	// DueInstant (and the empty value, for rule sets older than the field) is dvc's first
	// rule: the clock starts at the receipt (the next working day after the cut-off) and
	// the due moment is that instant plus n × 8 working hours, or n calendar days later.
	DueInstant DuePolicy = "instant"
	// DueCivilCode counts as the Civil Code (arts. 147–148) does: the day of receipt is not
	// counted and a period in days ends at the end of office hours of its last day; a
	// receipt outside office hours or on a day off counts from the next office moment; a
	// calendar-day period ending on a day off ends with the next working day.
	DueCivilCode DuePolicy = "civil_code"
)

// Valid reports whether p is a known policy (the empty value counts as DueInstant).
func (p DuePolicy) Valid() bool { return p == "" || p == DueInstant || p == DueCivilCode }

// Label is the policy's Vietnamese name.
func (p DuePolicy) Label() string {
	if p == DueCivilCode {
		return "Tính theo Bộ luật Dân sự (không tính ngày tiếp nhận, hẹn trả cuối giờ làm việc)"
	}
	return "Tính từ thời điểm tiếp nhận (n × 8 giờ làm việc)"
}
