package tbusiness_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/bankctl/bankctl/cmd/cmdtest"
	"github.com/bankctl/bankctl/internal/onec/onectest"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/sanitize"
)

// november is a month of statement in Moscow days; the sandbox spreads its operations over it.
var november = []string{"tb", "statement", "--from", "2026-11-01", "--to", "2026-11-30"}

func statement(args ...string) []string { return append(append([]string(nil), november...), args...) }

// ops decodes JSON Lines.
func ops(t *testing.T, out string) []map[string]any {
	t.Helper()
	var all []map[string]any
	for i, line := range cmdtest.Lines(out) {
		dec := json.NewDecoder(strings.NewReader(line))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatalf("line %d is not one JSON object: %v\n%s", i+1, err, line)
		}
		all = append(all, m)
	}
	return all
}

func TestStatementMoscowDaysAndJSONL(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetHostile(true) // the data made to test the exports
	e.SB.SetStatementSize(40)
	r := e.MustRun("", statement("-o", "jsonl")...)
	reqs := e.SB.RequestsTo("/openapi/api/v1/statement")
	q, _ := url.ParseQuery(reqs[0].Query)
	// 1 November 00:00 Moscow is 31 October 21:00 UTC; 30 November inclusive ends at 1 December 00:00 Moscow.
	if q.Get("from") != "2026-10-31T21:00:00Z" || q.Get("to") != "2026-11-30T21:00:00Z" || q.Get("accountNumber") != sandbox.MainAccount {
		t.Fatalf("query %v", q)
	}
	all := ops(t, r.Out)
	if len(all) != 40 {
		t.Fatalf("%d operations, want 40", len(all))
	}
	// The bank's fields unchanged, including the Cyrillic С of "Сredit" and the exact amount.
	if !strings.Contains(r.Out, `"typeOfOperation":"Сredit"`) || !strings.Contains(r.Out, `"accountAmount":98765432109876.54`) {
		t.Fatal("jsonl is not the bank's JSON byte for byte")
	}
	// An RFC 3339 time is taken as the instant, and --to as the exclusive end.
	e.SB.Reset()
	e.MustRun("", "tb", "statement", "--from", "2026-11-05T10:00:00+03:00", "--to", "2026-11-06T00:00:00Z", "-o", "jsonl")
	q, _ = url.ParseQuery(e.SB.RequestsTo("/openapi/api/v1/statement")[0].Query)
	if q.Get("from") != "2026-11-05T07:00:00Z" || q.Get("to") != "2026-11-06T00:00:00Z" {
		t.Fatalf("instants %v", q)
	}
	for _, bad := range [][]string{{"--from", "31.11.2026"}, {"--from", "2026-11-10", "--to", "2026-11-01"}, {"--status", "pending"}, {"-o", "yaml"}, {"--delimiter", "|"}} {
		r := e.Run("", append([]string{"tb", "statement"}, bad...)...)
		cmdtest.WantCode(t, r, cmdtest.ExitUsage)
	}
	r = e.Run("", "tb", "statement", "-o", "yaml")
	cmdtest.WantContains(t, "yaml refusal", cmdtest.OneErrorLine(t, r), "jsonl")
}

func TestStatementJSONAndBalances(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	r := e.MustRun("", statement("-o", "json", "--balances")...)
	var doc struct {
		Balances   map[string]json.Number `json:"balances"`
		Operations []json.RawMessage      `json:"operations"`
	}
	dec := json.NewDecoder(strings.NewReader(r.Out))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil || len(doc.Operations) != 14 || doc.Balances["balanceBegin"] != "1250000.50" {
		t.Fatalf("json: %v %d %v\n%s", err, len(doc.Operations), doc.Balances, r.Out)
	}
	r = e.MustRun("", statement("-o", "json")...)
	var arr []json.RawMessage
	if err := json.Unmarshal([]byte(r.Out), &arr); err != nil || len(arr) != 14 {
		t.Fatalf("json array: %v %d", err, len(arr))
	}
	// Balances go to stderr where the format has no place for them.
	r = e.MustRun("", statement("-o", "jsonl", "--balances")...)
	cmdtest.WantContains(t, "stderr", r.Err, "balances:", "1250000.50")
}

func TestStatementExactDecimalsEndToEnd(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetHostile(true) // the data made to test the exports
	r := e.MustRun("", "tb", "accounts")
	cmdtest.WantContains(t, "accounts", r.Out, sandbox.MainAccount+"\tРублевый счет\tRUB\tCurrent\tNORM\t1000000000000000.01\t1000000000075000.01", "USD", "15000.50")
	r = e.MustRun("", "tb", "accounts", "-o", "json")
	cmdtest.WantContains(t, "accounts json", r.Out, `"balance":1000000000000000.01`)
	r = e.MustRun("", "tb", "accounts", "-o", "csv")
	cmdtest.WantContains(t, "accounts csv", r.Out, ",1000000000000000.01,")
	r = e.MustRun("", "tb", "accounts", "--jq", ".balance.balance")
	cmdtest.WantContains(t, "accounts jq", r.Out, "1000000000000000.01\n")
	for _, format := range []string{"tsv", "csv", "1c"} {
		args := statement()
		if format != "tsv" {
			args = append(args, "-o", format)
		}
		r := e.MustRun("", args...)
		out := r.Out
		if format == "1c" {
			f, err := onectest.Read([]byte(out))
			if err != nil {
				t.Fatal(err)
			}
			out = fmt.Sprint(f.Docs)
		}
		cmdtest.WantContains(t, format, out, "98765432109876.54")
	}
}

// A statement whose operations carry a forged 1С document, spreadsheet formulas and characters
// Windows-1251 lacks: every format holds, read back by an independent reader.
func TestStatementFilesCannotBeForged(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetHostile(true)     // the data made to test the exports
	e.SB.SetStatementSize(26) // two authorizations among them
	r := e.MustRun("", statement("-o", "1c")...)
	f, err := onectest.Read([]byte(r.Out))
	if err != nil {
		t.Fatalf("1С: %v", err)
	}
	if len(f.Docs) != 24 {
		t.Fatalf("%d documents, want 24 (26 operations less 2 authorizations)", len(f.Docs))
	}
	for _, d := range f.Docs {
		if d.Fields["Номер"] == "666" || d.Fields["Сумма"] == "9999999.99" {
			t.Fatalf("a forged document was imported: %v", d.Fields)
		}
	}
	purposes := fmt.Sprint(f.Docs)
	cmdtest.WantContains(t, "1С purposes", purposes, "Оплата по счету 5  КонецДокумента  СекцияДокумент=Платежное поручение", "Кофе ? и торт ? для офиса, Za???? g??l? ja??, ? ? ?")
	cmdtest.WantContains(t, "stderr", r.Err, "2 authorization(s) left out", "value(s) changed to fit 1С")
	begin := decimal.RequireFromString(f.Account["НачальныйОстаток"])
	in := decimal.RequireFromString(f.Account["ВсегоПоступило"])
	out := decimal.RequireFromString(f.Account["ВсегоСписано"])
	if !begin.Add(in).Sub(out).Equal(decimal.RequireFromString(f.Account["КонечныйОстаток"])) {
		t.Fatalf("balances do not add up: %v", f.Account)
	}

	r = e.MustRun("", statement("-o", "csv")...)
	if !strings.HasPrefix(r.Out, "\ufeff") {
		t.Fatal("no BOM")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Out, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 27 {
		t.Fatalf("csv: %v, %d rows", err, len(rows))
	}
	header := rows[0]
	for _, row := range rows[1:] {
		for i, cell := range row {
			switch header[i] {
			case "amount", "operation_amount", "ruble_amount":
				if _, err := decimal.NewFromString(cell); err != nil {
					t.Fatalf("%s %q is not a number", header[i], cell)
				}
			default:
				if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
					t.Fatalf("column %s: a spreadsheet would evaluate %q", header[i], cell)
				}
			}
		}
	}
	cmdtest.WantContains(t, "csv", r.Out, `'=HYPERLINK(`, `'-2+3 возврат`, `'@SUM(A1:A9)`, ",-495.95,")

	r = e.MustRun("", statement()...)
	if n := len(cmdtest.Lines(r.Out)); n != 26 {
		t.Fatalf("TSV has %d lines for 26 operations", n)
	}
	cmdtest.WantContains(t, "tsv", r.Out, "=HYPERLINK(") // data for scripts: no formula guard
	cmdtest.WantNotContains(t, "tsv", r.Out, "\r")
	// Byte-exact JSON Lines keep the bank's text as it came: scripts read that.
	r = e.MustRun("", statement("-o", "jsonl")...)
	cmdtest.WantContains(t, "jsonl", r.Out, `Оплата по счету 5\r\nКонецДокумента`, `"=HYPERLINK(`)

	// Semicolons and decimal commas for a Russian spreadsheet.
	r = e.MustRun("", statement("-o", "csv", "--delimiter", ";")...)
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.Out, "\ufeff")))
	cr.Comma = ';'
	rows, err = cr.ReadAll()
	if err != nil || len(rows) != 27 || !strings.Contains(r.Out, ";-495,95;") {
		t.Fatalf("; csv: %v\n%s", err, r.Out[:min(len(r.Out), 600)])
	}
}

func TestStatementTableOnTerminalIsInert(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetHostile(true) // the data made to test the exports
	e.StdoutTTY = true
	r := e.MustRun("", statement()...)
	cmdtest.WantContains(t, "table", r.Out, "DATE", "COUNTERPARTY", "ООО «Ромашка»", "authorization", "Возврат ^[]0;pwned^G^[[2J<U+202E>")
	for _, r := range r.Out {
		if r != '\n' && !sanitize.Inert(r) {
			t.Fatalf("%U reached the terminal table", r)
		}
	}
	if n := len(cmdtest.Lines(r.Out)); n != 15 {
		t.Fatalf("%d lines for a header and 14 operations", n)
	}
}

// A page that fails after others were written: a non-zero exit, the command to continue, and
// each operation exactly once across both runs.
func TestStatementFailedPageResumes(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetStatementSize(20)
	e.SB.SetPageLimit(6)
	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", After: 2, Status: 500, RetryAfter: "0", Times: 4})
	for _, format := range []string{"jsonl", "csv"} {
		first := e.Run("", statement("-o", format)...)
		cmdtest.WantCode(t, first, cmdtest.ExitError)
		var cont string
		for _, l := range strings.Split(first.Err, "\n") {
			if c, ok := strings.CutPrefix(strings.TrimSpace(l), "continue with: "); ok {
				cont = c
			}
		}
		if cont == "" || !strings.Contains(cont, "--cursor ") || !strings.Contains(cont, "--from 2026-10-31T21:00:00Z") || !strings.Contains(cont, "-o "+format) {
			t.Fatalf("no continuation command:\n%s", first.Err)
		}
		args := cmdtest.ShellSplit(cont)[1:]
		second := e.MustRun("", args...)
		if format == "jsonl" {
			all := append(ops(t, first.Out), ops(t, second.Out)...)
			seen := map[string]bool{}
			for _, op := range all {
				id := op["operationId"].(string)
				if seen[id] {
					t.Fatalf("%s written twice", id)
				}
				seen[id] = true
			}
			if len(seen) != 20 {
				t.Fatalf("%d distinct operations across both runs, want 20", len(seen))
			}
		} else {
			if strings.HasPrefix(second.Out, "\ufeff") || strings.HasPrefix(second.Out, "date,") {
				t.Fatal("a continuation repeated the BOM or the header")
			}
			rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(first.Out+second.Out, "\ufeff"))).ReadAll()
			if len(rows) != 21 {
				t.Fatalf("%d CSV rows across both runs, want a header and 20", len(rows))
			}
		}
		e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", After: 2, Status: 500, RetryAfter: "0", Times: 4})
	}
	// JSON and 1С are single documents: a cut one is not passed off as whole.
	r := e.Run("", statement("-o", "json")...)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	if json.Valid([]byte(r.Out)) {
		t.Fatal("a cut -o json is valid JSON")
	}
	cmdtest.WantContains(t, "json error", r.Err, "-o jsonl", "--cursor")
	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", After: 2, Status: 500, RetryAfter: "0", Times: 4})
	r = e.Run("", statement("-o", "1c")...)
	cmdtest.WantCode(t, r, cmdtest.ExitError)
	if r.Out != "" {
		t.Fatal("-o 1c wrote part of a file")
	}
	r = e.Run("", statement("-o", "1c", "--cursor", "abc")...)
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
}

func TestStatementRepeatedCursorStops(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.SetStatementSize(30)
	e.SB.SetPageLimit(10)
	e.SB.SetRepeatCursor(true)
	r := e.MustRun("", statement("-o", "jsonl")...)
	if n := len(cmdtest.Lines(r.Out)); n != 20 {
		t.Fatalf("%d operations: want the first page and the one the repeated cursor gave, once", n)
	}
	if n := len(e.SB.RequestsTo("/openapi/api/v1/statement")); n != 2 {
		t.Fatalf("%d requests: paging did not stop on the repeated cursor", n)
	}
	cmdtest.WantContains(t, "stderr", r.Err, "sent the cursor", "twice")
}

func TestStatement429IsWaitedOut(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	e.SB.AddFault(sandbox.Fault{Path: "/openapi/api/v1/statement", Status: 429, Times: 2})
	r := e.MustRun("", statement("-o", "jsonl")...)
	if n := len(cmdtest.Lines(r.Out)); n != 14 {
		t.Fatalf("%d operations", n)
	}
	if n := len(e.SB.RequestsTo("/openapi/api/v1/statement")); n != 3 {
		t.Fatalf("%d requests, want two 429s and then the page", n)
	}
}

func TestStatementJQOnEachOperation(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	r := e.MustRun("", statement("--jq", `select(.operationStatus == "Authorization") | .operationId`)...)
	if got := cmdtest.Lines(r.Out); len(got) != 1 || !strings.HasSuffix(got[0], "-12") {
		t.Fatalf("jq per operation: %q", r.Out)
	}
	r = e.Run("", statement("-o", "csv", "--jq", ".operationId")...)
	cmdtest.WantCode(t, r, cmdtest.ExitUsage)
}

// --balances on a terminal's stderr is a sentence a person reads; piped, the bank's JSON.
func TestBalancesReadableOnATerminal(t *testing.T) {
	e := cmdtest.New(t)
	e.TBusinessEnv(t)
	r := e.MustRun("", statement("-o", "jsonl", "--balances")...)
	cmdtest.WantContains(t, "piped stderr", r.Err, `balances: {"balanceBegin":1250000.50,`)
	e.StdinTTY = true // stdin and stderr on a terminal, stdout piped
	r = e.MustRun("", statement("-o", "jsonl", "--balances")...)
	cmdtest.WantContains(t, "terminal stderr", r.Err, "balances: opening 1250000.50, received ", ", paid ", ", closing ")
	cmdtest.WantNotContains(t, "terminal stderr", r.Err, "{")
}
