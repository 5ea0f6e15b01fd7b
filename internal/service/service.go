// Package service holds dvc's use cases: drafting and submitting a dossier, the officers'
// and the citizens' decisions, uploads, the public lookup, accounts and sessions, the
// worklists, statistics and audit. The JSON API (api/) and the pages (web/) call it, and so
// will the national-portal adapter and the desk; each use case lives here once, takes a
// context.Context and domain values, and returns *domain.Error for what the caller can act
// on. It knows neither HTTP nor Gin.
package service

import (
	"log/slog"
	"time"

	"go.temporal.io/sdk/client"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/lookupcache"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Options are the Service's dependencies and settings.
type Options struct {
	Store     *postgres.Store
	Temporal  client.Client
	TaskQueue string
	// FileStore keeps attachments by content.
	FileStore *filestore.Store
	Log       *slog.Logger
	// Now is the clock; time.Now when nil.
	Now func() time.Time
	// PublicURL is the portal's address for links in e-mails.
	PublicURL string
	// TestCaptcha, when set (tests only), is accepted as every captcha's answer.
	TestCaptcha string
	// SessionTTL is how long a sign-in lasts; 12h when 0.
	SessionTTL time.Duration
	// LookupCache keeps answers of the lookup by code; nil reads every lookup from the store.
	LookupCache *lookupcache.Cache
	// LookupLimit is how many public lookups a client address may make a minute; 30 when 0.
	LookupLimit int
	// RegistrationLimit is how many registrations a client address may make an hour; 5 when 0.
	RegistrationLimit int
	// LoginAddressLimit is how many failed sign-ins a client address may make in 15
	// minutes; 300 when 0 (the limit per name is 5).
	LoginAddressLimit int
	// Portal names the province and the operator (pages, slips, e-mails).
	Portal domain.Portal
}

// Service runs the use cases. Its methods are safe for concurrent use.
type Service struct {
	Options
	lookupLimiter   *limiter
	registerLimiter *limiter
}

// New returns the service with opts, defaults filled in.
func New(opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 12 * time.Hour
	}
	if opts.LookupLimit <= 0 {
		opts.LookupLimit = 30
	}
	if opts.LoginAddressLimit <= 0 {
		opts.LoginAddressLimit = 300
	}
	if opts.RegistrationLimit <= 0 {
		opts.RegistrationLimit = 5
	}
	return &Service{Options: opts,
		lookupLimiter:   newLimiter(opts.LookupLimit, time.Minute, opts.Now),
		registerLimiter: newLimiter(opts.RegistrationLimit, time.Hour, opts.Now),
	}
}
