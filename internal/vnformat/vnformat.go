// Package vnformat writes numbers and dates the Vietnamese way, the one format of every
// page (console and public alike), e-mail and spreadsheet label: a dot between thousands
// and a comma before decimals ("1.234", "98,5%", "2,25"), dates as dd/mm/yyyy and times
// as "15:04 dd/mm/yyyy", in Vietnam's time zone. Machine formats (CSV, JSON, form inputs
// of type date) keep their own.
package vnformat

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/dvc-project/dvc/internal/dossiercode"
)

// Layouts of Date and DateTime, for time.Format.
const (
	DateLayout     = "02/01/2006"
	DateTimeLayout = "15:04 02/01/2006"
)

// None is what a missing figure shows.
const None = "—"

// Int writes n with dots between thousands: 1234567 → "1.234.567".
func Int(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte('.')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Number writes x rounded to places decimals, dots between thousands and a comma before
// the decimals; trailing zeros of the decimals are dropped ("2,5", not "2,50"; "3", not
// "3,0"). NaN and infinities are None.
func Number(x float64, places int) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return None
	}
	p := math.Pow(10, float64(places))
	x = math.Round(x*p) / p
	s := strconv.FormatFloat(math.Abs(x), 'f', places, 64)
	whole, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	n, _ := strconv.ParseInt(whole, 10, 64)
	out := Int(n)
	if x < 0 && (n != 0 || frac != "") {
		out = "-" + out
	}
	if frac != "" {
		out += "," + frac
	}
	return out
}

// Percent writes a percentage with one decimal at most: 98.54 → "98,5%", 100 → "100%".
func Percent(p float64) string {
	if math.IsNaN(p) || math.IsInf(p, 0) {
		return None
	}
	return Number(p, 1) + "%"
}

// PercentOf is Percent of a nullable figure (None when nil).
func PercentOf(p *float64) string {
	if p == nil {
		return None
	}
	return Percent(*p)
}

// NumberOf is Number of a nullable figure (None when nil).
func NumberOf(x *float64, places int) string {
	if x == nil {
		return None
	}
	return Number(*x, places)
}

// Date writes t's day in Vietnam: "05/09/2026".
func Date(t time.Time) string { return t.In(dossiercode.Location).Format(DateLayout) }

// DateTime writes t in Vietnam: "14:30 05/09/2026".
func DateTime(t time.Time) string { return t.In(dossiercode.Location).Format(DateTimeLayout) }

// DateOf and DateTimeOf are Date and DateTime of a nullable time (None when nil).
func DateOf(t *time.Time) string {
	if t == nil {
		return None
	}
	return Date(*t)
}

// DateTimeOf is DateTime of a nullable time (None when nil).
func DateTimeOf(t *time.Time) string {
	if t == nil {
		return None
	}
	return DateTime(*t)
}

// ISODate reads a YYYY-MM-DD day (an HTML date input's value) and writes it as Date;
// anything else is returned as it is.
func ISODate(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.Format(DateLayout)
}
