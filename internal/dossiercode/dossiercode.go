// Package dossiercode formats and parses public dossier codes:
// <agency electronic code>-<YYMMDD>-<sequence of that agency that day, at least 4 digits>,
// e.g. 000.00.03.H03-200811-1002. Days are counted in Vietnam's time zone.
package dossiercode

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Location is Vietnam's time zone (UTC+7, no daylight saving).
var Location = time.FixedZone("ICT", 7*60*60)

var pattern = regexp.MustCompile(`^([0-9A-Za-z.]{1,40})-(\d{6})-(\d{4,})$`)

// Code is a parsed dossier code.
type Code struct {
	Agency string
	Day    time.Time // midnight in Location
	Seq    int
}

// Day returns t's calendar day in Vietnam, at midnight.
func Day(t time.Time) time.Time {
	y, m, d := t.In(Location).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, Location)
}

// Format builds the code of the seq-th dossier of agency on the Vietnamese day of t.
func Format(agency string, t time.Time, seq int) string {
	return fmt.Sprintf("%s-%s-%04d", agency, t.In(Location).Format("060102"), seq)
}

// String formats c.
func (c Code) String() string { return Format(c.Agency, c.Day, c.Seq) }

// Normalize is s as a code is stored: without surrounding spaces, in upper case (agency
// codes are upper case), so that a code typed "000.00.03.h03-200811-1002 " finds its
// dossier.
func Normalize(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }

// Parse checks s's shape and splits it.
func Parse(s string) (Code, error) {
	m := pattern.FindStringSubmatch(s)
	if m == nil {
		return Code{}, fmt.Errorf("dossiercode: %q is not a dossier code", s)
	}
	day, err := time.ParseInLocation("060102", m[2], Location)
	if err != nil {
		return Code{}, fmt.Errorf("dossiercode: %q has no valid date", s)
	}
	seq, err := strconv.Atoi(m[3])
	if err != nil || seq <= 0 {
		return Code{}, fmt.Errorf("dossiercode: %q has no valid sequence", s)
	}
	c := Code{Agency: m[1], Day: day, Seq: seq}
	if c.String() != s { // e.g. extra leading zeros: only the canonical form names a dossier
		return Code{}, fmt.Errorf("dossiercode: %q is not in canonical form %q", s, c.String())
	}
	return c, nil
}
