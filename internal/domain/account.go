package domain

import (
	"time"
)

// Account is a citizen's or an officer's account (without its password hash).
type Account struct {
	ID          int64      `db:"id" json:"id"`
	Username    string     `db:"username" json:"username"`
	Kind        string     `db:"kind" json:"kind"`
	FullName    string     `db:"full_name" json:"full_name"`
	Email       string     `db:"email" json:"email"`
	Phone       string     `db:"phone" json:"phone"`
	IDNumber    string     `db:"id_number" json:"id_number"`
	Gender      string     `db:"gender" json:"gender"`
	DateOfBirth *time.Time `db:"date_of_birth" json:"date_of_birth"`
	Address     string     `db:"address" json:"address"`
	AgencyID    *int64     `db:"agency_id" json:"agency_id,omitempty"`
	AgencyName  string     `db:"agency_name" json:"agency_name,omitempty"`
	Roles       Strings    `db:"roles" json:"roles"`
	Disabled    bool       `db:"disabled" json:"-"`
}

// NewCitizen is what registration stores.
type NewCitizen struct {
	Username, PasswordHash, FullName, Email, Phone, IDNumber string
}

// Profile is what a citizen may change about themselves.
type Profile struct {
	FullName    string
	Gender      string
	DateOfBirth *time.Time
	Address     string
	Phone       string
	Email       string
}

// Session is a signed-in account.
type Session struct {
	TokenHash string
	CSRFToken string
	ExpiresAt time.Time
	Account   Account
}

// Officer roles inside an agency, and the other actors of the lifecycle.
const (
	RoleReception  = "reception"  // bộ phận một cửa
	RoleSpecialist = "specialist" // chuyên viên
	RoleLeader     = "leader"     // lãnh đạo
	RoleClerk      = "clerk"      // văn thư
	RoleSupervisor = "supervisor" // province-wide, read-only
	RoleAdmin      = "admin"
	RoleCitizen    = "citizen"
	RoleSystem     = "system" // timers
	// RolePaymentGateway is the national payment platform, whose verified callback
	// confirms a fee paid online; no account holds it.
	RolePaymentGateway = "payment_gateway"
)

// roleLabels are the roles' Vietnamese names.
var roleLabels = map[string]string{
	RoleReception:  "Bộ phận một cửa",
	RoleSpecialist: "Chuyên viên",
	RoleLeader:     "Lãnh đạo",
	RoleClerk:      "Văn thư",
	RoleSupervisor: "Giám sát",
	RoleAdmin:      "Quản trị",
}

// RoleLabel is a role's Vietnamese name, as the log and the pages show it; an unknown role
// is returned as it is.
func RoleLabel(role string) string {
	if l, ok := roleLabels[role]; ok {
		return l
	}
	return role
}

// NewStaff is an officer account to create.
type NewStaff struct {
	Username, PasswordHash, FullName, Email string
	AgencyID                                *int64
	Roles                                   []string
}

// IsStaff reports whether a is an officer's account holding one of roles (any officer
// when none are given).
func (a Account) IsStaff(roles ...string) bool {
	if a.Kind != "staff" {
		return false
	}
	if len(roles) == 0 {
		return true
	}
	return a.HasRole(roles...)
}

// HasRole reports whether a holds one of roles.
func (a Account) HasRole(roles ...string) bool {
	for _, mine := range a.Roles {
		for _, r := range roles {
			if mine == r {
				return true
			}
		}
	}
	return false
}
