package domain

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
