package service

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/dvc-project/dvc/internal/auth"
	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/validate"
)

// Defaults of the machine clients' settings (config: clients.*).
const (
	DefaultTokenTTL        = 15 * time.Minute
	DefaultClientRateLimit = 600 // requests a minute
	DefaultSecretGrace     = 24 * time.Hour
)

// ClientInput is an administrator's new machine client.
type ClientInput struct {
	Name      string   `json:"name"`
	AgencyID  int64    `json:"agency_id"` // 0: province-wide (read-only scopes)
	Scopes    []string `json:"scopes"`
	Roles     []string `json:"roles"`      // the decision roles it acts with (decisions:write)
	RateLimit int      `json:"rate_limit"` // requests a minute; the default when 0
}

// ClientCredentials is a client with the secret to give its operators: shown once,
// only its hash is kept.
type ClientCredentials struct {
	Client domain.Client `json:"client"`
	Secret string        `json:"client_secret"`
}

func invalidClient(field, msg string) error {
	return &domain.Error{Kind: domain.Unprocessable, Code: "invalid_client", Message: "Thông tin ứng dụng kết nối chưa hợp lệ.",
		Fields: map[string]string{field: msg}}
}

// RegisterClient registers a machine client and returns it with its client id and first
// secret. A client with decisions:write or dossiers:intake acts for one agency and needs
// roles; a province-wide one reads as a supervisor. Errors: invalid_client (with fields).
func (s *Service) RegisterClient(ctx context.Context, in ClientInput) (ClientCredentials, error) {
	name, ok := validate.Name(in.Name, 200)
	if !ok {
		return ClientCredentials{}, invalidClient("name", "Bắt buộc, tối đa 200 ký tự.")
	}
	if len(in.Scopes) == 0 {
		return ClientCredentials{}, invalidClient("scopes", "Phải chọn ít nhất một phạm vi.")
	}
	for _, sc := range in.Scopes {
		if !domain.KnownScope(sc) {
			return ClientCredentials{}, invalidClient("scopes", "Phạm vi không hợp lệ: "+sc)
		}
	}
	writes := slices.Contains(in.Scopes, domain.ScopeDecisionsWrite) || slices.Contains(in.Scopes, domain.ScopeDossiersIntake)
	nc := domain.NewClient{Name: name, Scopes: in.Scopes, Roles: in.Roles, RateLimit: in.RateLimit}
	switch {
	case in.AgencyID != 0:
		if err := s.agencyExists(ctx, in.AgencyID); err != nil {
			return ClientCredentials{}, err
		}
		nc.AgencyID = &in.AgencyID
	case writes:
		return ClientCredentials{}, invalidClient("agency_id", "Ứng dụng ghi dữ liệu phải thuộc một cơ quan.")
	default:
		nc.Roles = []string{domain.RoleSupervisor}
	}
	if writes && len(nc.Roles) == 0 {
		return ClientCredentials{}, invalidClient("roles", "Ứng dụng ghi dữ liệu cần vai trò xử lý.")
	}
	for _, r := range nc.Roles {
		if !slices.Contains(StaffRoles, r) || r == domain.RoleAdmin {
			return ClientCredentials{}, invalidClient("roles", "Vai trò không hợp lệ: "+r)
		}
	}
	if nc.RateLimit <= 0 {
		nc.RateLimit = s.ClientRateLimit
	}
	nc.ClientID = "dvc-" + strings.ToLower(auth.NewUpdateCode()) + strings.ToLower(auth.NewUpdateCode())
	secret := auth.NewToken()
	nc.SecretHash = auth.TokenHash(secret)
	c, err := s.Store.CreateClient(ctx, nc)
	return ClientCredentials{Client: c, Secret: secret}, err
}

func (s *Service) agencyExists(ctx context.Context, id int64) error {
	agencies, err := s.Store.Agencies(ctx)
	if err != nil {
		return err
	}
	for _, a := range agencies {
		if a.ID == id {
			return nil
		}
	}
	return invalidClient("agency_id", "Không có cơ quan này.")
}

// Clients lists the registered machine clients.
func (s *Service) Clients(ctx context.Context) ([]domain.Client, error) { return s.Store.Clients(ctx) }

// RotateClientSecret gives client id a new secret; the old ones stay valid for grace
// (the default when negative, none when 0), so that the client switches without
// downtime. Errors: client_not_found.
func (s *Service) RotateClientSecret(ctx context.Context, id int64, grace time.Duration) (ClientCredentials, error) {
	if grace < 0 {
		grace = s.SecretGrace
	}
	secret := auth.NewToken()
	if err := s.Store.RotateClientSecret(ctx, id, auth.TokenHash(secret), s.Now().Add(grace)); err != nil {
		return ClientCredentials{}, err
	}
	c, err := s.Store.Client(ctx, id)
	return ClientCredentials{Client: c, Secret: secret}, err
}

// RevokeClient revokes client id: its tokens stop working at once. Errors:
// client_not_found.
func (s *Service) RevokeClient(ctx context.Context, id int64) (domain.Client, error) {
	if err := s.Store.RevokeClient(ctx, id); err != nil {
		return domain.Client{}, err
	}
	return s.Store.Client(ctx, id)
}

// AuthenticateClient returns the live client with that id and secret. Errors:
// client_not_found.
func (s *Service) AuthenticateClient(ctx context.Context, clientID, secret string) (domain.Client, error) {
	return s.Store.ClientBySecret(ctx, clientID, auth.TokenHash(secret))
}

// ErrInvalidScope answers a token request for a scope the client was not granted.
var ErrInvalidScope = domain.NewError(domain.Invalid, "invalid_scope", "Ứng dụng không được cấp phạm vi này.")

// IssueToken gives client c a bearer token with the scopes asked (all of its scopes when
// none are), valid for TokenTTL. Errors: invalid_scope.
func (s *Service) IssueToken(ctx context.Context, c domain.Client, asked []string) (string, []string, time.Duration, error) {
	granted := []string(c.Scopes)
	if len(asked) > 0 {
		for _, sc := range asked {
			if !slices.Contains(c.Scopes, sc) {
				return "", nil, 0, ErrInvalidScope
			}
		}
		granted = asked
	}
	token := auth.NewToken()
	if err := s.Store.CreateToken(ctx, auth.TokenHash(token), c.ID, granted, s.Now().Add(s.TokenTTL)); err != nil {
		return "", nil, 0, err
	}
	return token, granted, s.TokenTTL, nil
}

// ClientToken returns what a bearer token stands for. Errors: invalid_token.
func (s *Service) ClientToken(ctx context.Context, token string) (domain.ClientToken, error) {
	return s.Store.TokenByHash(ctx, auth.TokenHash(token))
}

// ErrRateLimited answers a machine client over its rate.
var ErrRateLimited = domain.NewError(domain.TooMany, "rate_limited", "Ứng dụng gửi quá nhiều yêu cầu, vui lòng giảm tần suất.")

// clientLimits holds a token bucket per client: its rate_limit requests a minute, with
// as much burst. Each API replica limits on its own.
type clientLimits struct {
	mu      sync.Mutex
	buckets map[int64]*rate.Limiter
}

// AllowClient counts a request of client c against its rate. Errors: rate_limited (with
// RetryAfter).
func (s *Service) AllowClient(c domain.Client) error {
	s.clientLimits.mu.Lock()
	l, ok := s.clientLimits.buckets[c.ID]
	per := rate.Limit(float64(c.RateLimit) / 60)
	if !ok || l.Limit() != per {
		l = rate.NewLimiter(per, max(1, c.RateLimit))
		s.clientLimits.buckets[c.ID] = l
	}
	s.clientLimits.mu.Unlock()
	r := l.ReserveN(s.Now(), 1)
	if d := r.DelayFrom(s.Now()); d > 0 {
		r.CancelAt(s.Now())
		e := *ErrRateLimited
		e.RetryAfter = d
		return &e
	}
	return nil
}
