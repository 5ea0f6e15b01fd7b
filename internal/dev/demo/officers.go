package demo

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/dvc-project/dvc/internal/catalogue"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/textsearch"
)

// officerRoles are the roles every demo agency has an officer for, with the word its
// generated usernames end in: the three of every route, and the clerk (văn thư) that 30
// demo procedures end with.
var officerRoles = []struct{ role, word string }{
	{domain.RoleReception, "motcua"}, {domain.RoleSpecialist, "chuyenvien"}, {domain.RoleLeader, "lanhdao"},
	{domain.RoleClerk, "vanthu"},
}

// officerFamilies and officerGivens make the generated officers' names: the i-th is
// family i mod 13 and given name i mod 20, distinct for the first 260 (13 and 20 are
// coprime).
var (
	officerFamilies = []string{"Bế", "Lục", "Nguyễn", "Trần", "Lý", "Đỗ", "Dương", "Hoàng", "Phạm", "Ngô", "Vi", "Lưu", "Hứa"}
	officerGivens   = []string{"Văn Cường", "Thị Dung", "Minh Giang", "Thị Hằng", "Văn Hải", "Thị Khánh Linh",
		"Quốc Nam", "Thị Ngân", "Văn Phúc", "Minh Quân", "Thị Sen", "Văn Sơn", "Thị Tâm", "Thị Thảo",
		"Văn Thắng", "Thị Trang", "Văn Tuấn", "Thị Vân", "Thị Yến", "Văn Khải"}
)

// officerName is the i-th generated officer's name.
func officerName(i int) string {
	return officerFamilies[i%len(officerFamilies)] + " " + officerGivens[i%len(officerGivens)]
}

// agencyOfficers are generated officers for the roles of officerRoles that no account
// of have holds in an agency of c: "<initials of the agency>.<role
// word>", e.g. sxd.motcua for Sở Xây dựng's one-stop desk.
func agencyOfficers(c catalogue.Catalogue, have []Account) []Account {
	covered := map[string]bool{} // agency code + role
	taken := map[string]bool{}
	for _, a := range have {
		taken[a.Username] = true
		for _, r := range a.Roles {
			covered[a.Agency+" "+r] = true
		}
	}
	var out []Account
	for _, ag := range c.Agencies {
		slug := agencySlug(ag.Name, taken)
		for _, r := range officerRoles {
			if covered[ag.Code+" "+r.role] {
				continue
			}
			username := slug + "." + r.word
			taken[username] = true
			out = append(out, Account{Username: username, Kind: "staff", FullName: officerName(len(out)),
				Email: username + "@demo.dvc.vn", Agency: ag.Code, Roles: []string{r.role}})
		}
	}
	return out
}

// agencySlug is the initials of an agency's name without accents ("Sở Xây dựng" → "sxd",
// "Ủy ban nhân dân huyện Ba Bể" → "ubndhbb"); when another agency has them, the whole
// name ("Sở Ngoại vụ" after "Sở Nội vụ" → "songoaivu"), numbered if need be.
func agencySlug(name string, taken map[string]bool) string {
	var initials, whole strings.Builder
	for _, w := range strings.Fields(textsearch.Fold(name)) {
		if r := []rune(w)[0]; w != "va" && unicode.IsLetter(r) {
			initials.WriteRune(r)
			whole.WriteString(w)
		}
	}
	free := func(slug string) bool {
		return !slices.ContainsFunc(officerRoles, func(r struct{ role, word string }) bool { return taken[slug+"."+r.word] })
	}
	slug := initials.String()
	if !free(slug) {
		slug = whole.String()[:min(whole.Len(), 20)]
	}
	for n, base := 2, slug; !free(slug); n++ {
		slug = fmt.Sprintf("%s%d", base, n)
	}
	return slug
}
