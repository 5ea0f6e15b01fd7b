package app

// publicURL is the configured portal address, else the listen address.
func (a *App) publicURL() string {
	if a.Config.HTTP.PublicURL != "" {
		return a.Config.HTTP.PublicURL
	}
	return a.URL()
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

// TemporalAddress is the frontend address the client dialled.
func (a *App) TemporalAddress() string {
	if a.devTemp != nil {
		return a.devTemp.FrontendAddress()
	}
	return a.Config.Temporal.Address
}

// DatabasePort is the private cluster's port in dev (0 otherwise).
func (a *App) DatabasePort() int {
	if a.pg == nil {
		return 0
	}
	return a.pg.Port()
}
