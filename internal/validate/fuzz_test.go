package validate

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// FuzzName: an accepted name is NFC, trimmed, within the limit, has no control or
// format character, and checking it again gives it back unchanged.
func FuzzName(f *testing.F) {
	for _, s := range []string{"Nguyễn Văn An", "Nguye\u0302\u0303n Va\u0306n An", "Lường Thị Xuân", "A\u200bB", "An\u202efdp.exe",
		"\ufeffAn", "Công ty TNHH Bắc Kạn 2026", "a\u0301\u0301\u0301", "\u0301An", "😀", "\xc0\xaf", "  Hà   Văn  ", strings.Repeat("ễ", 201)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := Name(s, 200)
		if !ok {
			return
		}
		if !utf8.ValidString(got) || utf8.RuneCountInString(got) > 200 || got == "" || got != strings.TrimSpace(got) || strings.Contains(got, "  ") {
			t.Fatalf("Name(%q) = %q", s, got)
		}
		if !norm.NFC.IsNormalString(got) {
			t.Fatalf("Name(%q) = %q is not NFC", s, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSymbol(r) {
				t.Fatalf("Name(%q) keeps %U", s, r)
			}
		}
		if again, ok := Name(got, 200); !ok || again != got {
			t.Fatalf("Name(%q) = %q, then %q %v", s, got, again, ok)
		}
	})
}
