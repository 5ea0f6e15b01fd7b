package app

import (
	"github.com/dvc-project/dvc/internal/dev/demo"
	"github.com/dvc-project/dvc/internal/domain"
)

// portal is the configured province and operator; in dev and test, when none is
// configured, the demo's.
func (a *App) portal() domain.Portal {
	p := a.Config.Portal
	if p.ProvinceName == "" && p.Operator == "" && p.Hotline == "" && a.Config.Embedded() {
		return demo.Portal()
	}
	return domain.Portal{Province: p.ProvinceName, Operator: p.Operator, Hotline: p.Hotline}
}

// The addresses a running App answers on.

// publicURL is the configured portal address, else the listen address ("" before the
// server listens); safe from any goroutine.
func (a *App) publicURL() string {
	if a.Config.HTTP.PublicURL != "" {
		return a.Config.HTTP.PublicURL
	}
	if base := a.base.Load(); base != nil {
		return *base
	}
	return ""
}

// URL is the base URL of the HTTP server ("" when not serving).
func (a *App) URL() string {
	if a.listener == nil {
		return ""
	}
	return "http://" + a.listener.Addr().String()
}

// TemporalUIURL is the embedded Temporal Web UI's URL ("" when not embedded).
func (a *App) TemporalUIURL() string {
	if a.devTemp == nil || a.devTemp.UIAddress() == "" {
		return ""
	}
	return "http://" + a.devTemp.UIAddress()
}
