package dossiercode

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	// 2020-08-10 18:30 UTC is already 2020-08-11 in Vietnam.
	at := time.Date(2020, 8, 10, 18, 30, 0, 0, time.UTC)
	if got, want := Format("000.00.03.H03", at, 1002), "000.00.03.H03-200811-1002"; got != want {
		t.Fatalf("Format = %q, want %q", got, want)
	}
	if got, want := Format("000.00.03.H03", at, 7), "000.00.03.H03-200811-0007"; got != want {
		t.Fatalf("Format = %q, want %q", got, want)
	}
	if got, want := Format("X", at, 12345), "X-200811-12345"; got != want {
		t.Fatalf("Format = %q, want %q", got, want)
	}
}

func TestParse(t *testing.T) {
	t.Run("OK", func(t *testing.T) {
		c, err := Parse("000.00.03.H03-200811-1002")
		if err != nil {
			t.Fatal(err)
		}
		if c.Agency != "000.00.03.H03" || c.Seq != 1002 || !c.Day.Equal(time.Date(2020, 8, 11, 0, 0, 0, 0, Location)) {
			t.Fatalf("Parse = %+v", c)
		}
		if c.String() != "000.00.03.H03-200811-1002" {
			t.Fatalf("round trip = %q", c.String())
		}
	})
	for _, bad := range []string{"", "abc", "000.00.03.H03-200811-12", "000.00.03.H03-201341-1002", "000.00.03.H03-200811-0000", "a b-200811-1002", "x-200811-1002; drop", "x-200811-00001", "x-200811-01002"} {
		t.Run("Bad/"+bad, func(t *testing.T) {
			if _, err := Parse(bad); err == nil {
				t.Fatalf("Parse(%q) accepted", bad)
			}
		})
	}
}

func TestDay(t *testing.T) {
	d := Day(time.Date(2024, 12, 31, 17, 0, 0, 0, time.UTC))
	if !d.Equal(time.Date(2025, 1, 1, 0, 0, 0, 0, Location)) {
		t.Fatalf("Day = %v", d)
	}
}
