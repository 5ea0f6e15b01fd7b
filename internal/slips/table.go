package slips

// column is a table column: its heading, width (mm) and the alignment of its cells.
type column struct {
	head  string
	width float64
	align string // "L", "C" or "R"
}

// Table text and spacing.
const (
	tableSize = 8.5 // pt
	tableLine = 4.2 // mm per line of a cell
	cellPad   = 1.0 // mm above and below a cell's text
)

// table draws rows under the heading row. Cells wrap within their column and nothing is
// cut: a row taller than the rest of the page continues on the next, where the heading
// row is drawn again.
func (w *writer) table(cols []column, rows [][]string) {
	w.tableHead(cols)
	w.p.SetFont(font, "", tableSize)
	for _, row := range rows {
		cells := make([][]string, len(cols))
		height := 1
		for i, c := range cols {
			text := ""
			if i < len(row) {
				text = row[i]
			}
			cells[i] = w.p.SplitText(text, c.width)
			height = max(height, len(cells[i]))
		}
		for from := 0; from < height; {
			fit := w.linesLeft()
			if fit < 1 || (from == 0 && fit < min(height, 3)) {
				// Start the row on a new page rather than leave a sliver of it.
				w.p.AddPage()
				w.tableHead(cols)
				w.p.SetFont(font, "", tableSize)
				continue
			}
			to := min(height, from+fit)
			w.tableChunk(cols, cells, from, to)
			from = to
		}
	}
	w.p.Ln(3)
}

// linesLeft is how many table lines fit above the bottom margin.
func (w *writer) linesLeft() int {
	_, ph := w.p.GetPageSize()
	return int((ph - marginBottom - w.p.GetY() - 2*cellPad) / tableLine)
}

// tableChunk draws lines [from, to) of a row's cells, each cell boxed.
func (w *writer) tableChunk(cols []column, cells [][]string, from, to int) {
	y := w.p.GetY()
	h := float64(to-from)*tableLine + 2*cellPad
	x := marginLeft
	for i, c := range cols {
		w.p.Rect(x, y, c.width, h, "D")
		for j := from; j < to && j < len(cells[i]); j++ {
			w.p.SetXY(x, y+cellPad+float64(j-from)*tableLine)
			w.p.CellFormat(c.width, tableLine, cells[i][j], "", 0, c.align, false, 0, "")
		}
		x += c.width
	}
	w.p.SetXY(marginLeft, y+h)
}

// tableHead draws the heading row, its text wrapped and centred.
func (w *writer) tableHead(cols []column) {
	w.p.SetFont(font, "B", tableSize)
	heads := make([][]string, len(cols))
	lines := 1
	for i, c := range cols {
		heads[i] = w.p.SplitText(c.head, c.width)
		lines = max(lines, len(heads[i]))
	}
	if w.linesLeft() < lines+3 {
		w.p.AddPage()
	}
	centred := make([]column, len(cols))
	for i, c := range cols {
		centred[i] = column{c.head, c.width, "C"}
	}
	w.tableChunk(centred, heads, 0, lines)
}
