package dossiercode

import (
	"testing"
	"time"
)

// BenchmarkFormat formats a dossier code (every submission).
func BenchmarkFormat(b *testing.B) {
	t := time.Date(2026, 11, 20, 9, 30, 0, 0, Location)
	b.ReportAllocs()
	for b.Loop() {
		_ = Format("000.00.03.H03", t, 1042)
	}
}

// BenchmarkParse checks a code typed into the public lookup.
func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("000.00.03.H03-261120-1042"); err != nil {
			b.Fatal(err)
		}
	}
}
