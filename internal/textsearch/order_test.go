package textsearch

import (
	"slices"
	"testing"
)

func TestCompare(t *testing.T) {
	got := []string{"Thuế", "Đất đai", "Giáo dục và Đào tạo", "Dược phẩm", "Thành lập", "Giải quyết khiếu nại", "Ép", "Y tế"}
	slices.SortFunc(got, Compare)
	want := []string{"Dược phẩm", "Đất đai", "Ép", "Giải quyết khiếu nại", "Giáo dục và Đào tạo", "Thành lập", "Thuế", "Y tế"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	people := []string{"Trần Quốc Hùng", "Nguyễn Văn An", "Lê Minh Đức", "Hoàng Thị Thu", "Bùi Văn An"}
	slices.SortFunc(people, ComparePeople)
	if want := []string{"Bùi Văn An", "Nguyễn Văn An", "Lê Minh Đức", "Trần Quốc Hùng", "Hoàng Thị Thu"}; !slices.Equal(people, want) {
		t.Fatalf("people: got %q, want %q", people, want)
	}
}
