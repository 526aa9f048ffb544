package ibank

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/ibank"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/rest"
)

// ClientInfoOptions are the inputs of `bankctl ibank client-info`.
type ClientInfoOptions struct {
	Client  func() (*rest.Client, error)
	Printer func() (*cmdutil.Printer, error)
}

// NewCmdClientInfo builds `bankctl ibank client-info`.
func NewCmdClientInfo(f *cmdutil.Factory, runF func(*ClientInfoOptions) error) *cobra.Command {
	opts := &ClientInfoOptions{Client: f.IBank}
	c := &cobra.Command{
		Use:   "client-info",
		Short: "Show the organisation, employee and accounts the token belongs to",
		Long: `Call GET <url>/client/info and show the organisation (name, INN, KPP, OGRN), the employee
who owns the token, and the accounts in each bank.

-o json prints the bank's JSON unchanged, every field kept; the table shows every field too,
under its own name when bankctl does not know it. When stdout is not a terminal the table is
printed as tab-separated rows.`,
		Example: `  bankctl ibank client-info
  bankctl ibank client-info -o json
  bankctl ibank client-info --jq '.banks[].accounts[] | select(.currency == "RUB") | .accountNumber'`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, clientInfoRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func clientInfoRun(ctx context.Context, opts *ClientInfoOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	c, err := opts.Client()
	if err != nil {
		return err
	}
	body, err := ibank.ClientInfo(ctx, c)
	if err != nil {
		return err
	}
	return p.Document(body, clientInfoLabels)
}

// clientInfoLabels name the fields of the BIFIT client model; anything else shows as its path.
var clientInfoLabels = render.Labels{
	First: []string{"clientInfo", "employeeInfo", "contactInfo", "banks"},
	Rows: map[string]string{
		"clientinfo.name": "Organisation", "clientinfo.fullorganizationname": "Full name",
		"clientinfo.inn": "INN", "clientinfo.kpp": "KPP", "clientinfo.ogrn": "OGRN", "clientinfo.okpo": "OKPO",
		"clientinfo.type": "Type",
		"name":            "Organisation", "inn": "INN", "kpp": "KPP", "ogrn": "OGRN", "okpo": "OKPO",
		"employeeinfo.fio": "Employee", "employeeinfo.role": "Role", "employeeinfo.position": "Position",
		"contactinfo.addr": "Address", "contactinfo.telephone": "Phone", "contactinfo.email": "Email",
		"permissions": "Permissions",
	},
	Columns: map[string]string{
		"outer.name": "BANK", "bic": "BIC", "accountnumber": "ACCOUNT", "currency": "CURRENCY",
		"remainder": "BALANCE", "balance": "BALANCE", "status": "STATUS", "opendate": "OPENED",
	},
	Titles: map[string]string{"banks": "Accounts"},
}
