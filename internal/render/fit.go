package render

import (
	"os"
	"strconv"
)

// TerminalWidth is the width tables on a terminal fit in, in columns (0: no limit). It is the
// terminal's own width, set once at start-up (cmd), else $COLUMNS.
var TerminalWidth = columnsEnv()

func columnsEnv() int {
	n, _ := strconv.Atoi(os.Getenv("COLUMNS"))
	return max(n, 0)
}

// minColumn is the narrowest a column is clipped to, "…" included: enough to tell values apart.
const minColumn = 8

// fitWidths narrows the widest columns, one column at a time, until the table (columns two
// spaces apart) fits in width; no column goes below minColumn (or its own width when smaller).
func fitWidths(widths []int, width int) []int {
	if width <= 0 || len(widths) == 0 {
		return widths
	}
	out := append([]int(nil), widths...)
	total := 2 * (len(out) - 1)
	for _, w := range out {
		total += w
	}
	for total > width {
		widest := -1
		for i, w := range out {
			if w > minColumn && (widest < 0 || w > out[widest]) {
				widest = i
			}
		}
		if widest < 0 {
			break // as narrow as it goes: the terminal wraps the rest
		}
		cut := min(total-width, out[widest]-minColumn)
		// Cut no further than the next widest, so several wide columns share the cut.
		for i, w := range out {
			if i != widest && w < out[widest] && w >= minColumn {
				cut = min(cut, max(out[widest]-w, 1))
			}
		}
		out[widest] -= cut
		total -= cut
	}
	return out
}

// fitRows clips the cells of header and rows so the table fits in width.
func fitRows(header []string, rows [][]string, width int) {
	if width <= 0 {
		return
	}
	n := len(header)
	for _, r := range rows {
		n = max(n, len(r))
	}
	widths := make([]int, n)
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			widths[i] = max(widths[i], displayWidth(c))
		}
	}
	fit := fitWidths(widths, width)
	for _, r := range append([][]string{header}, rows...) {
		for i, c := range r {
			if fit[i] < widths[i] {
				r[i] = clip(c, fit[i])
			}
		}
	}
}
