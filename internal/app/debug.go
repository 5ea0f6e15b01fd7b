package app

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// startPprof serves net/http/pprof on addr (debug.pprof_addr) until Close: CPU, heap,
// allocation, goroutine and mutex profiles of the running process, for profiling under load.
func (a *App) startPprof(addr string) error {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("app: listen on %s (debug.pprof_addr): %w", addr, err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	a.closers = append(a.closers, func() { _ = srv.Close() })
	a.pprofAddr = l.Addr().String()
	go func() {
		if err := srv.Serve(l); err != nil && !errors.Is(err, http.ErrServerClosed) {
			a.Log.Error("pprof server stopped", "err", err)
		}
	}()
	return nil
}

// PprofURL is the profiling endpoint's base URL ("" when debug.pprof_addr is not set).
func (a *App) PprofURL() string {
	if a.pprofAddr == "" {
		return ""
	}
	return "http://" + a.pprofAddr + "/debug/pprof/"
}
