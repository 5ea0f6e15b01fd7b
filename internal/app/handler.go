package app

import (
	"context"
	"net/http"
	"path/filepath"

	"github.com/gin-gonic/gin"

	"github.com/dvc-project/dvc/api"
	"github.com/dvc-project/dvc/config"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/httpx"
	"github.com/dvc-project/dvc/internal/service"
	"github.com/dvc-project/dvc/web"
)

// handler builds the HTTP side: the service, the JSON API and the pages on one engine.
func (a *App) handler(ctx context.Context) (http.Handler, error) {
	cfg := a.Config
	base := a.URL() // bound by now (listen)
	a.base.Store(&base)
	files := &filestore.Store{Dir: filepath.Join(cfg.DataDir, "files")}
	results, err := a.results(ctx, a.publicURL())
	if err != nil {
		return nil, err
	}
	pay, standIn, err := a.payGov(a.publicURL())
	if err != nil {
		return nil, err
	}
	a.Service = service.New(service.Options{
		Store: a.Store, Replica: a.Replica, Temporal: a.Temporal, TaskQueue: cfg.Temporal.TaskQueue, FileStore: files, Log: a.Log,
		PublicURL: a.publicURL(), TestCaptcha: cfg.Auth.TestCaptcha, SessionTTL: cfg.Auth.SessionTTL,
		SupplementWait: cfg.Supervision.SupplementWait,
		LookupCache:    a.LookupCache, LookupLimit: cfg.HTTP.LookupLimit, RegistrationLimit: cfg.HTTP.RegistrationLimit,
		National: a.national.client, FileLinks: a.national.links, OIDC: a.national.signIn,
		Results: results, PayGov: pay,
		LoginAddressLimit: cfg.Auth.LoginAddressLimit, Portal: a.portal(),
		TokenTTL: cfg.Clients.TokenTTL, ClientRateLimit: cfg.Clients.RateLimit, SecretGrace: cfg.Clients.SecretGrace,
	})
	sessions := &httpx.Sessions{Service: a.Service, CookieSecure: cfg.Auth.CookieSecure}
	jsonAPI := api.New(api.Options{Service: a.Service, Sessions: sessions, Log: a.Log, Registry: a.Registry,
		MaxUploadBytes: files.Limit(), NationalPush: a.nationalPush(a.Service)})
	pages := web.New(web.Options{Service: a.Service, Sessions: sessions, Log: a.Log, DevMode: cfg.Embedded(),
		MaxUploadBytes: files.Limit(), WorkflowUI: a.workflowUI()})
	e := httpx.NewEngine(httpx.EngineOptions{Log: a.Log, Registry: a.Registry, MaxBodyBytes: cfg.HTTP.MaxBodyBytes,
		RequestTimeout: cfg.HTTP.RequestTimeout, TrustedProxies: config.ProxyList(cfg.HTTP.TrustedProxies),
		BodyLimit: func(c *gin.Context) int64 { return max(jsonAPI.BodyLimit(c), pages.BodyLimit(c)) }})
	jsonAPI.Register(e)
	pages.Register(e)
	if standIn != nil {
		mountStandIn(e, standIn)
		a.standIn = standIn.Base
	}
	a.HTTP = e
	return e, nil
}
