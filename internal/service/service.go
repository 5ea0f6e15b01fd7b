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
	"golang.org/x/time/rate"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/filestore"
	"github.com/dvc-project/dvc/internal/lookupcache"
	"github.com/dvc-project/dvc/internal/nationalportal"
	"github.com/dvc-project/dvc/internal/nationalsignin"
	"github.com/dvc-project/dvc/internal/paygov"
	"github.com/dvc-project/dvc/internal/postgres"
	"github.com/dvc-project/dvc/internal/readreplica"
)

// Options are the Service's dependencies and settings.
type Options struct {
	Store *postgres.Store
	// Replica, when set, serves the reads that decide nothing (lookup, statistics, the
	// catalogue's index, exports) from the read replica while it is close enough behind;
	// nil: every read on Store.
	Replica   *readreplica.Router
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
	// SupplementWait is how long a requested supplement may be awaited before the
	// supervision lists show the dossier as waiting too long; 10 days when 0.
	SupplementWait time.Duration
	// National is the national portal's adapter (catalogue sync); nil when not connected.
	National *nationalportal.Client
	// FileLinks signs and checks the links the national portal downloads files from.
	FileLinks FileLinks
	// OIDC is the national sign-in (OpenID Connect, code flow with PKCE); nil when not configured.
	OIDC *nationalsignin.Client
	// Results signs slips, results and receipts and verifies presented documents.
	Results Results
	// PayGov is the national payment platform; nil turns online payment off.
	PayGov *paygov.Client
	// TokenTTL is how long a machine client's bearer token lasts; DefaultTokenTTL when 0.
	TokenTTL time.Duration
	// ClientRateLimit is a new machine client's requests a minute; DefaultClientRateLimit when 0.
	ClientRateLimit int
	// SecretGrace is how long a client's old secret stays valid after a rotation;
	// DefaultSecretGrace when 0.
	SecretGrace time.Duration
	// LoginAddressLimit is how many failed sign-ins a client address may make in 15
	// minutes; 300 when 0 (the limit per name is 5).
	LoginAddressLimit int
	// Portal names the province and the operator (pages, slips, e-mails).
	Portal domain.Portal
}

// Service runs the use cases. Its methods are safe for concurrent use.
type Service struct {
	Options
	lookupLimiter   *sharedLimiter
	registerLimiter *sharedLimiter
	clientLimits    clientLimits
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
	if opts.TokenTTL <= 0 {
		opts.TokenTTL = DefaultTokenTTL
	}
	if opts.ClientRateLimit <= 0 {
		opts.ClientRateLimit = DefaultClientRateLimit
	}
	if opts.SecretGrace <= 0 {
		opts.SecretGrace = DefaultSecretGrace
	}
	return &Service{Options: opts,
		lookupLimiter:   newSharedLimiter("lookup", opts.LookupLimit, time.Minute, opts.Store, opts.Log, opts.Now),
		registerLimiter: newSharedLimiter("registration", opts.RegistrationLimit, time.Hour, opts.Store, opts.Log, opts.Now),
		clientLimits:    clientLimits{buckets: map[int64]*rate.Limiter{}},
	}
}
