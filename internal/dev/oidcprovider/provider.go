// Package oidcprovider is a DEVELOPMENT STAND-IN for the national sign-in (Cổng DVC quốc
// gia / VNeID): an OpenID Connect provider built on zitadel/oidc's op package, with a
// tiny login page that lists demo national identities and userinfo answers carrying the
// national portal's claim names (TechID, SoDinhDanh, HoVaTen, …, §3 of
// /shared/NATIONAL_PORTAL.md). `dvc dev` serves it so that the "sign in with the
// national portal" button works on a fresh machine; the tests run it in-process. It is
// not the national identity provider and never talks to it.
package oidcprovider

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"
	"golang.org/x/text/language"
)

// Identity is a demo national account, with the portal's claim names.
type Identity struct {
	TechID      string `json:"TechID"`
	AccountType string `json:"LoaiTaiKhoan"` // "1" citizen, "2" business
	IDNumber    string `json:"SoDinhDanh"`
	OldIDNumber string `json:"SoCMND"`
	FullName    string `json:"HoVaTen"`
	BirthDate   string `json:"NgayThangNamSinh"` // yyyyMMdd
	Email       string `json:"ThuDienTu"`
	Phone       string `json:"SoDienThoai"`
	Address     string `json:"DiaChi"`
	TaxCode     string `json:"MaSoThue"`
	CompanyName string `json:"TenDoanhNghiep"`
}

// fill writes the identity into a userinfo answer.
func (id Identity) fill(u *oidc.UserInfo) {
	u.Subject = id.TechID
	for k, v := range map[string]string{"TechID": id.TechID, "LoaiTaiKhoan": id.AccountType, "SoDinhDanh": id.IDNumber,
		"SoCMND": id.OldIDNumber, "HoVaTen": id.FullName, "NgayThangNamSinh": id.BirthDate, "ThuDienTu": id.Email,
		"SoDienThoai": id.Phone, "DiaChi": id.Address, "MaSoThue": id.TaxCode, "TenDoanhNghiep": id.CompanyName} {
		if v != "" {
			u.AppendClaims(k, v)
		}
	}
}

// DemoIdentities are the identities the login page offers by default. The first has the
// ID number of the demo citizen account (to try "link by ID number"); the others are new.
func DemoIdentities() []Identity {
	return []Identity{
		{TechID: "a1f3c9e2-0001-4d6b-9c1e-000000000001", AccountType: "1", IDNumber: "001099000001",
			FullName: "Nguyễn Văn An", BirthDate: "19900115", Email: "nguyenvanan@example.invalid", Phone: "0900000001",
			Address: "Phường Đức Xuân, thành phố Bắc Kạn"},
		{TechID: "a1f3c9e2-0002-4d6b-9c1e-000000000002", AccountType: "1", IDNumber: "008199000222",
			FullName: "Trần Thị Bích Ngọc", BirthDate: "19951203", Email: "bichngoc@example.invalid", Phone: "0900000222",
			Address: "Xã Quảng Khê, huyện Ba Bể"},
		{TechID: "a1f3c9e2-0003-4d6b-9c1e-000000000003", AccountType: "2", TaxCode: "4700123456",
			FullName: "Lê Minh Đức", CompanyName: "Công ty TNHH Thương mại Đức Minh", Email: "ducminh@example.invalid", Phone: "0900000333"},
	}
}

// Options configures the provider.
type Options struct {
	// ClientID and ClientSecret of the one client it knows (dvc / dvc-dev-secret).
	ClientID, ClientSecret string
	// RedirectURIs the client may use; required.
	RedirectURIs []string
	// Identities offered on the login page (DemoIdentities when empty).
	Identities []Identity
	Logger     *slog.Logger
}

// Server is a running provider.
type Server struct {
	storage *storage
	srv     *http.Server
	issuer  string
	once    sync.Once
}

// Start listens on addr ("127.0.0.1:0": a free port) and serves the provider at
// http://addr (the issuer) until Close.
func Start(addr string, opts Options) (*Server, error) {
	if len(opts.RedirectURIs) == 0 {
		return nil, errors.New("oidcprovider: at least one redirect URI is required")
	}
	if opts.ClientID == "" {
		opts.ClientID, opts.ClientSecret = "dvc", "dvc-dev-secret"
	}
	if len(opts.Identities) == 0 {
		opts.Identities = DemoIdentities()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{issuer: "http://" + ln.Addr().String(), storage: &storage{
		client:     &client{id: opts.ClientID, secret: opts.ClientSecret, redirects: opts.RedirectURIs},
		identities: map[string]Identity{}, requests: map[string]*authRequest{}, codes: map[string]string{},
		tokens: map[string]token{}, key: signingKey{id: newID(), key: key}}}
	for _, id := range opts.Identities {
		s.storage.identities[id.TechID] = id
	}
	handler, err := s.handler(opts)
	if err != nil {
		ln.Close()
		return nil, err
	}
	s.srv = &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			opts.Logger.Error("oidc provider stand-in stopped", "err", err)
		}
	}()
	return s, nil
}

func (s *Server) handler(opts Options) (http.Handler, error) {
	var cryptoKey [32]byte
	if _, err := rand.Read(cryptoKey[:]); err != nil {
		return nil, err
	}
	provider, err := op.NewProvider(&op.Config{CryptoKey: cryptoKey, CodeMethodS256: true,
		AuthMethodPost: true, SupportedUILocales: []language.Tag{language.Vietnamese},
		SupportedClaims: []string{"sub", "TechID", "SoDinhDanh", "HoVaTen", "ThuDienTu", "SoDienThoai", "LoaiTaiKhoan"},
	}, s.storage, op.StaticIssuer(s.issuer), op.WithAllowInsecure(), op.WithLogger(opts.Logger))
	if err != nil {
		return nil, err
	}
	callback := provider.AuthorizationEndpoint().Relative() + "/callback?id="
	mux := http.NewServeMux()
	mux.Handle("GET /login", s.loginPage(opts.Identities))
	mux.Handle("POST /login", s.loginSubmit(callback))
	mux.Handle("/", provider)
	return mux, nil
}

// Issuer is the provider's issuer URL (no trailing slash).
func (s *Server) Issuer() string { return s.issuer }

// Close stops the provider.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = s.srv.Shutdown(ctx)
	})
	return err
}

// client is the one relying party: dvc.
type client struct {
	id, secret string
	redirects  []string
}

func (c *client) GetID() string                       { return c.id }
func (c *client) RedirectURIs() []string              { return c.redirects }
func (c *client) PostLogoutRedirectURIs() []string    { return c.redirects }
func (c *client) ApplicationType() op.ApplicationType { return op.ApplicationTypeWeb }
func (c *client) AuthMethod() oidc.AuthMethod         { return oidc.AuthMethodBasic }
func (c *client) ResponseTypes() []oidc.ResponseType {
	return []oidc.ResponseType{oidc.ResponseTypeCode}
}
func (c *client) GrantTypes() []oidc.GrantType        { return []oidc.GrantType{oidc.GrantTypeCode} }
func (c *client) LoginURL(id string) string           { return "/login?authRequestID=" + id }
func (c *client) AccessTokenType() op.AccessTokenType { return op.AccessTokenTypeBearer }
func (c *client) IDTokenLifetime() time.Duration      { return 5 * time.Minute }
func (c *client) DevMode() bool                       { return true }
func (c *client) IsScopeAllowed(scope string) bool {
	return slices.Contains([]string{"openid", "profile"}, scope)
}
func (c *client) IDTokenUserinfoClaimsAssertion() bool { return false }
func (c *client) ClockSkew() time.Duration             { return 0 }
func (c *client) RestrictAdditionalIdTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
func (c *client) RestrictAdditionalAccessTokenScopes() func([]string) []string {
	return func(s []string) []string { return s }
}
