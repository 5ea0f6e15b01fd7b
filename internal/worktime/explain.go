package worktime

import (
	"fmt"
	"time"
)

// WithNames returns a copy of c that names the listed days in explanations: names maps
// "YYYY-MM-DD" to a Vietnamese name ("Tết Dương lịch"), as calendar.Version.Names gives
// it. Errors: a key that is not a date.
func (c *Calendar) WithNames(names map[string]string) (*Calendar, error) {
	out := *c
	out.names = make(map[civil]string, len(names))
	for day, name := range names {
		t, err := time.ParseInLocation(time.DateOnly, day, Location)
		if err != nil {
			return nil, fmt.Errorf("worktime: day %q is not YYYY-MM-DD", day)
		}
		out.names[civilOf(t)] = name
	}
	return &out, nil
}

// FormatMoment writes t as the receipt slip prints an appointment, in Vietnam's time:
// "17 giờ 00 phút, ngày 23/03/2026".
func FormatMoment(t time.Time) string {
	t = t.In(Location)
	return fmt.Sprintf("%02d giờ %02d phút, ngày %s", t.Hour(), t.Minute(), FormatDate(t))
}

// FormatDate writes t's day in Vietnam as "23/03/2026".
func FormatDate(t time.Time) string { return t.In(Location).Format("02/01/2006") }

// FormatWorkingTime writes a working time in Vietnamese: "13 giờ 30 phút", "8 giờ",
// "45 phút".
func FormatWorkingTime(w time.Duration) string {
	w = w.Round(time.Minute)
	h, m := int(w/time.Hour), int(w%time.Hour/time.Minute)
	switch {
	case m == 0:
		return fmt.Sprintf("%d giờ", h)
	case h == 0:
		return fmt.Sprintf("%d phút", m)
	}
	return fmt.Sprintf("%d giờ %d phút", h, m)
}

var weekdays = [...]string{"Chủ nhật", "thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy"}

// dateText is "08/01/2026 (thứ Năm)".
func dateText(d civil) string {
	m := d.midnight()
	return FormatDate(m) + " (" + weekdays[m.Weekday()] + ")"
}

func weekend(d civil) bool {
	wd := d.midnight().Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// receiptSteps say when the dossier was received and, when it differs, when the receipt
// counts from and why.
func (c *Calendar) receiptSteps(t, deemed time.Time, cut time.Duration) []Step {
	steps := []Step{{Day: t, Kind: StepReceived, Text: "Tiếp nhận lúc " + FormatMoment(t) + " (" + weekdays[t.In(Location).Weekday()] + ")."}}
	if deemed.Equal(t) {
		return steps
	}
	d := civilOf(t)
	var why string
	switch {
	case !c.working(d):
		why = "Tiếp nhận vào ngày nghỉ (" + c.dayOffName(d) + ")"
	case cut > 0 && t.In(Location).Sub(d.midnight()) >= cut:
		why = fmt.Sprintf("Tiếp nhận từ %02d giờ %02d phút trở đi", int(cut/time.Hour), int(cut%time.Hour/time.Minute))
	default:
		why = "Tiếp nhận ngoài giờ làm việc"
	}
	steps = append(steps, Step{Day: deemed, Kind: StepDeemed, Text: why + ": coi như tiếp nhận lúc " + FormatMoment(deemed) + "."})
	return append(steps, c.walk(d.next(), civilOf(deemed).prev(), nil)...)
}

func (c *Calendar) dayOffName(d civil) string {
	switch {
	case c.names[d] != "":
		return c.names[d]
	case c.holidays[d]:
		return "ngày nghỉ lễ"
	}
	return "ngày nghỉ hằng tuần"
}

func notCounted(day0 civil) Step {
	return Step{Day: day0.midnight(), Kind: StepNotCounted,
		Text: dateText(day0) + ": ngày tiếp nhận, không tính vào thời hạn (Điều 147 Bộ luật Dân sự)."}
}

func dueStep(t time.Time) Step {
	return Step{Day: t, Kind: StepDue, Text: "Hẹn trả kết quả: " + FormatMoment(t) + "."}
}

func (c *Calendar) calendarNote(n int) Step {
	return Step{Kind: StepCounted, Text: fmt.Sprintf("Thời hạn %d ngày tính cả ngày nghỉ, kể từ thời điểm bắt đầu tính.", n)}
}

// walk explains the days from from to to (both included): each day off, and each working
// day for which label (when not nil) says something.
func (c *Calendar) walk(from, to civil, label func(civil) string) []Step {
	var steps []Step
	for d := from; !to.before(d); d = d.next() {
		if !c.working(d) {
			off := "ngày nghỉ"
			if weekend(d) && !c.holidays[d] {
				off = "ngày nghỉ hằng tuần"
			}
			steps = append(steps, Step{Day: d.midnight(), Kind: StepDayOff, Text: c.prefix(d) + ": " + off + ", không tính."})
			continue
		}
		if label == nil {
			continue
		}
		text := label(d)
		if text == "" {
			continue
		}
		kind := StepCounted
		if weekend(d) {
			kind = StepWorkday
		}
		steps = append(steps, Step{Day: d.midnight(), Kind: kind, Text: c.prefix(d) + ": " + text + "."})
	}
	return steps
}

// prefix is a day with its weekday and its name when it has one: "10/01/2026 (thứ Bảy)
// Làm bù cho ngày nghỉ 02/01/2026"; a worked weekend day without a name is "làm bù".
func (c *Calendar) prefix(d civil) string {
	switch {
	case c.names[d] != "":
		return dateText(d) + " " + c.names[d]
	case c.holidays[d]:
		return dateText(d) + " ngày nghỉ lễ"
	case c.workdays[d] && weekend(d):
		return dateText(d) + " làm bù"
	}
	return dateText(d)
}

// ordinalLabel numbers the working days after day0: "ngày làm việc thứ 1", ….
func ordinalLabel() func(civil) string {
	k := 0
	return func(civil) string {
		k++
		return fmt.Sprintf("ngày làm việc thứ %d", k)
	}
}

// hoursLabel says how much working time of each day lies between from and to.
func (c *Calendar) hoursLabel(from, to time.Time) func(civil) string {
	return func(d civil) string {
		w := c.Between(later(from, d.midnight()), earlier(to, d.next().midnight()))
		if w == 0 {
			return ""
		}
		return "tính " + FormatWorkingTime(w) + " làm việc"
	}
}
