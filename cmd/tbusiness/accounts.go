package tbusiness

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// AccountsOptions are the inputs of `bankctl tbusiness accounts`.
type AccountsOptions struct {
	Client    func() (*tbusiness.Client, *cmdutil.TBusinessAuth, error)
	Scopes    func(ctx context.Context, auth *cmdutil.TBusinessAuth, need ...string) error
	Printer   func() (*cmdutil.Printer, error)
	Invest    bool
	Delimiter string
}

// NewCmdAccounts builds `bankctl tbusiness accounts`.
func NewCmdAccounts(f *cmdutil.Factory, runF func(*AccountsOptions) error) *cobra.Command {
	opts := &AccountsOptions{Client: f.TBusiness, Scopes: f.RequireScopes}
	c := &cobra.Command{
		Use:   "accounts",
		Short: "List the company's accounts and balances",
		Long: `Call GET /api/v4/bank-accounts and show one row per account: number, name, currency (as
letters), type, status, balance and what is available (otb). Amounts are printed exactly as the
bank sent them, never through a float: 1000000000000000.01 stays that.

-o json prints the bank's JSON unchanged; jsonl one account a line; csv for spreadsheets. With
a T-ID token, its bank-accounts/get scope is checked first (exit 5 when missing).`,
		Example: `  bankctl tbusiness accounts
  bankctl tb accounts --invest -o csv > accounts.csv
  bankctl tb accounts --jq 'select(.currency == "643") | .accountNumber'`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, accountsRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.ListFormats)
	c.Flags().BoolVar(&opts.Invest, "invest", false, "include investment accounts (withInvest=true)")
	cmdutil.DelimiterFlag(c, &opts.Delimiter)
	return c
}

func accountsRun(ctx context.Context, opts *AccountsOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	if p.Delimiter, err = cmdutil.Delimiter(opts.Delimiter); err != nil {
		return err
	}
	c, auth, err := opts.Client()
	if err != nil {
		return err
	}
	if err := opts.Scopes(ctx, auth, tbusiness.ScopeAccounts); err != nil {
		return err
	}
	body, err := c.Accounts(ctx, opts.Invest)
	if err != nil {
		return err
	}
	items, err := cmdutil.Items(body)
	if err != nil {
		return err
	}
	return p.List(body, items, accountColumns)
}

var accountColumns = []cmdutil.Column{
	{Header: "ACCOUNT", Get: func(n *render.Node) string { return n.At("accountNumber").String() }},
	{Header: "NAME", Get: func(n *render.Node) string { return n.At("name").String() }},
	{Header: "CURRENCY", Get: func(n *render.Node) string { return money.Currency(n.At("currency").String()) }},
	{Header: "TYPE", Get: func(n *render.Node) string { return n.At("accountType").String() }},
	{Header: "STATUS", Get: func(n *render.Node) string { return n.At("status").String() }},
	{Header: "BALANCE", Amount: true, Get: func(n *render.Node) string { return amount(n.At("balance", "balance")) }},
	{Header: "AVAILABLE", Amount: true, Get: func(n *render.Node) string { return amount(n.At("balance", "otb")) }},
}

// amount shows a JSON number exactly, with two decimals at least.
func amount(n *render.Node) string {
	if n == nil || n.Kind() == render.Null {
		return ""
	}
	return money.FormatText(n.String())
}
