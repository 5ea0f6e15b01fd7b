package vnformat_test

import (
	"math"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/vnformat"
)

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		got, want string
	}{
		{vnformat.Int(0), "0"},
		{vnformat.Int(999), "999"},
		{vnformat.Int(1234), "1.234"},
		{vnformat.Int(1234567), "1.234.567"},
		{vnformat.Int(-1234), "-1.234"},
		{vnformat.Number(2.25, 2), "2,25"},
		{vnformat.Number(2.5, 2), "2,5"},
		{vnformat.Number(3, 2), "3"},
		{vnformat.Number(1234.56, 1), "1.234,6"},
		{vnformat.Number(-0.04, 1), "0"},
		{vnformat.Number(-12.5, 1), "-12,5"},
		{vnformat.Number(math.NaN(), 1), "—"},
		{vnformat.Percent(98.54), "98,5%"},
		{vnformat.Percent(100), "100%"},
		{vnformat.Percent(0), "0%"},
		{vnformat.PercentOf(nil), "—"},
		{vnformat.NumberOf(nil, 2), "—"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestDates(t *testing.T) {
	at := time.Date(2026, 9, 4, 23, 30, 0, 0, time.UTC) // 06:30 on the 5th in Vietnam
	if got := vnformat.Date(at); got != "05/09/2026" {
		t.Errorf("Date: %q", got)
	}
	if got := vnformat.DateTime(at); got != "06:30 05/09/2026" {
		t.Errorf("DateTime: %q", got)
	}
	if got := vnformat.DateOf(nil); got != "—" {
		t.Errorf("DateOf(nil): %q", got)
	}
	if got := vnformat.ISODate("2026-12-31"); got != "31/12/2026" {
		t.Errorf("ISODate: %q", got)
	}
	if got := vnformat.ISODate("hôm qua"); got != "hôm qua" {
		t.Errorf("ISODate of a non-date: %q", got)
	}
}
