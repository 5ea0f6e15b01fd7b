package domain

// Actions written to the processing log, with the labels the portals show.
const (
	ActionSubmitted           = "submitted"
	ActionSubmittedDesk       = "submitted_desk" // handed in at the one-stop desk
	ActionSubmittedPost       = "submitted_post" // sent by post
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
	ActionClaimed             = "claim"
	// ActionCalendarChanged: a new calendar version moved the dossier's due dates.
	ActionCalendarChanged = "calendar_changed"
)

var actionLabels = map[string]string{
	ActionSubmitted:           "Nộp hồ sơ trực tuyến",
	ActionSubmittedDesk:       "Nộp hồ sơ trực tiếp",
	ActionSubmittedPost:       "Nộp hồ sơ qua bưu chính",
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
	ActionClaimed:             "Nhận xử lý",
	ActionCalendarChanged:     "Điều chỉnh hạn do thay đổi lịch làm việc",
}

// ActionLabel is the Vietnamese label of a logged action (the action itself if unknown).
func ActionLabel(action string) string {
	if l, ok := actionLabels[action]; ok {
		return l
	}
	return action
}

// IsSubmission reports whether action is a dossier's first row, however it was handed in.
func IsSubmission(action string) bool {
	return action == ActionSubmitted || action == ActionSubmittedDesk || action == ActionSubmittedPost
}
