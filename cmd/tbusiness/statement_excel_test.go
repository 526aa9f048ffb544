package tbusiness_test

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/onec/onectest"
	"github.com/bankctl/bankctl/internal/sandbox"
)

// Days as accountants type them, a whole month, errors that repeat what was typed.
func TestStatementDaysAsTyped(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	query := func(args ...string) url.Values {
		e.SB.Reset()
		e.MustRun("", append([]string{"tb", "statement", "-o", "jsonl"}, args...)...)
		q, _ := url.ParseQuery(e.SB.RequestsTo("/openapi/api/v1/statement")[0].Query)
		return q
	}
	for _, args := range [][]string{{"--from", "01.11.2026", "--to", "30.11.2026"}, {"--month", "11.2026"}, {"--month", "2026-11"}, {"--from", "2026-11-01", "--to", "30.11.2026"}} {
		if q := query(args...); q.Get("from") != "2026-10-31T21:00:00Z" || q.Get("to") != "2026-11-30T21:00:00Z" {
			t.Errorf("%v: %s .. %s", args, q.Get("from"), q.Get("to"))
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--from", "31.02.2026"}, `invalid --from "31.02.2026"`},
		{[]string{"--month", "13.2026"}, `invalid --month "13.2026"`},
		{[]string{"--from", "10.11.2026", "--to", "01.11.2026"}, "--from 10.11.2026 is not before --to 01.11.2026"},
		{[]string{"--from", "01.01.2099"}, "--from 01.01.2099 is not before today (--to's default)"},
		{[]string{"--month", "11.2026", "--from", "01.11.2026"}, "without --from and --to"},
	} {
		r := e.Run("", append([]string{"tb", "statement"}, c.args...)...)
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
		cmdtest.WantContains(t, strings.Join(c.args, " "), cmdtest.OneErrorLine(t, r), c.want)
	}
}

// An account the company does not have is refused before the first page, listing the
// company's; one typed with spaces is fine.
func TestStatementAccountMustBeTheCompanys(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	r := e.Run("", "tb", "statement", "--account", "40702810510000000099")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "error", r.Err, "the company has no account 40702810510000000099", sandbox.MainAccount, sandbox.TaxAccount, "RUB", "USD")
	if n := len(e.SB.RequestsTo("/openapi/api/v1/statement")); n != 0 {
		t.Fatalf("%d statement pages asked", n)
	}
	spaced := sandbox.MainAccount[:5] + " " + sandbox.MainAccount[5:10] + " " + sandbox.MainAccount[10:]
	r = e.MustRun("", "tb", "statement", "--account", spaced, "-o", "jsonl")
	if len(cmdtest.Lines(r.Out)) != 14 {
		t.Fatalf("an account typed with spaces: %d operations", len(cmdtest.Lines(r.Out)))
	}
}

// --account all: every ruble account; JSON Lines put "account" first, the table has an
// ACCOUNT column, 1С one account section each, with the documents after them.
func TestStatementAllAccounts(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	r := e.MustRun("", statement("--account", "all", "-o", "jsonl")...)
	lines := cmdtest.Lines(r.Out)
	main, tax := 0, 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, `{"account":"`+sandbox.MainAccount+`","operationId"`):
			main++
		case strings.HasPrefix(l, `{"account":"`+sandbox.TaxAccount+`","operationId"`):
			tax++
		default:
			t.Fatalf("a line without the account first: %s", l)
		}
	}
	if main != 14 || tax != 2 || strings.Contains(r.Out, sandbox.USDAccount) {
		t.Fatalf("%d and %d operations (and USD?)", main, tax)
	}
	r = e.MustRun("", statement("--account", "all", "-o", "1c")...)
	f, err := onectest.Read([]byte(r.Out))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Accounts) != 2 || f.Accounts[0]["РасчСчет"] != sandbox.MainAccount || f.Accounts[1]["РасчСчет"] != sandbox.TaxAccount || len(f.Docs) != 14-1+2 {
		t.Fatalf("1С: %d sections, %d documents", len(f.Accounts), len(f.Docs))
	}
	e.StdoutTTY = true
	r = e.MustRun("", statement("--account", "all")...)
	cmdtest.WantContains(t, "table", r.Out, "ACCOUNT", sandbox.TaxAccount)
}

// -o xlsx: typed cells read back with excelize, matching -o jsonl; refused to a terminal.
func TestStatementXLSX(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetHostile(true) // an amount with more digits than a spreadsheet number holds
	jsonl := e.MustRun("", statement("-o", "jsonl")...)
	r := e.MustRun("", statement("-o", "xlsx")...)
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Out)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0), excelize.Options{RawCellValue: true})
	ops := cmdtest.Lines(jsonl.Out)
	if len(rows) != len(ops)+1 || rows[0][0] != "date" {
		t.Fatalf("%d rows for %d operations", len(rows), len(ops))
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	sheet := x.GetSheetName(0)
	for i, line := range ops {
		var op struct {
			OperationID   string                        `json:"operationId"`
			AccountAmount json.Number                   `json:"accountAmount"`
			Counter       struct{ Inn, Account string } `json:"counterParty"`
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		dec.Decode(&op)
		row := rows[i+1]
		if row[col["operation_id"]] != op.OperationID || row[col["counterparty_inn"]] != op.Counter.Inn || row[col["counterparty_account"]] != op.Counter.Account {
			t.Fatalf("row %d: %v", i+1, row)
		}
		amount := strings.TrimPrefix(row[col["amount"]], "-")
		if !sameAmount(amount, op.AccountAmount.String()) {
			t.Errorf("row %d: amount %s, operation's %s", i+1, row[col["amount"]], op.AccountAmount)
		}
		cell, _ := excelize.CoordinatesToCellName(col["amount"]+1, i+2)
		typ, _ := x.GetCellType(sheet, cell)
		wantNumber := len(strings.TrimLeft(strings.ReplaceAll(op.AccountAmount.String(), ".", ""), "0")) <= 15
		if (typ == excelize.CellTypeUnset) != wantNumber {
			t.Errorf("row %d: amount %s is of type %v", i+1, op.AccountAmount, typ)
		}
		acct, _ := excelize.CoordinatesToCellName(col["counterparty_account"]+1, i+2)
		if typ, _ := x.GetCellType(sheet, acct); typ != excelize.CellTypeInlineString {
			t.Errorf("row %d: an account is not text", i+1)
		}
		date, _ := excelize.CoordinatesToCellName(col["date"]+1, i+2)
		if v, _ := x.GetCellValue(sheet, date); !regexp.MustCompile(`^\d\d\.\d\d\.2026 \d\d:\d\d:\d\d$`).MatchString(v) {
			t.Errorf("row %d: date shows %q", i+1, v)
		}
	}
	e.StdoutTTY = true
	r = e.Run("", statement("-o", "xlsx")...)
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "terminal", cmdtest.OneErrorLine(t, r), "redirect it to a file")
}

func sameAmount(a, b string) bool {
	trim := func(s string) string {
		if strings.Contains(s, ".") {
			s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
		}
		return s
	}
	return trim(a) == trim(b)
}

// A -o 1c whose page fails keeps its documents; its continuation command finishes the same file,
// whole and with the totals of a run that never failed.
func TestOneCContinuationFinishesTheFile(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetStatementSize(40)
	e.SB.SetPageLimit(10)
	whole := e.MustRun("", statement("--account", "all", "-o", "1c")...)
	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", After: 2, Status: 400, Times: 1})
	r := e.Run("", statement("--account", "all", "-o", "1c")...)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	if r.Out != "" {
		t.Fatal("a failed -o 1c wrote part of a file")
	}
	m := regexp.MustCompile(`continue with: (.*)`).FindStringSubmatch(r.Err)
	if m == nil || !strings.Contains(m[1], "-o 1c") || !strings.Contains(m[1], "--cursor "+sandbox.MainAccount+":") {
		t.Fatalf("no 1С continuation:\n%s", r.Err)
	}
	args := cmdtest.ShellSplit(m[1])[1:]
	second := e.MustRun("", args...)
	a, err := onectest.Read([]byte(whole.Out))
	if err != nil {
		t.Fatal(err)
	}
	b, err := onectest.Read([]byte(second.Out))
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Docs) != len(b.Docs) || a.Account["ВсегоПоступило"] != b.Account["ВсегоПоступило"] || a.Accounts[1]["ВсегоСписано"] != b.Accounts[1]["ВсегоСписано"] {
		t.Fatalf("the continued file differs: %d/%d documents, %v / %v", len(a.Docs), len(b.Docs), a.Account, b.Account)
	}
	for i := range a.Docs {
		if a.Docs[i].Fields["Номер"] != b.Docs[i].Fields["Номер"] {
			t.Fatalf("document %d: %s, want %s", i, b.Docs[i].Fields["Номер"], a.Docs[i].Fields["Номер"])
		}
	}
	// The spool is gone once the file is written: the same continuation finds nothing.
	r = e.Run("", args...)
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	cmdtest.WantContains(t, "again", cmdtest.OneErrorLine(t, r), "no interrupted -o 1c")
}

// accounts, payment journal and status write workbooks too: balances as numbers, accounts as
// text, the journal's times as dates.
func TestListsAsXLSX(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	r := e.MustRun("", "tb", "accounts", "-o", "xlsx")
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Out)))
	if err != nil {
		t.Fatal(err)
	}
	sheet := x.GetSheetName(0)
	if v, _ := x.GetCellValue(sheet, "A2"); v != sandbox.MainAccount {
		t.Fatalf("A2 = %q", v)
	}
	if typ, _ := x.GetCellType(sheet, "F2"); typ != excelize.CellTypeUnset {
		t.Fatalf("a balance is of type %v, not a number", typ)
	}
	if v, _ := x.GetCellValue(sheet, "F2", excelize.Options{RawCellValue: true}); v != "1284530.75" {
		t.Fatalf("balance %q", v)
	}
	e.StdoutTTY = true
	r = e.Run("", "tb", "accounts", "-o", "xlsx")
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
}
