// Package activities holds the Temporal activities of the dossier workflow: thin calls
// to the store, each an idempotent write keyed by the dossier and log sequence.
package activities

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"time"

	"go.temporal.io/sdk/client"
	"go.temporal.io/sdk/temporal"

	"github.com/dvc-project/dvc/internal/domain"
	"github.com/dvc-project/dvc/internal/postgres"
)

// Activities are the side effects of the dossier workflow. Workflows name them through a
// nil *Activities; the worker registers a real one.
type Activities struct {
	Store *postgres.Store
	// Temporal sends the calendar job's Updates to the dossiers' workflows (SendUpdates).
	Temporal client.Client
	// PublicURL gives the portal's address, for the links the e-mails carry (asked at
	// each use: in `dvc dev` the port is known only once the server listens).
	PublicURL func() string
	// Portal signs every e-mail (its MailFooter).
	Portal domain.Portal
}

// portal is the portal's address without a trailing slash ("" when unknown).
func (a *Activities) portal() string {
	if a.PublicURL == nil {
		return ""
	}
	return strings.TrimRight(a.PublicURL(), "/")
}

// nonRetryable turns the store's application errors (a missing dossier, no rule set) into
// failures Temporal does not retry; other errors (the database is down) are retried.
func nonRetryable(err error) error {
	if e, ok := domain.AsError(err); ok && e.Kind != domain.Unavailable && e.Kind != domain.Internal {
		return temporal.NewNonRetryableApplicationError(e.Message, e.Code, err)
	}
	return err
}

// RecordEventInput asks for one processing-log row.
type RecordEventInput struct {
	Event domain.Event
}

// RecordEvent appends a processing-log row and projects the status (idempotent on
// dossier and seq). A missing dossier is a non-retryable "dossier_not_found" failure.
func (a *Activities) RecordEvent(ctx context.Context, in RecordEventInput) (domain.Event, error) {
	if _, err := a.Store.DossierByID(ctx, in.Event.DossierID); err != nil {
		return domain.Event{}, nonRetryable(err)
	}
	e, err := a.Store.AppendEvent(ctx, in.Event)
	return e, nonRetryable(err)
}

// Record writes an accepted decision or timer event with the new projection and its
// notifications, in one transaction (idempotent on dossier and seq). A request for a
// supplement tells the citizen where to send it (the portal's /bo-sung page); every
// e-mail ends with the portal's signature (Portal.MailFooter).
func (a *Activities) Record(ctx context.Context, in domain.RecordInput) (domain.Event, error) {
	d, err := a.Store.DossierByID(ctx, in.Event.DossierID)
	if err != nil {
		return domain.Event{}, nonRetryable(err)
	}
	in.Notify = slices.Clone(in.Notify)
	for i, n := range in.Notify {
		if n.Citizen && n.Kind == domain.NotifySupplementRequested && d.Code != nil {
			in.Notify[i].Body += "\nGửi bổ sung tại: " + a.portal() + "/bo-sung?code=" +
				url.QueryEscape(*d.Code) + " (cùng mã cập nhật đã nhận khi nộp hồ sơ), hoặc đăng nhập và chọn hồ sơ trong mục Hồ sơ của tôi."
		}
		in.Notify[i].Body += a.Portal.MailFooter()
	}
	e, err := a.Store.Record(ctx, in)
	return e, nonRetryable(err)
}

// LoadSnapshot copies the dossier's procedure, agency and route from the catalogue.
func (a *Activities) LoadSnapshot(ctx context.Context, dossierID int64) (domain.Snapshot, error) {
	s, err := a.Store.Snapshot(ctx, dossierID)
	return s, nonRetryable(err)
}

// LoadRules returns the clock rules in force at the given time.
func (a *Activities) LoadRules(ctx context.Context, at time.Time) (domain.RuleSet, error) {
	r, err := a.Store.Rules(ctx, at)
	return r, nonRetryable(err)
}

// MarkStartedInput identifies a dossier whose workflow is running.
type MarkStartedInput struct {
	DossierID int64
	At        time.Time
}

// MarkWorkflowStarted records in PostgreSQL that the workflow runs, so the reconciler
// stops looking at the dossier.
func (a *Activities) MarkWorkflowStarted(ctx context.Context, in MarkStartedInput) error {
	return a.Store.MarkWorkflowStarted(ctx, in.DossierID, in.At)
}
