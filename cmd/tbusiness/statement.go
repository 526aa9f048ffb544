package tbusiness

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
)

// StatementOptions are the inputs of `bankctl tbusiness statement`.
type StatementOptions struct {
	IO         *iostreams.IOStreams
	f          *cmdutil.Factory
	Printer    func() (*cmdutil.Printer, error)
	Account    string
	From, To   string
	Month      string
	Status     string
	Categories []string
	Balances   bool
	Cursor     string
	Delimiter  string
}

var statementFormats = cmdutil.Formats{
	Names: []string{cmdutil.Table, cmdutil.JSON, cmdutil.JSONL, cmdutil.CSV, cmdutil.XLSX, cmdutil.OneC},
	Hint:  "a statement can be too long for one YAML document: use -o jsonl, one operation a line",
}

// NewCmdStatement builds `bankctl tbusiness statement`.
func NewCmdStatement(f *cmdutil.Factory, runF func(*StatementOptions) error) *cobra.Command {
	opts := &StatementOptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "statement",
		Short: "Stream an account's operations for a period: table, JSON Lines, CSV, Excel or 1С",
		Long: `Fetch every page of GET /api/v1/statement and write each page as it arrives, so memory stays
flat however long the period (100,000 operations is a normal month for a marketplace seller).

Days are Moscow days, typed 2026-11-01 or 01.11.2026: --from 01.11.2026 --to 30.11.2026 (or
--month 11.2026, or --month 2026-11) is [1 Nov 00:00, 1 Dec 00:00) Moscow time, sent to the bank
in UTC. A full RFC 3339 time is taken as that instant (as --to, the exclusive end). Defaults:
the profile's tbusiness.account (or the company's only account), from the first of this month
to today, --status all.

--account must be one of the company's accounts (spaces in the number are fine); anything else
is refused before the first page, listing them. --account all writes every ruble account that
"accounts" lists: JSON Lines put "account" first in each operation, the table and the
spreadsheets have an account column, 1С gets one account section each.

Formats: a table on a terminal, tab-separated lines when piped; -o jsonl, one operation a line
as the bank sent it (byte-exact: for scripts); -o json, one array; -o csv for spreadsheets
(UTF-8 with a BOM, the columns docs/tbusiness.md lists, --delimiter ';' for a Russian locale,
whose amounts then have a decimal comma); -o xlsx, an Excel workbook (accounts and codes as
text, amounts as numbers, dates as dates; not to a terminal); -o 1c, the 1CClientBankExchange
file 1С imports (Windows-1251, written whole after the last page; authorizations are left out).
--jq runs on each operation.

Text in operations is written by whoever sent the money: in 1С every value stays on its line,
in CSV a cell that would be a formula starts with ', and a terminal shows control characters
inert.

When a page fails after others were written, or Ctrl-C stops the statement (after the current
page), the exit is non-zero and the error names the command that continues from there
(--cursor). An interrupted -o 1c keeps its documents in the state folder: its continuation
finishes the same 1С file.`,
		Example: `  bankctl tbusiness statement
  bankctl tb statement --month 11.2026 -o jsonl > november.jsonl
  bankctl tb statement --from 01.11.2026 --to 30.11.2026 -o csv --delimiter ';' > november.csv
  bankctl tb statement --month 2026-11 -o xlsx > november.xlsx
  bankctl tb statement --month 2026-11 --account all -o 1c > kl_to_1c.txt
  bankctl tb statement --status transaction --category income --jq 'select(.accountAmount > 100000)'`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, statementRun, nil),
	}
	opts.Printer = f.PrinterFor(c, statementFormats)
	fl := c.Flags()
	fl.StringVar(&opts.Account, "account", "", "the account, or all (every ruble account) (default: tbusiness.account, else the company's only account)")
	fl.StringVar(&opts.From, "from", "", "first Moscow day (2026-11-01 or 01.11.2026) or an RFC 3339 time (default: the first of this month)")
	fl.StringVar(&opts.To, "to", "", "last Moscow day, inclusive, or an RFC 3339 time, exclusive (default: today)")
	fl.StringVar(&opts.Month, "month", "", "a whole Moscow month: 2026-11 or 11.2026 (instead of --from and --to)")
	fl.StringVar(&opts.Status, "status", "all", "all, transaction or authorization")
	fl.StringArrayVar(&opts.Categories, "category", nil, "only operations of this `category` (repeatable)")
	fl.BoolVar(&opts.Balances, "balances", false, "ask for the period's balances (stderr; in -o json and 1c, the output)")
	fl.StringVar(&opts.Cursor, "cursor", "", "continue a statement from this cursor (from a failed or interrupted run's message)")
	cmdutil.DelimiterFlag(c, &opts.Delimiter)
	c.RegisterFlagCompletionFunc("status", cobra.FixedCompletions([]string{"all", "transaction", "authorization"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}
