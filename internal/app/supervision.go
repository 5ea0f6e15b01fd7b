package app

import (
	"net/url"
	"strings"
)

// workflowUI is the Temporal Web UI's workflow list of the dossiers' namespace, for the
// audit page's links: temporal.ui_url, else the embedded server's UI ("" when neither).
func (a *App) workflowUI() string {
	ui := a.Config.Temporal.UIURL
	if ui == "" {
		ui = a.TemporalUIURL()
	}
	if ui == "" {
		return ""
	}
	return strings.TrimRight(ui, "/") + "/namespaces/" + url.PathEscape(a.Config.Temporal.Namespace) + "/workflows"
}
