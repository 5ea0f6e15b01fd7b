package dossiercode

import "testing"

// FuzzParse: whatever is accepted formats back to itself (the seed with extra leading
// zeros once parsed to another dossier's code).
func FuzzParse(f *testing.F) {
	for _, s := range []string{"000.00.03.H03-200811-1002", "X-260101-0001", "a-999999-0001", "--", "000.00.03.H03-200230-0001", "x-200811-00000000000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Parse(s)
		if err != nil {
			return
		}
		if c.Seq <= 0 || c.String() != s {
			t.Fatalf("Parse(%q) = %+v, formats as %q", s, c, c.String())
		}
	})
}
