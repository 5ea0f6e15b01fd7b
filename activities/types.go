// Package activities holds dvc's domain types, the PostgreSQL store that owns the record
// (catalogue, dossiers, processing log), and the Temporal activities that workflows use
// to write to it.
package activities

import "time"

// Status is a dossier's place in the national status list (0 is a draft, not yet sent).
type Status int

// The national status list (Circular 01/2018/TT-VPCP and successors).
const (
	StatusDraft               Status = 0
	StatusNew                 Status = 1
	StatusReceived            Status = 2
	StatusRefused             Status = 3
	StatusProcessing          Status = 4
	StatusSupplementRequested Status = 5
	StatusPaymentRequested    Status = 6
	StatusWithdrawalRequested Status = 7
	StatusStopped             Status = 8
	StatusProcessed           Status = 9
	StatusDelivered           Status = 10
)

var statusLabels = map[Status]string{
	StatusDraft:               "Chưa gửi",
	StatusNew:                 "Mới đăng ký",
	StatusReceived:            "Đã tiếp nhận",
	StatusRefused:             "Không được tiếp nhận",
	StatusProcessing:          "Đang xử lý",
	StatusSupplementRequested: "Yêu cầu bổ sung",
	StatusPaymentRequested:    "Yêu cầu thực hiện nghĩa vụ tài chính",
	StatusWithdrawalRequested: "Công dân yêu cầu rút hồ sơ",
	StatusStopped:             "Dừng xử lý",
	StatusProcessed:           "Đã xử lý xong",
	StatusDelivered:           "Đã trả kết quả",
}

// Label is the status's Vietnamese name as the portals show it.
func (s Status) Label() string { return statusLabels[s] }

// Agency is a department, district or commune that handles procedures.
type Agency struct {
	ID       int64  `db:"id" json:"id"`
	Code     string `db:"code" json:"code"`
	Name     string `db:"name" json:"name"`
	Level    string `db:"level" json:"level"`
	ParentID *int64 `db:"parent_id" json:"parent_id,omitempty"`
}

// Procedure is an administrative procedure a citizen can apply for.
type Procedure struct {
	ID             int64  `db:"id" json:"id"`
	Code           string `db:"code" json:"code"`
	Name           string `db:"name" json:"name"`
	AgencyID       int64  `db:"agency_id" json:"agency_id"`
	AgencyCode     string `db:"agency_code" json:"agency_code"`
	AgencyName     string `db:"agency_name" json:"agency_name"`
	FieldID        int64  `db:"field_id" json:"field_id"`
	FieldName      string `db:"field_name" json:"field_name"`
	Level          string `db:"level" json:"level"`
	OnlineLevel    string `db:"online_level" json:"online_level"`
	ProcessingDays int    `db:"processing_days" json:"processing_days"`
	DayKind        string `db:"day_kind" json:"day_kind"`
	FeeVND         int64  `db:"fee_vnd" json:"fee_vnd"`
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
}

// Event is one row of a dossier's processing log.
type Event struct {
	DossierID int64      `db:"dossier_id" json:"dossier_id"`
	Seq       int        `db:"seq" json:"seq"`
	At        time.Time  `db:"at" json:"at"`
	Action    string     `db:"action" json:"action"`
	ActorID   *int64     `db:"actor_id" json:"actor_id"`
	ActorName string     `db:"actor_name" json:"actor_name"`
	ActorUnit string     `db:"actor_unit" json:"actor_unit"`
	Receiver  string     `db:"receiver" json:"receiver"`
	Note      string     `db:"note" json:"note"`
	Status    Status     `db:"status" json:"status"`
	StepName  string     `db:"step_name" json:"step_name"`
	StepDueAt *time.Time `db:"step_due_at" json:"step_due_at"`
	// Timing is "early", "on_time" or "late" for a row that completes a step or the
	// dossier, compared with its deadline; empty otherwise.
	Timing string `db:"timing" json:"timing"`
	Hash   []byte `db:"hash" json:"hash"`
}

// Actions written to the processing log, with the labels the portals show.
const (
	ActionSubmitted           = "submitted"
	ActionReceived            = "receive"
	ActionRefused             = "refuse"
	ActionSupplementRequested = "request_supplement"
	ActionSupplemented        = "supplement"
	ActionWithdrawn           = "withdraw"
	ActionTransferred         = "transfer"
	ActionTransferredBack     = "transfer_back"
	ActionInteragencySent     = "transfer_interagency"
	ActionInteragencyReceived = "receive_interagency"
	ActionInteragencyReturned = "return_interagency"
	ActionPaymentRequested    = "request_payment"
	ActionPaymentConfirmed    = "confirm_payment"
	ActionFinished            = "finish"
	ActionExtended            = "extend"
	ActionStopped             = "stop"
	ActionDelivered           = "deliver"
	ActionSupplementExpired   = "supplement_expired"
	ActionReminder            = "reminder"
	ActionStepOverdue         = "step_overdue"
	ActionOverdue             = "overdue"
	ActionAssigned            = "assign"
)

var actionLabels = map[string]string{
	ActionSubmitted:           "Nộp hồ sơ trực tuyến",
	ActionReceived:            "Tiếp nhận hồ sơ",
	ActionRefused:             "Từ chối tiếp nhận",
	ActionSupplementRequested: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
	ActionSupplemented:        "Công dân bổ sung hồ sơ",
	ActionWithdrawn:           "Công dân rút hồ sơ",
	ActionTransferred:         "Chuyển xử lý",
	ActionTransferredBack:     "Chuyển trả hồ sơ",
	ActionInteragencySent:     "Chuyển liên thông",
	ActionInteragencyReceived: "Tiếp nhận hồ sơ liên thông",
	ActionInteragencyReturned: "Trả kết quả liên thông",
	ActionPaymentRequested:    "Yêu cầu thực hiện nghĩa vụ tài chính",
	ActionPaymentConfirmed:    "Xác nhận hoàn thành nghĩa vụ tài chính",
	ActionFinished:            "Kết thúc xử lý",
	ActionExtended:            "Xin lỗi và hẹn lại ngày trả kết quả",
	ActionStopped:             "Dừng xử lý",
	ActionDelivered:           "Trả kết quả",
	ActionSupplementExpired:   "Quá hạn bổ sung, dừng xử lý",
	ActionReminder:            "Nhắc việc sắp đến hạn",
	ActionStepOverdue:         "Bước xử lý quá hạn",
	ActionOverdue:             "Hồ sơ quá hạn",
	ActionAssigned:            "Phân công xử lý",
}

// ActionLabel is the Vietnamese label of a logged action (the action itself if unknown).
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}
