package domain

import (
	"time"
)

// DraftInput is what a citizen gives to start a dossier.
type DraftInput struct {
	ProcedureID int64
	OwnerID     *int64
	Applicant
}

// DraftContent is the part of a dossier the citizen edits besides the applicant.
type DraftContent struct {
	Content       string            `db:"content" json:"content"`
	FormData      map[string]string `db:"-" json:"form_data"`
	PostalSend    bool              `db:"postal_send" json:"postal_send"`
	PostalReceive bool              `db:"postal_receive" json:"postal_receive"`
	PostalAddress string            `db:"postal_address" json:"postal_address"`
}

// DossierFile is an attachment of a dossier.
type DossierFile struct {
	ID          int64     `db:"id" json:"id"`
	DossierID   int64     `db:"dossier_id" json:"dossier_id"`
	ComponentID *int64    `db:"component_id" json:"component_id"`
	Kind        string    `db:"kind" json:"kind"`
	Hash        string    `db:"hash" json:"-"`
	Name        string    `db:"name" json:"name"`
	Size        int64     `db:"size" json:"size"`
	Type        string    `db:"type" json:"type"`
	CreatedAt   time.Time `db:"created_at" json:"created_at"`
	// DocumentID is the store document the file was taken from ("Lấy từ kho"), Origin
	// where that came from; both nil for an upload.
	DocumentID *int64      `db:"document_id" json:"-"`
	Origin     *FileOrigin `db:"-" json:"origin,omitempty"`
}

// SubmitOptions carry the submission's idempotency key and the new update code.
type SubmitOptions struct {
	Key        string
	UpdateCode string
}

// Categories of "my dossiers", as the seed portals show them.
var Categories = map[string][]Status{
	"unsent":     {StatusDraft},
	"sent":       {StatusNew},
	"supplement": {StatusSupplementRequested},
	"processing": {StatusReceived, StatusProcessing, StatusPaymentRequested},
	"returned":   {StatusProcessed, StatusDelivered},
	"refused":    {StatusRefused, StatusWithdrawalRequested, StatusStopped},
}

// Projection is the part of the workflow's state that lists and pages read.
type Projection struct {
	Status          Status
	StepPosition    int
	StepName        string
	HolderAgencyID  int64
	AssigneeRole    string
	AssigneeID      int64
	AssigneeName    string
	ReceivedAt      *time.Time
	DueAt           *time.Time
	StepDueAt       *time.Time
	SupplementDueAt *time.Time
	Overdue         bool
	Extensions      int
	FinishedAt      *time.Time
	ResultRef       string
	RuleVersion     int
	// CalendarVersion is the calendar version the due dates count with (0: the rule
	// set's days, before versions).
	CalendarVersion int
	// PaymentDueVND is the fee asked for and not yet paid (0: none).
	PaymentDueVND int64
}

// DossierLog is a submitted dossier with its processing log, as the public lookup reads
// them.
type DossierLog struct {
	Dossier
	Events []Event
}

// InboxQuery filters an officer's worklist.
type InboxQuery struct {
	AgencyID    int64
	Roles       []string
	AccountID   int64
	Status      int   // 0: any waiting status
	ProcedureID int64 // 0: any
	FieldID     int64 // 0: any
	DueBefore   *time.Time
}

// Applicant is who a dossier is for.
type Applicant struct {
	Name     string `db:"applicant_name" json:"applicant_name"`
	IDNumber string `db:"id_number" json:"id_number"`
	Phone    string `db:"phone" json:"phone"`
	Email    string `db:"email" json:"email"`
	Address  string `db:"address" json:"address"`
}

// Dossier is one application for one procedure.
type Dossier struct {
	ID                int64      `db:"id"`
	Code              *string    `db:"code"`
	ProcedureID       int64      `db:"procedure_id"`
	ProcedureName     string     `db:"procedure_name"`
	ProcedureCode     string     `db:"procedure_code"`
	AgencyID          int64      `db:"agency_id"`
	AgencyCode        string     `db:"agency_code"`
	AgencyName        string     `db:"agency_name"`
	OwnerID           *int64     `db:"owner_id"`
	Channel           string     `db:"channel"`
	Status            Status     `db:"status"`
	CreatedAt         time.Time  `db:"created_at"`
	SubmittedAt       *time.Time `db:"submitted_at"`
	WorkflowStartedAt *time.Time `db:"workflow_started_at"`
	Applicant
	DossierProjection
}

// DossierProjection is the workflow's state as the dossiers table mirrors it.
type DossierProjection struct {
	StepPosition    int        `db:"step_position"`
	StepName        string     `db:"step_name"`
	HolderAgencyID  *int64     `db:"holder_agency_id"`
	AssigneeRole    string     `db:"assignee_role"`
	AssigneeID      *int64     `db:"assignee_id"`
	AssigneeName    string     `db:"assignee_name"`
	ReceivedAt      *time.Time `db:"received_at"`
	DueAt           *time.Time `db:"due_at"`
	StepDueAt       *time.Time `db:"step_due_at"`
	SupplementDueAt *time.Time `db:"supplement_due_at"`
	Overdue         bool       `db:"overdue"`
	Extensions      int        `db:"extensions"`
	FinishedAt      *time.Time `db:"finished_at"`
	ResultRef       string     `db:"result_ref"`
	RuleVersion     *int       `db:"rule_version"`
	CalendarVersion *int       `db:"calendar_version"`
	PaymentDueVND   int64      `db:"payment_due_vnd"`
}
