package signer

import (
	"strings"
	"unicode"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// pdfText returns s as the signing library can write it in the signature dictionary.
// The library writes non-ASCII text as UTF-16 between parentheses without escaping, so a
// code unit holding the byte of "(", ")", "\" or CR (e.g. "ĩ" is U+0129) would break
// the PDF; such text is written without diacritics instead.
func pdfText(s string) string {
	for _, u := range utf16.Encode([]rune(s)) {
		for _, b := range []byte{byte(u >> 8), byte(u)} {
			if b == '(' || b == ')' || b == '\\' || b == '\r' {
				return fold(s)
			}
		}
	}
	return s
}

// fold removes Vietnamese diacritics: "Bắc Kạn" → "Bac Kan", "Đ" → "D".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		case r == 'Đ':
			b.WriteRune('D')
		case r < 0x80:
			b.WriteRune(r)
		default:
			b.WriteRune('?')
		}
	}
	return b.String()
}
