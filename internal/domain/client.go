package domain

import "time"

// Scopes a machine client may be granted (OAuth 2.0 scopes of its bearer tokens).
const (
	ScopeDossiersRead   = "dossiers:read"   // read dossiers of its agency scope, the worklist, files, slips
	ScopeDossiersIntake = "dossiers:intake" // register dossiers handed in at the desk or by post
	ScopeDecisionsWrite = "decisions:write" // officers' decisions, claims, result files
	ScopeStatsRead      = "stats:read"      // report form 06
	ScopeWebhooksManage = "webhooks:manage" // its own webhook subscriptions and deliveries
)

// Scopes lists every scope with what it allows, in the order the documents show them.
var Scopes = []struct{ Name, Description string }{
	{ScopeDossiersRead, "Read the dossiers of the client's agency scope, the worklist, their files and slips"},
	{ScopeDossiersIntake, "Register dossiers handed in at the one-stop desk or by post"},
	{ScopeDecisionsWrite, "Take officers' decisions (as the client, with its roles) and attach result files"},
	{ScopeStatsRead, "Read report form 06"},
	{ScopeWebhooksManage, "Manage the client's webhook subscriptions and read their deliveries"},
}

// KnownScope reports whether s is one of Scopes.
func KnownScope(s string) bool {
	for _, sc := range Scopes {
		if sc.Name == s {
			return true
		}
	}
	return false
}

// KindClient is the account kind behind a machine client: its decisions and reads are
// logged under that account, named after the client.
const KindClient = "client"

// IsMachine reports whether a is a machine client's account.
func (a Account) IsMachine() bool { return a.Kind == KindClient }

// Client is a machine client (another system: e-office, LGSP, queue kiosks) registered by
// an administrator. It acts for one agency (AgencyID) or, without one, province-wide
// (read-only scopes), with the decision roles Roles.
type Client struct {
	ID         int64      `db:"id" json:"id"`
	ClientID   string     `db:"client_id" json:"client_id"`
	Name       string     `db:"name" json:"name"`
	AccountID  int64      `db:"account_id" json:"account_id"`
	AgencyID   *int64     `db:"agency_id" json:"agency_id"`
	AgencyCode *string    `db:"agency_code" json:"agency_code"`
	Scopes     Strings    `db:"scopes" json:"scopes"`
	Roles      Strings    `db:"roles" json:"roles"`
	RateLimit  int        `db:"rate_limit" json:"rate_limit"` // requests a minute
	CreatedAt  time.Time  `db:"created_at" json:"created_at"`
	RevokedAt  *time.Time `db:"revoked_at" json:"revoked_at"`
}

// ClientSecret is one of a client's secrets (only its hash is kept). Two may be valid at
// once while a rotation is under way.
type ClientSecret struct {
	ID        int64      `db:"id" json:"id"`
	CreatedAt time.Time  `db:"created_at" json:"created_at"`
	ExpiresAt *time.Time `db:"expires_at" json:"expires_at"`
}

// NewClient is a client to register.
type NewClient struct {
	Name       string
	AgencyID   *int64
	Scopes     []string
	Roles      []string
	RateLimit  int
	ClientID   string
	SecretHash string
}

// ClientToken is what a valid bearer token stands for.
type ClientToken struct {
	Client    Client
	Account   Account
	Scopes    Strings
	ExpiresAt time.Time
}

// ErrClientNotFound answers a client that is not registered, or (to the token endpoint)
// revoked or given a wrong or expired secret.
var ErrClientNotFound = NewError(NotFound, "client_not_found", "Không tìm thấy ứng dụng kết nối.")

// ErrInvalidToken answers a bearer token that is missing, unknown, expired or whose
// client was revoked.
var ErrInvalidToken = NewError(Unauthorized, "invalid_token", "Mã truy cập không hợp lệ, đã hết hạn hoặc đã bị thu hồi.")
