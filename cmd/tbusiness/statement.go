package tbusiness

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/msk"
)

// StatementOptions are the inputs of `bankctl tbusiness statement`.
type StatementOptions struct {
	IO         *iostreams.IOStreams
	f          *cmdutil.Factory
	Printer    func() (*cmdutil.Printer, error)
	Account    string
	From, To   string
	Status     string
	Categories []string
	Balances   bool
	Cursor     string
	Delimiter  string
}

var statementFormats = cmdutil.Formats{
	Names: []string{cmdutil.Table, cmdutil.JSON, cmdutil.JSONL, cmdutil.CSV, cmdutil.OneC},
	Hint:  "a statement can be too long for one YAML document: use -o jsonl, one operation a line",
}

// NewCmdStatement builds `bankctl tbusiness statement`.
func NewCmdStatement(f *cmdutil.Factory, runF func(*StatementOptions) error) *cobra.Command {
	opts := &StatementOptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "statement",
		Short: "Stream an account's operations for a period: table, JSON Lines, CSV or 1С",
		Long: `Fetch every page of GET /api/v1/statement and write each page as it arrives, so memory stays
flat however long the period (100,000 operations is a normal month for a marketplace seller).

Days are Moscow days: --from 2026-11-01 --to 2026-11-30 is [1 Nov 00:00, 1 Dec 00:00) Moscow
time, sent to the bank in UTC. A full RFC 3339 time is taken as that instant (as --to, the
exclusive end). Defaults: the profile's tbusiness.account (or the company's only account), from
the first of this month to today, --status all.

Formats: a table on a terminal, tab-separated lines when piped; -o jsonl, one operation a line
as the bank sent it (byte-exact: for scripts); -o json, one array; -o csv for spreadsheets
(UTF-8 with a BOM, the columns docs/tbusiness.md lists, --delimiter ';' for a Russian locale,
whose amounts then have a decimal comma); -o 1c, the 1CClientBankExchange file 1С imports
(Windows-1251, written whole after the last page; authorizations are left out). --jq runs on
each operation.

Text in operations is written by whoever sent the money: in 1С every value stays on its line,
in CSV a cell that would be a formula starts with ', and a terminal shows control characters
inert.

When a page fails after others were written, the exit is non-zero and the error names the
command that continues from there (--cursor).`,
		Example: `  bankctl tbusiness statement
  bankctl tb statement --from 2026-11-01 --to 2026-11-30 -o jsonl > november.jsonl
  bankctl tb statement --from 2026-11-01 --to 2026-11-30 -o csv --delimiter ';' > november.csv
  bankctl tb statement --from 2026-11-01 --to 2026-11-30 -o 1c > kl_to_1c.txt
  bankctl tb statement --status transaction --category income --jq 'select(.accountAmount > 100000)'`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, statementRun, nil),
	}
	opts.Printer = f.PrinterFor(c, statementFormats)
	fl := c.Flags()
	fl.StringVar(&opts.Account, "account", "", "the account (default: tbusiness.account, else the company's only account)")
	fl.StringVar(&opts.From, "from", "", "first Moscow day (YYYY-MM-DD) or an RFC 3339 time (default: the first of this month)")
	fl.StringVar(&opts.To, "to", "", "last Moscow day, inclusive, or an RFC 3339 time, exclusive (default: today)")
	fl.StringVar(&opts.Status, "status", "all", "all, transaction or authorization")
	fl.StringArrayVar(&opts.Categories, "category", nil, "only operations of this `category` (repeatable)")
	fl.BoolVar(&opts.Balances, "balances", false, "ask for the period's balances (stderr; in -o json and 1c, the output)")
	fl.StringVar(&opts.Cursor, "cursor", "", "continue a statement from this cursor (from a failed run's error)")
	cmdutil.DelimiterFlag(c, &opts.Delimiter)
	c.RegisterFlagCompletionFunc("status", cobra.FixedCompletions([]string{"all", "transaction", "authorization"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// period turns --from and --to into the API's UTC [from, to).
func period(fromArg, toArg string, now time.Time) (time.Time, time.Time, error) {
	now = now.In(msk.Zone)
	from := time.Date(now.Year(), now.Month(), 1, 0, 0, 0, 0, msk.Zone)
	to := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, msk.Zone)
	var err error
	if fromArg != "" {
		if from, err = instant(fromArg, false); err != nil {
			return from, to, cmdutil.Usagef("invalid --from %q: use a day such as 2026-11-01 or an RFC 3339 time", fromArg)
		}
	}
	if toArg != "" {
		if to, err = instant(toArg, true); err != nil {
			return from, to, cmdutil.Usagef("invalid --to %q: use a day such as 2026-11-30 or an RFC 3339 time", toArg)
		}
	}
	if !from.Before(to) {
		return from, to, cmdutil.Usagef("the period is empty: --from %s is not before --to %s", from.Format(time.RFC3339), to.Format(time.RFC3339))
	}
	return from.UTC(), to.UTC(), nil
}

// instant reads a Moscow day (as the end of a period, the day after it begins) or an RFC 3339 time.
func instant(s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, msk.Zone)
	if err != nil {
		return time.Time{}, err
	}
	if end {
		d = d.AddDate(0, 0, 1)
	}
	return d, nil
}
