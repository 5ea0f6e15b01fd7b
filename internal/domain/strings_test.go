package domain

import (
	"slices"
	"testing"
)

func TestStringsScan(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{`{}`, []string{}},
		{`{reception,leader}`, []string{"reception", "leader"}},
		{`{"Bằng tốt nghiệp THPT","a, b","say \"hi\"",NULL,x\\y}`, []string{"Bằng tốt nghiệp THPT", "a, b", `say "hi"`, "", `x\y`}},
		{`{""}`, []string{""}},
	} {
		var s Strings
		if err := s.Scan([]byte(c.in)); err != nil || !slices.Equal(s, c.want) {
			t.Errorf("Scan(%s) = %q, %v; want %q", c.in, s, err, c.want)
		}
	}
	for _, bad := range []string{``, `{`, `{"open}`, `{"a"b}`, `a,b`} {
		var s Strings
		if err := s.Scan(bad); err == nil {
			t.Errorf("Scan(%q) accepted: %q", bad, s)
		}
	}
	var s Strings = []string{"x"}
	if err := s.Scan(nil); err != nil || s != nil {
		t.Errorf("Scan(nil) = %q, %v", s, err)
	}
}
