package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"github.com/dvc-project/dvc/config"
	standin "github.com/dvc-project/dvc/internal/dev/nationalportal"
	"github.com/dvc-project/dvc/internal/dev/oidcprovider"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/nationalsignin"
	"github.com/dvc-project/dvc/internal/service"
)

// Stand-in credentials (internal/dev/nationalportal, internal/dev/oidcprovider).
const (
	standInUser, standInPassword, standInUnit = "dvc", "dvc-dev", "000.00.00.H03"
	standInClient, standInClientSecret        = "dvc", "dvc-dev-secret"
)

// nationalParts are the national portal's parts of a process: the effective
// configuration (the stand-ins' in dev), the adapter's client, the signed file links, the
// national sign-in, and the stand-ins themselves in dev.
type nationalParts struct {
	cfg      config.National
	client   *nationalportal.Client
	links    service.FileLinks
	signIn   *nationalsignin.Client
	standIn  *standin.Server
	provider *oidcprovider.Server
}

func randomKey() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// startNational starts the stand-ins in dev, then builds the adapter's client and the
// national sign-in from the configuration, and makes every new log row queue its
// messages to the portal (before the worker records any).
func (a *App) startNational() error {
	n := &a.national
	n.cfg = a.Config.National
	if a.Config.StandIns() && a.listener != nil {
		if err := a.startStandIns(); err != nil {
			return err
		}
	}
	cfg := n.cfg
	if cfg.Enabled {
		c, err := nationalportal.NewClient(nationalportal.Config{BaseURL: cfg.BaseURL, AuthPath: cfg.AuthPath,
			IntegrationPath: cfg.IntegrationPath, SharePath: cfg.SharePath, Username: cfg.Username, Password: cfg.Password,
			UnitCode: cfg.UnitCode, RouteCode: cfg.RouteCode, Timeout: cfg.Timeout,
			Pull: nationalportal.PullConfig{TokenPath: cfg.Pull.TokenPath, ListPath: cfg.Pull.ListPath,
				DetailPath: cfg.Pull.DetailPath, AckPath: cfg.Pull.AckPath, Username: cfg.Pull.Username, Password: cfg.Pull.Password}},
			&http.Client{})
		if err != nil {
			return fmt.Errorf("app: national portal: %w", err)
		}
		n.client = c
		base := cfg.FilesBaseURL
		if base == "" {
			base = a.publicURL()
		}
		n.links = service.FileLinks{Base: base, Key: []byte(cfg.FilesKey), TTL: cfg.FilesTTL, Now: time.Now}
		a.Store.SetNationalSync(service.NationalSync(n.links, a.Log.With("component", "national-sync")))
	}
	if o := cfg.OIDC; o.Enabled {
		redirect := o.RedirectURL
		if redirect == "" {
			redirect = strings.TrimRight(a.publicURL(), "/") + "/dang-nhap/quoc-gia/callback"
		}
		c, err := nationalsignin.New(nationalsignin.Config{Issuer: o.Issuer, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
			RedirectURL: redirect, Scopes: strings.Fields(o.Scopes), ACRValues: o.ACRValues, CookieKey: []byte(o.CookieKey),
			Secure: a.Config.Auth.CookieSecure})
		if err != nil {
			return fmt.Errorf("app: national sign-in: %w", err)
		}
		n.signIn = c
	}
	return nil
}

// startStandIns starts the development stand-ins of the portal (pushing to this
// process) and of its OpenID provider (calling back to it), and points the effective
// configuration at them.
func (a *App) startStandIns() error {
	n := &a.national
	secret := randomKey()
	s, err := standin.Start("127.0.0.1:0", standin.Options{Username: standInUser, Password: standInPassword,
		UnitCode: standInUnit, PushURL: a.URL() + "/lien-thong/quoc-gia/ho-so", PushSecret: []byte(secret),
		Logger: a.Log.With("component", "national-standin")})
	if err != nil {
		return fmt.Errorf("app: national portal stand-in: %w", err)
	}
	n.standIn = s
	p, err := oidcprovider.Start("127.0.0.1:0", oidcprovider.Options{ClientID: standInClient, ClientSecret: standInClientSecret,
		RedirectURIs: []string{a.URL() + "/dang-nhap/quoc-gia/callback"}, Logger: a.Log.With("component", "oidc-standin")})
	if err != nil {
		return fmt.Errorf("app: OpenID provider stand-in: %w", err)
	}
	n.provider = p
	c := &n.cfg
	c.Enabled, c.BaseURL, c.Username, c.Password, c.UnitCode = true, s.URL(), standInUser, standInPassword, standInUnit
	c.Push.Secret, c.Pull.Enabled = secret, true
	if c.FilesKey == "" {
		c.FilesKey = randomKey()
	}
	c.OIDC = config.NationalOIDC{Enabled: true, Issuer: p.Issuer(), ClientID: standInClient, ClientSecret: standInClientSecret,
		Scopes: "openid", ACRValues: "LoA1", CookieKey: randomKey()}
	return nil
}

// runNationalWorker runs the sender and the puller in the worker until ctx ends.
func (a *App) runNationalWorker(ctx context.Context) {
	n := &a.national
	if n.client == nil {
		return
	}
	cfg := n.cfg
	w := &service.NationalWorker{Store: a.Store, Log: a.Log.With("component", "national"),
		Every: cfg.Sender.Every, PullEvery: cfg.Pull.Every,
		Sender: &nationalportal.Sender{Portal: n.client, Outbox: service.NationalOutbox{Store: a.Store},
			BaseDelay: cfg.Sender.BaseDelay, MaxDelay: cfg.Sender.MaxDelay, Batch: cfg.Sender.Batch}}
	if cfg.Pull.Enabled {
		svc := service.New(service.Options{Store: a.Store, Temporal: a.Temporal, TaskQueue: a.Config.Temporal.TaskQueue,
			FileStore: &filestore.Store{Dir: filepath.Join(a.Config.DataDir, "files")}, Log: a.Log, PublicURL: a.publicURL()})
		w.Puller = &nationalportal.Puller{Client: n.client, Intake: service.NationalIntake{Service: svc}}
	}
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		w.Run(ctx)
	}()
}

// nationalPush is the push endpoint's handler (nil when the adapter is off).
func (a *App) nationalPush(svc *service.Service) http.Handler {
	n := &a.national
	if n.client == nil {
		return nil
	}
	h, err := nationalportal.NewPushHandler(service.NationalIntake{Service: svc},
		nationalportal.PushAuth{Secret: []byte(n.cfg.Push.Secret), BearerToken: n.cfg.Push.Token, MaxSkew: n.cfg.Push.MaxSkew},
		a.Log.With("component", "national-push"))
	if err != nil {
		a.Log.Error("national push endpoint off", "err", err)
		return nil
	}
	return h
}

// NationalStandInURL is the portal stand-in's page ("" when not running).
func (a *App) NationalStandInURL() string {
	if a.national.standIn == nil {
		return ""
	}
	return a.national.standIn.URL() + "/"
}

// NationalStandIn is the running portal stand-in (nil when not running), for tests.
func (a *App) NationalStandIn() *standin.Server { return a.national.standIn }

// OIDCStandInURL is the OpenID provider stand-in's issuer ("" when not running).
func (a *App) OIDCStandInURL() string {
	if a.national.provider == nil {
		return ""
	}
	return a.national.provider.Issuer()
}

// NationalWorkerForTest is a sender and puller like the worker's, for tests that drive
// passes themselves (nil when the adapter is off).
func (a *App) NationalWorkerForTest() *service.NationalWorker {
	n := &a.national
	if n.client == nil || a.Service == nil {
		return nil
	}
	return &service.NationalWorker{Store: a.Store, Log: a.Log,
		Sender: &nationalportal.Sender{Portal: n.client, Outbox: service.NationalOutbox{Store: a.Store},
			BaseDelay: n.cfg.Sender.BaseDelay, MaxDelay: n.cfg.Sender.MaxDelay, Batch: n.cfg.Sender.Batch},
		Puller: &nationalportal.Puller{Client: n.client, Intake: service.NationalIntake{Service: a.Service}}}
}

func (n *nationalParts) close() {
	if n.standIn != nil {
		_ = n.standIn.Close()
	}
	if n.provider != nil {
		_ = n.provider.Close()
	}
}
