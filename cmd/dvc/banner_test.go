package main

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dvc-project/dvc/internal/dev/demo"
)

// TestLoginTableAligned: the demo logins line up in columns whatever the length of the
// usernames (songoaivu.chuyenvien) and names, and show the agencies' names, not codes.
func TestLoginTableAligned(t *testing.T) {
	accounts, err := demo.Accounts()
	if err != nil {
		t.Fatal(err)
	}
	table, err := loginTable(accounts)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(table, "\n"), "\n")
	if len(lines) != len(accounts) {
		t.Fatalf("%d lines for %d accounts", len(lines), len(accounts))
	}
	column := func(line, cell string) int { return utf8.RuneCountInString(line[:strings.Index(line, cell)]) }
	for i, l := range lines {
		acc := accounts[i]
		if column(l, acc.FullName) != column(lines[0], accounts[0].FullName) {
			t.Errorf("the name column moves:\n%s\n%s", lines[0], l)
		}
		if l != strings.TrimRight(l, " ") {
			t.Errorf("trailing spaces: %q", l)
		}
		if acc.Agency != "" && strings.Contains(l, acc.Agency) {
			t.Errorf("an agency code instead of its name: %s", l)
		}
	}
	for _, want := range []string{"Sở Xây dựng", "Sở Giáo dục và Đào tạo", "songoaivu.chuyenvien"} {
		if !strings.Contains(table, want) {
			t.Errorf("the logins lack %q:\n%s", want, table)
		}
	}
	staff := lines[1] // motcua, after the citizen
	if column(staff, "reception") != column(lines[len(lines)-1], "clerk") {
		t.Errorf("the role column moves:\n%s\n%s", staff, lines[len(lines)-1])
	}
}
