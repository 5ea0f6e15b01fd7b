package service

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestFileLinks: a signed link checks until it expires; another file, another dossier, an
// altered expiry or another key does not.
func TestFileLinks(t *testing.T) {
	now := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	l := FileLinks{Base: "https://dvc.example/", Key: []byte("0123456789abcdef0123456789abcdef"), TTL: time.Hour,
		Now: func() time.Time { return now }}
	u, err := url.Parse(l.URL(7, 42))
	if err != nil || u.Path != FileLinkPath+"42" || u.Host != "dvc.example" {
		t.Fatalf("link %v %v", u, err)
	}
	q := u.Query()
	exp, _ := strconv.ParseInt(q.Get("het"), 10, 64)
	sig := q.Get("ky")
	if !l.Check(7, 42, exp, sig) {
		t.Fatal("a fresh link does not check")
	}
	other := l
	other.Key = []byte("another key, also thirty-two bytes")
	for name, ok := range map[string]bool{"another file": l.Check(7, 43, exp, sig), "another dossier": l.Check(8, 42, exp, sig),
		"a later expiry": l.Check(7, 42, exp+3600, sig), "another key": other.Check(7, 42, exp, sig)} {
		if ok {
			t.Errorf("%s checks", name)
		}
	}
	now = now.Add(2 * time.Hour)
	if l.Check(7, 42, exp, sig) {
		t.Error("an expired link checks")
	}
	if (FileLinks{Now: time.Now}).Check(7, 42, exp, sig) {
		t.Error("a link checks without a key")
	}
}

// TestComponentByCode: the portal's component codes name the procedure's components by
// position.
func TestComponentByCode(t *testing.T) {
	cs := []domain.Component{{ID: 11, Position: 1}, {ID: 12, Position: 2}}
	for code, want := range map[string]int64{"TP01": 11, "tp2": 12, "1": 11, "02": 12, "TP03": 0, "GT": 0, "": 0} {
		got, ok := componentByCode(cs, code)
		if got != want || ok != (want != 0) {
			t.Errorf("%q: %d %v, want %d", code, got, ok, want)
		}
	}
}
