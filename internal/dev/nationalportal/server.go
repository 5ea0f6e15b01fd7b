// Package nationalportal is a DEVELOPMENT STAND-IN for the national public-service portal
// (Cổng Dịch vụ công quốc gia): a small HTTP server that speaks the messages of
// /shared/NATIONAL_PORTAL.md so that `dvc dev` and the tests can exercise dvc's adapter
// (internal/nationalportal) over real HTTP. It is not the portal and never talks to it.
//
// It serves what the province calls (sign-in, DongBoHoSoMC, CapNhatTienDoHoSoMC,
// TraCuuHoSo, the catalogue lists, and the pull shape LayDanhSachHoSo → detail → daNhan),
// checks every message's wire format (every value a string, yyyyMMddHHmmss dates, status
// codes 1–10), and keeps bookkeeping of what it received, deduplicated, so that tests can
// assert that no message was lost, duplicated or reordered. A page (Vietnamese) shows the
// dossiers it sent and the status and progress it received, lets a person "submit on the
// national portal", and sets faults (fail, delay, refuse, duplicate); /control/* offers the
// same over HTTP for tests. It holds its state in memory only.
//
// Control endpoints (JSON with Accept or Content-Type application/json, else the page's
// forms and a redirect back to it):
//
//	GET  /control/state       the bookkeeping (State): sent dossiers, received snapshots and
//	                          progress (distinct, in order, with delivery counts), refusals,
//	                          violations (progress before its dossier, progress out of order)
//	POST /control/fault       {"mode":"fail|delay|refuse|duplicate|","delay":"8s",
//	                          "message":"…","count":N,"scope":"messages|all"}
//	POST /control/submit      a Submission: "submit on the national portal"
//	POST /control/push/{code} push a submitted dossier to the province again
//	POST /control/reset       forget everything
//
// The same is available in Go: Server.State, SetFault, Submit, ExpireSessions.
package nationalportal

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configures the stand-in; zero values take the defaults shown.
type Options struct {
	// Username and Password are the adapter credentials it accepts (dvc / dvc-dev).
	Username, Password string
	// UnitCode is the madonvi it expects (000.00.00.H03, the demo province).
	UnitCode string
	// SessionTTL is how long a session stays valid (10 minutes).
	SessionTTL time.Duration
	// PushURL is the province's push endpoint; "" disables pushing.
	PushURL string
	// PushSecret signs pushes with HMAC-SHA256 (X-DVC-Timestamp, X-DVC-Signature);
	// PushToken, if set, is sent as a bearer token instead.
	PushSecret []byte
	PushToken  string
	// Catalogue is what LayDanhMucCoQuan, LayDanhMucLinhVuc and LayDanhSachTTHC return
	// (DemoCatalogue when nil).
	Catalogue *Catalogue
	Logger    *slog.Logger
}

// Server is a running stand-in.
type Server struct {
	opts  Options
	store *store
	srv   *http.Server
	ln    net.Listener
	url   string
	now   func() time.Time
	done  chan struct{}
	once  sync.Once
	http  *http.Client
}

// Start listens on addr ("127.0.0.1:0" picks a free port) and serves until Close.
func Start(addr string, opts Options) (*Server, error) {
	def := func(p *string, v string) {
		if *p == "" {
			*p = v
		}
	}
	def(&opts.Username, "dvc")
	def(&opts.Password, "dvc-dev")
	def(&opts.UnitCode, "000.00.00.H03")
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = 10 * time.Minute
	}
	if opts.Catalogue == nil {
		opts.Catalogue = DemoCatalogue()
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, store: newStore(), ln: ln, url: "http://" + ln.Addr().String(),
		now: time.Now, done: make(chan struct{}), http: &http.Client{Timeout: 15 * time.Second}}
	s.srv = &http.Server{Handler: s.routes(), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			opts.Logger.Error("national portal stand-in stopped", "err", err)
		}
	}()
	return s, nil
}

// URL is the stand-in's base URL, e.g. http://127.0.0.1:41234 (no trailing slash).
func (s *Server) URL() string { return s.url }

// Close stops the server; requests still delayed by a fault are cut short.
func (s *Server) Close() error {
	var err error
	s.once.Do(func() {
		close(s.done)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = s.srv.Shutdown(ctx)
	})
	return err
}

// Paths the province calls. They match the adapter's defaults; a real deployment
// configures the portal's own paths.
const (
	PathAuth        = "/auth"
	PathIntegration = "/integration"
	PathShare       = "/share"
	PathPullToken   = "/api/lienthongdvclt/token"
	PathPullList    = "/api/lienthongdvclt/LayDanhSachHoSo"
	PathPullDetail  = "/api/lienthongdvclt/hosolienthong/"
	PathPullAck     = "/api/lienthongdvclt/CapNhatDaNhanHoSo"
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST "+PathAuth, s.withFault(ScopeAll, s.handleAuth))
	mux.HandleFunc("POST "+PathIntegration, s.handleIntegration)
	mux.HandleFunc("POST "+PathShare, s.withFault(ScopeAll, s.handleShare))
	mux.HandleFunc("POST "+PathPullToken, s.withFault(ScopeAll, s.handlePullToken))
	mux.HandleFunc("GET "+PathPullList, s.withFault(ScopeAll, s.bearer(s.handlePullList)))
	mux.HandleFunc("GET "+PathPullDetail+"{id}", s.withFault(ScopeAll, s.bearer(s.handlePullDetail)))
	mux.HandleFunc("PUT "+PathPullAck, s.withFault(ScopeAll, s.bearer(s.handlePullAck)))
	mux.HandleFunc("GET /{$}", s.handlePage)
	mux.HandleFunc("GET /control/state", s.handleState)
	mux.HandleFunc("POST /control/fault", s.handleFault)
	mux.HandleFunc("POST /control/submit", s.handleSubmit)
	mux.HandleFunc("POST /control/push/{code}", s.handlePushAgain)
	mux.HandleFunc("POST /control/reset", s.handleReset)
	return mux
}

// wantsJSON tells a test's request from a browser form.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json") ||
		strings.HasPrefix(r.Header.Get("Content-Type"), "application/json")
}

// sleep waits d, or less when the request is abandoned or the server closes.
func (s *Server) sleep(r *http.Request, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-r.Context().Done():
	case <-s.done:
	}
}
