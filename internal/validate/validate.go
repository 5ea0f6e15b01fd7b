// Package validate checks the identity and contact data citizens type: ID numbers
// (CMND 9 digits, CCCD 12 digits, passport), Vietnamese phone numbers and e-mail addresses.
package validate

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

var (
	cmnd     = regexp.MustCompile(`^\d{9}$`)
	cccd     = regexp.MustCompile(`^\d{12}$`)
	passport = regexp.MustCompile(`^[A-Z]\d{7,8}$`)
	phone    = regexp.MustCompile(`^(0|\+84)(3|5|7|8|9|2\d)\d{8}$`)
)

// IDKind names the kind of an identity document number.
type IDKind string

// Kinds of identity documents.
const (
	CMND     IDKind = "cmnd"     // old identity card, 9 digits
	CCCD     IDKind = "cccd"     // citizen identity card, 12 digits
	Passport IDKind = "passport" // one letter and 7 or 8 digits
)

// IDNumber returns the kind of s, or false when s is none of CMND, CCCD or passport.
func IDNumber(s string) (IDKind, bool) {
	switch {
	case cmnd.MatchString(s):
		return CMND, true
	case cccd.MatchString(s):
		return CCCD, true
	case passport.MatchString(s):
		return Passport, true
	}
	return "", false
}

// Phone reports whether s is a Vietnamese mobile or landline number (0… or +84…),
// spaces and dots removed first by NormalizePhone.
func Phone(s string) bool { return phone.MatchString(s) }

// NormalizePhone removes spaces, dots and dashes.
func NormalizePhone(s string) string {
	return strings.NewReplacer(" ", "", ".", "", "-", "").Replace(s)
}

// Email reports whether s is a bare e-mail address.
func Email(s string) bool {
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndexByte(s, '@'):], ".")
}

// Text reports whether s is valid UTF-8, has no control characters and at most max runes.
func Text(s string, max int) bool {
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max {
		return false
	}
	for _, r := range s {
		if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
			return false
		}
	}
	return true
}
