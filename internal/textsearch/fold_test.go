package textsearch

import "testing"

func TestFold(t *testing.T) {
	for in, want := range map[string]string{
		"Thủ tục Thành lập Trường trung học phổ thông": "thu tuc thanh lap truong trung hoc pho thong",
		"ĐĂNG KÝ  khai sinh":   "dang ky khai sinh",
		"  Sở Tư pháp ":        "so tu phap",
		"thanh lap truong":     "thanh lap truong",
		"Giấy chứng nhận ĐKKD": "giay chung nhan dkkd",
		"Ạ Ặ Ẫ Ễ Ộ Ợ Ự Ỹ":      "a a a e o o u y",
	} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}
