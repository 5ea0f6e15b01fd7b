package validate

import (
	"strings"
	"testing"
)

func TestIDNumber(t *testing.T) {
	for s, want := range map[string]IDKind{"012345678": CMND, "001203004567": CCCD, "B1234567": Passport, "C12345678": Passport} {
		if got, ok := IDNumber(s); !ok || got != want {
			t.Errorf("IDNumber(%q) = %q, %v; want %q", s, got, ok, want)
		}
	}
	for _, s := range []string{"", "12345678", "1234567890", "12345678901", "1234567890123", "b1234567", "AB123456", "12345678a"} {
		if got, ok := IDNumber(s); ok {
			t.Errorf("IDNumber(%q) = %q, want rejection", s, got)
		}
	}
}

func TestPhone(t *testing.T) {
	for _, s := range []string{"0912345678", "+84912345678", "0387654321", "02153888999"} {
		if !Phone(s) {
			t.Errorf("Phone(%q) rejected", s)
		}
	}
	for _, s := range []string{"", "091234567", "09123456789", "1912345678", "0112345678", "+8491234567"} {
		if Phone(s) {
			t.Errorf("Phone(%q) accepted", s)
		}
	}
	if NormalizePhone("091 234.56-78") != "0912345678" {
		t.Error("NormalizePhone")
	}
}

func TestEmail(t *testing.T) {
	for _, s := range []string{"a@b.vn", "nguyen.van.a@dienbien.gov.vn"} {
		if !Email(s) {
			t.Errorf("Email(%q) rejected", s)
		}
	}
	for _, s := range []string{"", "a", "a@b", "A <a@b.vn>", "a@@b.vn"} {
		if Email(s) {
			t.Errorf("Email(%q) accepted", s)
		}
	}
}

func TestText(t *testing.T) {
	if !Text("Nguyễn Văn A", 20) || Text("Nguyễn Văn A", 5) || Text("a\x00b", 10) || Text(string([]byte{0xff}), 10) {
		t.Error("Text")
	}
}

func TestName(t *testing.T) {
	for in, want := range map[string]string{
		"Nguyễn Văn An":                       "Nguyễn Văn An",
		"Nguye\u0302\u0303n Va\u0306n An":     "Nguyễn Văn An", // decomposed, as some keyboards type it
		"  Lường   Thị Xuân ":                 "Lường Thị Xuân",
		"Công ty TNHH Xây dựng 123 (Bắc Kạn)": "Công ty TNHH Xây dựng 123 (Bắc Kạn)",
		"O'Neil-Trần":                         "O'Neil-Trần",
	} {
		if got, ok := Name(in, 200); !ok || got != want {
			t.Errorf("Name(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "   ", "An\u200bNguyễn", "Nguyễn\u200dAn", "An\u202efdp.exe", "\u2066An\u2069", "\ufeffAn",
		"An 😀", "a\u0301\u0301\u0301", "\u0301An", "A\x00B", "\xc0\xafAn", "\xed\xa0\x80", "An\ue000", "<script>", "An\nBình",
		strings.Repeat("ễ", 201)} {
		if got, ok := Name(in, 200); ok {
			t.Errorf("Name(%q) accepted as %q", in, got)
		}
	}
}
