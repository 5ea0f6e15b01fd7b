package validate

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzIDNumber: the ID number check never panics, and what it accepts has a known shape.
func FuzzIDNumber(f *testing.F) {
	for _, s := range []string{"012345678", "001203004567", "B1234567", "", "0123456789012", "Ａ1234567", "01234567８"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		kind, ok := IDNumber(s)
		if !ok {
			return
		}
		switch kind {
		case CMND:
			if len(s) != 9 {
				t.Fatalf("CMND %q", s)
			}
		case CCCD:
			if len(s) != 12 {
				t.Fatalf("CCCD %q", s)
			}
		case Passport:
			if len(s) < 8 || len(s) > 9 || s[0] < 'A' || s[0] > 'Z' {
				t.Fatalf("passport %q", s)
			}
		}
		for _, r := range s[1:] {
			if r < '0' || r > '9' {
				t.Fatalf("%q accepted with a non-digit", s)
			}
		}
	})
}

// FuzzText: accepted text is valid UTF-8 within the limit and has no control characters
// other than newline and tab.
func FuzzText(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "a\x00b", "\xff\xfe", "Tổ 5,\nphường Đức Xuân", strings.Repeat("ữ", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !Text(s, 200) {
			return
		}
		if !utf8.ValidString(s) || utf8.RuneCountInString(s) > 200 {
			t.Fatalf("accepted %q", s)
		}
		for _, r := range s {
			if r < 0x20 && r != '\n' && r != '\t' || r == 0x7f {
				t.Fatalf("accepted control character in %q", s)
			}
		}
	})
}

// FuzzPhoneAndEmail never panic.
func FuzzPhoneAndEmail(f *testing.F) {
	for _, s := range []string{"0912345678", "+84912345678", "a@b.vn", "@", "a@", "\"a b\"@c.vn", "091 234.56-78"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Phone(NormalizePhone(s)) && len(NormalizePhone(s)) > 13 {
			t.Fatalf("phone %q", s)
		}
		if Email(s) && !strings.Contains(s, "@") {
			t.Fatalf("email %q", s)
		}
	})
}
