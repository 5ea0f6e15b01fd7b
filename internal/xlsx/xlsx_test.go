package xlsx_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dvc-project/dvc/internal/xlsx"
)

// TestWrite writes two sheets and reads them back with excelize: names, title, headings,
// values stored as numbers and times, their formats, the frozen header.
func TestWrite(t *testing.T) {
	pct := 98.5
	at := time.Date(2026, 9, 4, 23, 30, 0, 0, time.UTC) // 06:30 on the 5th in Vietnam
	var buf bytes.Buffer
	err := xlsx.Write(&buf, xlsx.Sheet{Name: "Mẫu 06", Title: "Báo cáo", Columns: []xlsx.Column{{Heading: "Cơ quan"},
		{Heading: "Tiếp nhận", Kind: xlsx.Int}, {Heading: "Tỷ lệ đúng hạn", Kind: xlsx.Percent}, {Heading: "Ngày", Kind: xlsx.Date},
		{Heading: "Lúc", Kind: xlsx.DateTime}},
		Rows: [][]any{{"Sở Tư pháp", 1234, &pct, at, &at}, {"Sở Y tế", 0, (*float64)(nil), nil, (*time.Time)(nil)}}},
		xlsx.Sheet{Name: "Chỉ số", Title: "Chỉ số", Columns: []xlsx.Column{{Heading: "Điểm", Kind: xlsx.Decimal}}, Rows: [][]any{{12.75}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "Mẫu 06" || got[1] != "Chỉ số" {
		t.Fatalf("sheets %v", got)
	}
	cell := func(sheet, c string) string {
		v, err := f.GetCellValue(sheet, c, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for c, want := range map[string]string{"A1": "Báo cáo", "A2": "Cơ quan", "B2": "Tiếp nhận", "A3": "Sở Tư pháp", "B3": "1234", "C3": "0.985", "C4": ""} {
		if got := cell("Mẫu 06", c); got != want {
			t.Errorf("%s = %q, want %q", c, got, want)
		}
	}
	if got := cell("Chỉ số", "A3"); got != "12.75" {
		t.Errorf("decimal: %q", got)
	}
	day, err := f.GetCellValue("Mẫu 06", "D3")
	if err != nil || day != "05/09/2026" {
		t.Errorf("date shown as %q (%v)", day, err)
	}
	stamp, _ := f.GetCellValue("Mẫu 06", "E3")
	if stamp != "05/09/2026 06:30" {
		t.Errorf("time shown as %q", stamp)
	}
	for c, want := range map[string]string{"B3": "#,##0", "C3": "0.0%", "D3": "dd/mm/yyyy"} {
		id, err := f.GetCellStyle("Mẫu 06", c)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil || st.CustomNumFmt == nil || *st.CustomNumFmt != want {
			t.Errorf("%s format %v (%v), want %s", c, st, err, want)
		}
	}
	panes, err := f.GetPanes("Mẫu 06")
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v (%v): the header is not frozen", panes, err)
	}
}
