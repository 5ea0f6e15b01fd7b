package domain

import (
	"math"
	"testing"
)

func TestDurationValidate(t *testing.T) {
	cases := []struct {
		d  Duration
		ok bool
	}{
		{Duration{1, UnitWorkingDays}, true},
		{Duration{0.5, UnitWorkingDays}, true},
		{Duration{2.5, UnitWorkingDays}, true},
		{Duration{0.25, UnitWorkingDays}, false}, // a quarter day: use working hours
		{Duration{0, UnitWorkingDays}, false},
		{Duration{-1, UnitWorkingDays}, false},
		{Duration{401, UnitWorkingDays}, false},
		{Duration{math.NaN(), UnitWorkingDays}, false},
		{Duration{math.Inf(1), UnitWorkingHours}, false},
		{Duration{4, UnitWorkingHours}, true},
		{Duration{0.25, UnitWorkingHours}, true}, // 15 minutes
		{Duration{1.0 / 120, UnitWorkingHours}, false},
		{Duration{30, UnitCalendarDays}, true},
		{Duration{1.5, UnitCalendarDays}, false},
		{Duration{0, UnitSameDay}, true},
		{Duration{1, UnitSameDay}, true},
		{Duration{2, UnitSameDay}, false},
		{Duration{1, "weeks"}, false},
		{Duration{}, false},
	}
	for _, c := range cases {
		if msg := c.d.Validate(); (msg == "") != c.ok {
			t.Errorf("%+v: %q", c.d, msg)
		}
	}
}

func TestDurationLabel(t *testing.T) {
	cases := map[Duration]string{
		{4, UnitWorkingHours}:   "4 giờ làm việc",
		{1.5, UnitWorkingHours}: "1,5 giờ làm việc",
		{0.5, UnitWorkingDays}:  "0,5 ngày làm việc",
		{20, UnitWorkingDays}:   "20 ngày làm việc",
		{30, UnitCalendarDays}:  "30 ngày (tính cả ngày nghỉ)",
		{0, UnitSameDay}:        "Trong ngày",
		{1, UnitSameDay}:        "Trong ngày",
	}
	for d, want := range cases {
		if got := d.Label(); got != want {
			t.Errorf("%+v: %q, want %q", d, got, want)
		}
	}
	for _, u := range TimeUnits {
		if u.Label() == string(u) {
			t.Errorf("unit %s has no Vietnamese label", u)
		}
	}
}

func TestDurationOf(t *testing.T) {
	if d := DurationOf(15, WorkingDays); d != (Duration{15, UnitWorkingDays}) {
		t.Errorf("working: %+v", d)
	}
	if d := DurationOf(30, CalendarDays); d != (Duration{30, UnitCalendarDays}) {
		t.Errorf("calendar: %+v", d)
	}
	// An unknown kind counts in working days, as worktime.Due does.
	if d := DurationOf(3, ""); d.Unit != UnitWorkingDays {
		t.Errorf("empty kind: %+v", d)
	}
}

func TestNominalHours(t *testing.T) {
	cases := map[Duration]float64{
		{2, UnitWorkingDays}:   16,
		{0.5, UnitWorkingDays}: 4,
		{3, UnitWorkingHours}:  3,
		{7, UnitCalendarDays}:  40,
		{0, UnitSameDay}:       8,
	}
	for d, want := range cases {
		if got := d.NominalHours(); got != want {
			t.Errorf("%+v: %v, want %v", d, got, want)
		}
	}
}

func TestDuePolicy(t *testing.T) {
	for p, valid := range map[DuePolicy]bool{"": true, DueInstant: true, DueCivilCode: true, "lunar": false} {
		if p.Valid() != valid {
			t.Errorf("%q valid %v", p, p.Valid())
		}
	}
	if DueCivilCode.Label() == DueInstant.Label() {
		t.Error("the policies share a label")
	}
}
