package demo

import (
	"testing"

	"github.com/dvc-project/dvc/internal/domain"
)

// TestEveryAgencyIsStaffed: every agency of the demo catalogue has a reception officer, a
// specialist, a leader and a clerk, and no two demo accounts share a username or a name
// within an agency.
func TestEveryAgencyIsStaffed(t *testing.T) {
	c, err := Catalogue()
	if err != nil {
		t.Fatal(err)
	}
	accounts, err := Accounts()
	if err != nil {
		t.Fatal(err)
	}
	holds, users, names := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, a := range accounts {
		if users[a.Username] {
			t.Errorf("username %s twice", a.Username)
		}
		users[a.Username] = true
		if a.Agency != "" && names[a.Agency+a.FullName] {
			t.Errorf("%s: two officers named %s", a.Agency, a.FullName)
		}
		names[a.Agency+a.FullName] = true
		for _, r := range a.Roles {
			holds[a.Agency+" "+r] = true
		}
	}
	for _, ag := range c.Agencies {
		for _, r := range []string{domain.RoleReception, domain.RoleSpecialist, domain.RoleLeader, domain.RoleClerk} {
			if !holds[ag.Code+" "+r] {
				t.Errorf("%s (%s) has no %s", ag.Name, ag.Code, r)
			}
		}
	}
	if !users["sxd.motcua"] || !users["sxd.lanhdao"] || !users["songoaivu.motcua"] {
		t.Errorf("the generated usernames are not the agencies' initials: %v", users)
	}
}
