package app

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/paygov"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/internal/signer"
	"github.com/dvc-project/dvc/internal/slips"
)

// devProvince is the demo catalogue's province, the slips' header in dev unless
// slips.province says otherwise.
const devProvince = "Bắc Kạn"

// devP12Password opens the demo PKCS#12 files `dvc dev` makes (demonstration only).
const devP12Password = "dvc-dev-only"

// minQRKey is the shortest HMAC key accepted for the applicant hash.
const minQRKey = 16

// results builds what the API signs and verifies with (docs/results.md): the agencies'
// keys (in dev, a demo CA and one certificate per agency, made on first start), the
// PAdES signer, the verifier trusting their roots, the QR key and the slips' issuer.
func (a *App) results(ctx context.Context, lookupBase string) (service.Results, error) {
	cfg := a.Config
	portal := a.portal()
	province := cmp.Or(cfg.Slips.Province, cfg.Portal.ProvinceName)
	if province == "" && cfg.Embedded() {
		province = devProvince
	}
	if province == "" {
		return service.Results{}, errors.New("app: slips.province (or portal.province_name) is required (the province's name on every slip)")
	}
	keys, roots, err := a.keystore(ctx, province)
	if err != nil {
		return service.Results{}, err
	}
	extra, err := readRoots(cfg.Signing.TrustRoots)
	if err != nil {
		return service.Results{}, err
	}
	idKey, err := a.qrKey()
	if err != nil {
		return service.Results{}, err
	}
	pades := signer.New(keys, signer.Options{Reason: cfg.Signing.Reason, Location: province})
	issuer, err := slips.NewIssuer(slips.Config{Province: province, Parent: cfg.Slips.Parent, Place: cfg.Slips.Place,
		LookupBase: lookupBase, IDKey: idKey, Operator: portal.Operator, Hotline: portal.Hotline}, pades)
	if err != nil {
		return service.Results{}, fmt.Errorf("app: slips: %w", err)
	}
	return service.Results{Slips: issuer, Signer: pades, Verifier: signer.NewVerifier(append(roots, extra...)...),
		LookupBase: lookupBase, IDKey: idKey}, nil
}

// signingDir is where `dvc dev` keeps its demo CA and QR key.
func (a *App) signingDir() string {
	if a.Config.Signing.Dir != "" {
		return a.Config.Signing.Dir
	}
	return filepath.Join(a.Config.DataDir, "signing")
}

// keystore returns the agencies' keys and the roots they chain to.
func (a *App) keystore(ctx context.Context, province string) (signer.Keystore, []*x509.Certificate, error) {
	s := a.Config.Signing
	if s.Mode == config.SigningRemote {
		token := ""
		if s.Remote.TokenEnv != "" {
			token = os.Getenv(s.Remote.TokenEnv)
		}
		return signer.NewRemoteKeystore(s.Remote.URL, token, &http.Client{Timeout: 15 * time.Second}), nil, nil
	}
	files := signer.Files{Agencies: map[string]signer.P12File{}}
	if s.Default.P12 != "" {
		files.Default = signer.P12File{Path: s.Default.P12, Password: env(s.Default.PasswordEnv)}
	}
	for _, ag := range s.Agencies {
		files.Agencies[ag.Code] = signer.P12File{Path: ag.P12, Password: env(ag.PasswordEnv)}
	}
	var roots []*x509.Certificate
	if files.Default.Path == "" && len(files.Agencies) == 0 {
		if !a.Config.Embedded() {
			return nil, nil, errors.New("app: signing: no certificate configured (signing.default.p12, signing.agencies or signing.mode remote)")
		}
		dev, ca, err := a.devCA(ctx, province)
		if err != nil {
			return nil, nil, err
		}
		files, roots = dev, []*x509.Certificate{ca}
	}
	ks, err := signer.LoadPKCS12(files)
	if err != nil {
		return nil, nil, fmt.Errorf("app: signing: %w", err)
	}
	return ks, append(roots, ks.Roots()...), nil
}

// devCA makes (on first start) and reads the demo CA with a certificate per agency of
// the catalogue; agencies added later get theirs at the next start.
func (a *App) devCA(ctx context.Context, province string) (signer.Files, *x509.Certificate, error) {
	rows, err := a.Store.Agencies(ctx)
	if err != nil {
		return signer.Files{}, nil, err
	}
	agencies := make([]signer.DevAgency, 0, len(rows))
	for _, r := range rows {
		agencies = append(agencies, signer.DevAgency{Code: r.Code, Name: r.Name})
	}
	files, ca, err := signer.DevCA{Dir: a.signingDir(), Password: devP12Password, Province: province, Agencies: agencies}.Ensure()
	if err != nil {
		return signer.Files{}, nil, fmt.Errorf("app: %w", err)
	}
	return files, ca, nil
}

// qrKey is the HMAC key of the applicant hash: the qr.key_env variable, or in dev a
// random key kept in the signing directory (so QR codes stay the same across restarts).
func (a *App) qrKey() ([]byte, error) {
	name := a.Config.QR.KeyEnv
	if v := env(name); v != "" {
		if len(v) < minQRKey {
			return nil, fmt.Errorf("app: qr.key_env: %s must hold at least %d characters", name, minQRKey)
		}
		return []byte(v), nil
	}
	if !a.Config.Embedded() {
		return nil, fmt.Errorf("app: qr.key_env: set %s to a secret of at least %d characters", name, minQRKey)
	}
	path := filepath.Join(a.signingDir(), "qr.key")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= minQRKey {
		return []byte(strings.TrimSpace(string(b))), nil
	}
	if err := os.MkdirAll(a.signingDir(), 0o700); err != nil {
		return nil, fmt.Errorf("app: qr key: %w", err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails (Go 1.24+)
	text := hex.EncodeToString(key)
	if err := os.WriteFile(path, []byte(text+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("app: qr key: %w", err)
	}
	return []byte(text), nil
}

// readRoots reads PEM certificate files (signing.trust_roots).
func readRoots(paths []string) ([]*x509.Certificate, error) {
	var roots []*x509.Certificate
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("app: signing.trust_roots: %w", err)
		}
		for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
			c, err := x509.ParseCertificate(block.Bytes)
			if err != nil {
				return nil, fmt.Errorf("app: signing.trust_roots: %s: %w", p, err)
			}
			roots = append(roots, c)
		}
	}
	return roots, nil
}

// env is the value of the environment variable name ("" for no name).
func env(name string) string {
	if name == "" {
		return ""
	}
	return os.Getenv(name)
}

// Development identity on the payment platform's stand-in.
const (
	devPayGovPartner = "DVC-DEV"
	devPayGovSecret  = "dvc-dev-paygov-secret"
)

// payGov is the payment platform's client: the configured one (paygov.url), or in dev
// the stand-in this process serves at /dev/paygov (returned too, to be mounted); nil
// outside dev without paygov.url (online payment off).
func (a *App) payGov(publicURL string) (*paygov.Client, *paygov.StandIn, error) {
	cfg := a.Config.PayGov
	secret := env(cfg.SecretEnv)
	if cfg.URL != "" {
		if secret == "" {
			return nil, nil, fmt.Errorf("app: paygov.secret_env: set %s to the secret shared with the payment platform", cfg.SecretEnv)
		}
		return &paygov.Client{URL: cfg.URL, Partner: cfg.PartnerCode, Secret: secret, Version: cfg.Version}, nil, nil
	}
	if !a.Config.Embedded() {
		return nil, nil, nil
	}
	if secret == "" {
		secret = devPayGovSecret
	}
	partner := cfg.PartnerCode
	if partner == "" {
		partner = devPayGovPartner
	}
	local := a.URL() // the process calls itself on its listen address
	stand := &paygov.StandIn{Partner: partner, Secret: secret, Base: publicURL + "/dev/paygov",
		CallbackURL: local + "/api/v1/paygov/callback", ReturnURL: publicURL + "/thanh-toan/ket-qua",
		Log: a.Log.With("component", "paygov-stand-in")}
	return &paygov.Client{URL: local + "/dev/paygov/api", Partner: partner, Secret: secret, Version: cfg.Version}, stand, nil
}

// mountStandIn serves the payment platform's stand-in under /dev/paygov.
func mountStandIn(e *gin.Engine, stand *paygov.StandIn) {
	h := gin.WrapH(http.StripPrefix("/dev/paygov", stand.Handler()))
	e.POST("/dev/paygov/api", h)
	e.GET("/dev/paygov/thanh-toan", h)
	e.POST("/dev/paygov/thanh-toan", h)
}

// PayGovStandInURL is the payment platform's stand-in in dev ("" when a real platform
// is configured or the process does not serve HTTP).
func (a *App) PayGovStandInURL() string { return a.standIn }

// DevCACert is the demo CA certificate `dvc dev` signs with ("" when certificates are
// configured).
func (a *App) DevCACert() string {
	s := a.Config.Signing
	if !a.Config.Embedded() || s.Mode != config.SigningPKCS12 || s.Default.P12 != "" || len(s.Agencies) > 0 {
		return ""
	}
	return filepath.Join(a.signingDir(), signer.DevCACert)
}
