// Package xlsx writes the reports' Excel workbooks (.xlsx) with excelize: one sheet per
// table, a title row, Vietnamese headings in a bold header frozen with the title,
// numbers stored as numbers with a thousands format, percentages as shares with one
// decimal, dates as dd/mm/yyyy and times as dd/mm/yyyy hh:mm in Vietnam's time zone. A
// spreadsheet writes a number format's separators as its reader's locale sets them: in
// a Vietnamese locale 1.234 and 98,5%, as the pages write them.
package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dvc-project/dvc/internal/dossiercode"
)

// Kind is how a column's cells are stored and shown.
type Kind int

// Column kinds.
const (
	Text     Kind = iota
	Int           // an integer: 1.234
	Decimal       // a number with two decimals at most: 1.234,56
	Percent       // a percentage given in percent (98.5): 98,5%
	Date          // a time shown as its day: 05/09/2026
	DateTime      // a time: 05/09/2026 14:30
)

// Column is a table's column.
type Column struct {
	Heading string
	Kind    Kind
	Width   float64 // characters; 0: 14
}

// Sheet is one table.
type Sheet struct {
	Name    string // at most 31 characters
	Title   string // the first row
	Columns []Column
	// Rows hold one value per column: string, int, int64, float64, *float64, time.Time,
	// *time.Time; nil leaves the cell empty.
	Rows [][]any
}

// Number formats, in the format codes' own notation (, thousands, . decimals).
const (
	formatInt      = `#,##0`
	formatDecimal  = `#,##0.##`
	formatPercent  = `0.0%`
	formatDate     = `dd/mm/yyyy`
	formatDateTime = `dd/mm/yyyy hh:mm`
)

// Write writes sheets as a workbook to w.
func Write(w io.Writer, sheets ...Sheet) error {
	f := excelize.NewFile()
	defer f.Close() //nolint:errcheck // in memory
	for i, sh := range sheets {
		if err := writeSheet(f, i, sh); err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", sh.Name, err)
		}
	}
	f.SetActiveSheet(0)
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// styles are a workbook's cell styles by kind, and the heading's and title's.
type styles struct {
	kinds          map[Kind]int
	heading, title int
}

func newStyles(f *excelize.File) (styles, error) {
	st := styles{kinds: map[Kind]int{}}
	var err error
	for k, code := range map[Kind]string{Int: formatInt, Decimal: formatDecimal, Percent: formatPercent, Date: formatDate, DateTime: formatDateTime} {
		c := code
		if st.kinds[k], err = f.NewStyle(&excelize.Style{CustomNumFmt: &c}); err != nil {
			return st, err
		}
	}
	if st.kinds[Text], err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return st, err
	}
	st.heading, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#DCE6F1"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center", Horizontal: "center"},
		Border:    []excelize.Border{{Type: "bottom", Color: "#4A5F7A", Style: 1}}})
	if err != nil {
		return st, err
	}
	st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	return st, err
}

func writeSheet(f *excelize.File, i int, sh Sheet) error {
	name := sh.Name
	if i == 0 {
		if err := f.SetSheetName("Sheet1", name); err != nil {
			return err
		}
	} else if _, err := f.NewSheet(name); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	if err := f.SetCellValue(name, "A1", sh.Title); err != nil {
		return err
	}
	if err := f.SetCellStyle(name, "A1", "A1", st.title); err != nil {
		return err
	}
	for c, col := range sh.Columns {
		cell, _ := excelize.CoordinatesToCellName(c+1, 2)
		if err := f.SetCellValue(name, cell, col.Heading); err != nil {
			return err
		}
		letter, _ := excelize.ColumnNumberToName(c + 1)
		width := col.Width
		if width == 0 {
			width = 14
		}
		if err := f.SetColWidth(name, letter, letter, width); err != nil {
			return err
		}
		if len(sh.Rows) > 0 {
			first, _ := excelize.CoordinatesToCellName(c+1, 3)
			last, _ := excelize.CoordinatesToCellName(c+1, len(sh.Rows)+2)
			if err := f.SetCellStyle(name, first, last, st.kinds[col.Kind]); err != nil {
				return err
			}
		}
	}
	last, _ := excelize.CoordinatesToCellName(max(len(sh.Columns), 1), 2)
	if err := f.SetCellStyle(name, "A2", last, st.heading); err != nil {
		return err
	}
	for r, row := range sh.Rows {
		for c, v := range row {
			if c >= len(sh.Columns) {
				break
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, r+3)
			if v = cellValue(sh.Columns[c].Kind, v); v == nil {
				continue
			}
			if err := f.SetCellValue(name, cell, v); err != nil {
				return err
			}
		}
	}
	// The title and the heading stay in view while scrolling.
	return f.SetPanes(name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
}

// cellValue is v as the cell stores it: times in Vietnam's clock (a spreadsheet has no
// time zone), percentages as shares, nil pointers as nothing.
func cellValue(k Kind, v any) any {
	switch x := v.(type) {
	case *float64:
		if x == nil {
			return nil
		}
		v = *x
	case *time.Time:
		if x == nil {
			return nil
		}
		v = *x
	}
	switch x := v.(type) {
	case time.Time:
		t := x.In(dossiercode.Location)
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	case float64:
		if k == Percent {
			return x / 100
		}
	}
	return v
}
