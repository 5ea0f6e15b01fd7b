package httpx

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
)

// errorSite finds an application error made in the sources: its kind and code.
var errorSite = regexp.MustCompile(`domain\.(?:NewError|WrapError)\(domain\.([A-Za-z]+), "([a-z_]+)"|Kind: domain\.([A-Za-z]+), Code: "([a-z_]+)"`)

// kinds are the error kinds by name, as the sources spell them.
var kinds = map[string]domain.ErrorKind{"Invalid": domain.Invalid, "Unprocessable": domain.Unprocessable,
	"NotFound": domain.NotFound, "Conflict": domain.Conflict, "Forbidden": domain.Forbidden,
	"Unavailable": domain.Unavailable, "Unauthorized": domain.Unauthorized, "TooMany": domain.TooMany,
	"TooLarge": domain.TooLarge, "UnsupportedMedia": domain.UnsupportedMedia,
	"MethodNotAllowed": domain.MethodNotAllowed, "Internal": domain.Internal}

// TestErrorCodesDocumented: every error code the sources make is a row of ERRORS.md with
// the status Status gives its kind, no code is made with two statuses, and the table
// lists no code the sources no longer make (but the codes chosen at run time).
func TestErrorCodesDocumented(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "ERRORS.md"))
	if err != nil {
		t.Fatal(err)
	}
	documented := map[string]int{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\| (\\d{3}) \\|").FindAllStringSubmatch(string(raw), -1) {
		documented[m[1]], _ = strconv.Atoi(m[2])
	}
	made := map[string]int{"decision_forbidden": 403, "unavailable": 503} // chosen at run time (Decide, Shown)
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return cmpSkip(err, d)
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range errorSite.FindAllStringSubmatch(string(src), -1) {
			kind, code := m[1]+m[3], m[2]+m[4]
			status := Status(&domain.Error{Kind: kinds[kind], Code: code})
			if prev, ok := made[code]; ok && prev != status {
				t.Errorf("%s: %s is made with status %d here and %d elsewhere", path, code, status, prev)
			}
			made[code] = status
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for code, status := range made {
		if documented[code] != status {
			t.Errorf("%s (%d) is not in ERRORS.md with that status (%d)", code, status, documented[code])
		}
	}
	for code := range documented {
		if _, ok := made[code]; !ok {
			t.Errorf("ERRORS.md lists %s, which nothing makes any more", code)
		}
	}
}

// cmpSkip skips a hidden directory (.git) or passes err on.
func cmpSkip(err error, d fs.DirEntry) error {
	if err != nil {
		return err
	}
	return filepath.SkipDir
}
