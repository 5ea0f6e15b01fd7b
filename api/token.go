package api

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/service"
)

// tokenPath is the token endpoint of the machine clients.
const tokenPath = "/api/v1/oauth/token"

// registerTokenRoute serves the OAuth 2.0 token endpoint with zitadel/oidc's op package
// (request parsing, client authentication by HTTP Basic or form, the error answers of
// RFC 6749), answering only the client-credentials grant.
func (s *Server) registerTokenRoute(r *gin.RouterGroup) {
	h := op.RegisterServer(&tokenServer{svc: s.svc}, op.Endpoints{Token: op.NewEndpoint(tokenPath)},
		op.WithServerCORSOptions(nil))
	r.POST("/oauth/token", gin.WrapH(h))
}

// tokenServer is the op.Server of the token endpoint: every other endpoint of an OpenID
// provider answers "unsupported".
type tokenServer struct {
	op.UnimplementedServer
	svc *service.Service
}

// VerifyClient authenticates the client by its id and secret.
func (t *tokenServer) VerifyClient(ctx context.Context, r *op.Request[op.ClientCredentials]) (op.Client, error) {
	if r.Data.ClientID == "" || r.Data.ClientSecret == "" {
		return nil, op.NewStatusError(oidc.ErrInvalidClient().WithDescription("client_id and client_secret are required"), http.StatusUnauthorized)
	}
	c, err := t.svc.AuthenticateClient(ctx, r.Data.ClientID, r.Data.ClientSecret)
	if err != nil {
		return nil, tokenError(err)
	}
	return machineClient{c}, nil
}

// ClientCredentialsExchange issues a bearer token with the scopes asked.
func (t *tokenServer) ClientCredentialsExchange(ctx context.Context, r *op.ClientRequest[oidc.ClientCredentialsRequest]) (*op.Response, error) {
	mc, ok := r.Client.(machineClient)
	if !ok {
		return nil, oidc.ErrInvalidClient()
	}
	token, granted, ttl, err := t.svc.IssueToken(ctx, mc.Client, r.Data.Scope)
	if err != nil {
		return nil, tokenError(err)
	}
	return op.NewResponse(&oidc.AccessTokenResponse{AccessToken: token, TokenType: oidc.BearerToken,
		ExpiresIn: uint64(ttl / time.Second), Scope: granted}), nil
}

// tokenError is err as the token endpoint answers it.
func tokenError(err error) error {
	switch {
	case errors.Is(err, service.ErrInvalidScope):
		return oidc.ErrInvalidScope().WithDescription("the client was not granted this scope")
	case domain.IsKind(err, domain.NotFound):
		return op.NewStatusError(oidc.ErrInvalidClient().WithDescription("unknown or revoked client, or wrong secret"), http.StatusUnauthorized)
	case domain.IsKind(err, domain.Unavailable):
		return op.NewStatusError(oidc.ErrServerError().WithDescription("unavailable, try again").WithParent(err), http.StatusServiceUnavailable)
	}
	return oidc.ErrServerError().WithParent(err)
}

// machineClient is a registered client as op sees it: confidential, client credentials
// only, opaque bearer tokens.
type machineClient struct{ domain.Client }

func (c machineClient) GetID() string                       { return c.ClientID }
func (c machineClient) RedirectURIs() []string              { return nil }
func (c machineClient) PostLogoutRedirectURIs() []string    { return nil }
func (c machineClient) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c machineClient) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c machineClient) ResponseTypes() []oidc.ResponseType  { return nil }
func (c machineClient) GrantTypes() []oidc.GrantType {
	return []oidc.GrantType{oidc.GrantTypeClientCredentials}
}
func (c machineClient) LoginURL(string) string               { return "" }
func (c machineClient) AccessTokenType() op.AccessTokenType  { return op.AccessTokenTypeBearer }
func (c machineClient) IDTokenLifetime() time.Duration       { return 0 }
func (c machineClient) DevMode() bool                        { return false }
func (c machineClient) IsScopeAllowed(scope string) bool     { return domain.KnownScope(scope) }
func (c machineClient) IDTokenUserinfoClaimsAssertion() bool { return false }
func (c machineClient) ClockSkew() time.Duration             { return 0 }
func (c machineClient) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c machineClient) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
