package domain

import "testing"

// TestStatusLabelsAreTheNationalList: the labels are exactly those of the national status
// list (DOMAIN.md), capitalised as the portals show them.
func TestStatusLabelsAreTheNationalList(t *testing.T) {
	want := map[Status]string{
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
	for s := StatusNew; s <= StatusDelivered; s++ {
		if got := s.Label(); got != want[s] {
			t.Errorf("status %d: label %q, want %q", s, got, want[s])
		}
	}
}
