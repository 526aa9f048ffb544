package render

import (
	"encoding/csv"
	"io"
	"strings"
)

// FormulaSafe prefixes a text cell a spreadsheet would evaluate with a ' (OWASP "CSV
// injection"): one starting with =, +, -, @, tab or CR. Amount columns are not text and keep
// their sign.
func FormulaSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// CSV writes rows for spreadsheets: RFC 4180 (CRLF), UTF-8 with a BOM, one header row; cells of
// the columns amount marks are numbers (with a decimal comma when the delimiter is ';', as a
// Russian locale reads them), all others text made formula-safe.
func CSV(w io.Writer, header []string, amount []bool, rows [][]string, delim rune) error {
	io.WriteString(w, "\ufeff")
	c := csv.NewWriter(w)
	c.UseCRLF = true
	if delim == ';' {
		c.Comma = ';'
	}
	c.Write(header)
	out := make([]string, len(header))
	for _, r := range rows {
		for i, v := range r {
			if i < len(amount) && amount[i] {
				out[i] = v
				if delim == ';' {
					out[i] = strings.Replace(v, ".", ",", 1)
				}
			} else {
				out[i] = FormulaSafe(v)
			}
		}
		c.Write(out[:len(r)])
	}
	c.Flush()
	return c.Error()
}
