package app

import (
	"context"
	"net/url"
	"strings"

	"github.com/dvc-project/dvc/internal/notify"
)

// startDigest runs the officers' daily digests in the worker (supervision.digest_hour;
// -1: none).
func (a *App) startDigest(ctx context.Context) {
	if a.Config.Supervision.DigestHour < 0 {
		return
	}
	g := a.Digest()
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		g.Run(ctx)
	}()
}

// Digest is the daily digests' writer as the worker runs it, for tools and tests.
func (a *App) Digest() *notify.Digest {
	return &notify.Digest{Store: a.Store, Log: a.Log, Hour: a.Config.Supervision.DigestHour,
		SupplementWait: a.Config.Supervision.SupplementWait, PublicURL: a.publicURL()}
}

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
