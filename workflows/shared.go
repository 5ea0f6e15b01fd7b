// Package workflows holds DossierWorkflow, which carries one dossier from submission to
// its end, and the names and types its callers share. It is deterministic: every side
// effect is an activity from package activities.
package workflows

import (
	"time"

	"github.com/dvc-project/dvc/activities"
)

// DefaultTaskQueue is the task queue the dossier worker polls unless configured otherwise.
const DefaultTaskQueue = "dossiers"

// QueryState is the query that returns a dossier's State.
const QueryState = "state"

// DossierInput starts a dossier's workflow. The workflow ID is the dossier code.
type DossierInput struct {
	DossierID     int64
	Code          string
	ProcedureID   int64
	AgencyID      int64
	ApplicantName string
	SubmittedAt   time.Time
}

// State is what the workflow knows about its dossier, as QueryState returns it.
type State struct {
	Code   string
	Status activities.Status
	// Seq is the sequence number of the last processing-log row written.
	Seq int
}
