package app

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
