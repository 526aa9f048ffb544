package xlsx_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bankctl/bankctl/internal/xlsx"
)

// A workbook read back by excelize (and by openpyxl, an independent reader, where Debian's
// python3-openpyxl is installed): the header frozen, text as text, amounts and dates as numbers
// with their formats, a formula-looking text inert, hostile characters kept out of the XML.
func TestWorkbookReadsBack(t *testing.T) {
	var buf bytes.Buffer
	w := xlsx.NewWriter(&buf, []xlsx.Column{{"date", xlsx.DateTime}, {"account", xlsx.Text}, {"amount", xlsx.Amount}, {"day", xlsx.Date}, {"purpose", xlsx.Text}, {"line", xlsx.Integer}})
	rows := [][]string{
		{"2026-11-05 10:00:00", "40702810610000000001", "-1500.50", "2026-11-05", `=HYPERLINK("http://x";"y")`, "2"},
		{"2026-11-30 23:59:59", "00702810610000000001", "98765432109876.54", "2026-11-30", "Возврат \x1b]0;pwned\x07 & <b>", "3"},
	}
	for _, r := range rows {
		if err := w.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	check := func(cell, want string, typ excelize.CellType) {
		t.Helper()
		got, _ := f.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
		ct, _ := f.GetCellType(sheet, cell)
		if got != want || ct != typ {
			t.Errorf("%s = %q (type %v), want %q (%v)", cell, got, ct, want, typ)
		}
	}
	check("A1", "date", excelize.CellTypeInlineString)
	check("B2", "40702810610000000001", excelize.CellTypeInlineString)
	check("B3", "00702810610000000001", excelize.CellTypeInlineString) // a leading zero kept
	check("C2", "-1500.50", excelize.CellTypeUnset)                    // a number
	check("C3", "98765432109876.54", excelize.CellTypeInlineString)    // 16 digits: text, exact
	check("E2", `=HYPERLINK("http://x";"y")`, excelize.CellTypeInlineString)
	check("E3", "Возврат  ]0;pwned  & <b>", excelize.CellTypeInlineString)
	check("F2", "2", excelize.CellTypeUnset)
	if v, _ := f.GetCellValue(sheet, "A2"); v != "05.11.2026 10:00:00" {
		t.Errorf("a date and time shows as %q", v)
	}
	if v, _ := f.GetCellValue(sheet, "D3"); v != "30.11.2026" {
		t.Errorf("a date shows as %q", v)
	}
	if v, _ := f.GetCellValue(sheet, "C2"); v != "-1,500.50" {
		t.Errorf("an amount shows as %q", v)
	}
	if formula, _ := f.GetCellFormula(sheet, "E2"); formula != "" {
		t.Errorf("text became a formula: %q", formula)
	}
	panes, _ := f.GetPanes(sheet)
	if !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("the header is not frozen: %+v", panes)
	}
	if w, _ := f.GetColWidth(sheet, "B"); w < 20 {
		t.Errorf("the account column is %v wide", w)
	}
	openpyxl(t, buf.Bytes())
}

// openpyxl reads the file as an independent reader (Debian's python3-openpyxl).
func openpyxl(t *testing.T, data []byte) {
	if _, err := exec.Command("/usr/bin/python3", "-c", "import openpyxl").CombinedOutput(); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI installs python3-openpyxl: the independent XLSX reader is missing")
		}
		t.Log("no python3-openpyxl here: the independent reader is skipped (CI installs it)")
		return
	}
	p := filepath.Join(t.TempDir(), "x.xlsx")
	os.WriteFile(p, data, 0o600)
	script := `import openpyxl, sys, datetime
ws = openpyxl.load_workbook(sys.argv[1]).active
assert ws.freeze_panes == "A2", ws.freeze_panes
assert ws["A2"].value == datetime.datetime(2026, 11, 5, 10, 0), ws["A2"].value
assert ws["B2"].value == "40702810610000000001" and ws["B2"].data_type == "s"
assert abs(ws["C2"].value - (-1500.5)) < 1e-9 and ws["C2"].number_format == "#,##0.00", (ws["C2"].value, ws["C2"].number_format)
assert ws["C3"].value == "98765432109876.54"
assert ws["D3"].value == datetime.datetime(2026, 11, 30), ws["D3"].value
assert ws["E2"].data_type == "s" and ws["E2"].value.startswith("=HYPERLINK")
print("ok")`
	out, err := exec.Command("/usr/bin/python3", "-c", script, p).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "ok") {
		t.Fatalf("openpyxl: %v\n%s", err, out)
	}
}
