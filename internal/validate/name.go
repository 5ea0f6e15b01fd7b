package validate

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxMarks is how many combining marks may follow one base character once the name is
// composed (NFC): every Vietnamese letter has a precomposed form, so one is already
// generous.
const maxMarks = 1

// Name checks a person's or an organisation's name (họ tên, tên tổ chức) and returns it
// in the form to store: NFC (composed diacritics, so "Nguyễn" typed decomposed on one
// keyboard and precomposed on another is the same name), trimmed, runs of spaces made
// one. It refuses invalid UTF-8, more than max runes, control and format characters
// (zero-width spaces and joiners, bidirectional overrides, byte order marks), symbols
// and emoji, private-use and unassigned code points, marks with no base character and
// more than one mark on a letter once composed. Letters of any script, digits, spaces and the
// punctuation . , - ' ( ) & / are allowed.
func Name(s string, max int) (string, bool) {
	if !utf8.ValidString(s) || strings.ContainsFunc(s, unicode.IsControl) {
		return "", false
	}
	s = strings.Join(strings.Fields(norm.NFC.String(s)), " ")
	if s == "" || utf8.RuneCountInString(s) > max {
		return "", false
	}
	marks := maxMarks + 1 // no base character yet
	for _, r := range s {
		switch {
		case unicode.IsMark(r):
			if marks++; marks > maxMarks {
				return "", false
			}
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case r == ' ' || strings.ContainsRune(".,-'()&/", r):
		default:
			return "", false
		}
		marks = 0
	}
	return s, true
}
