// Package tbusiness holds the `bankctl tbusiness` (tb) commands: the T-Business API that a
// company's T-ID token (or its self-service token) opens: company, accounts, statements, and
// payment-order drafts (cmd/tbusiness/payment).
package tbusiness

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/apicmd"
	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/cert"
	"github.com/bankctl/bankctl/cmd/tbusiness/invoice"
	"github.com/bankctl/bankctl/cmd/tbusiness/payment"
	"github.com/bankctl/bankctl/cmd/tbusiness/sbp"
	"github.com/bankctl/bankctl/internal/rest"
)

// NewCmdTBusiness builds the `bankctl tbusiness` group.
func NewCmdTBusiness(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:     "tbusiness <command>",
		Aliases: []string{"tb"},
		Short:   "Company, accounts, statements, payment drafts, invoices and SBP QR codes through the T-Business API",
		Long: `Work with T-Bank's T-Business API: the company's details, its accounts and balances, account
statements streamed to JSON Lines, CSV, Excel or 1С, payment-order drafts that a person then
signs in the web bank, invoices to customers, SBP payment links with their QR code, and the
documents of executed payments.

The token, in this order: BANKCTL_TBUSINESS_TOKEN; else a self-service token stored with
"bankctl tbusiness login"; else the profile's T-ID token ("bankctl tid login --inn … --kpp …"),
refreshed as "bankctl tid token" does. docs/tbusiness.md is the guide; "bankctl tbusiness cert"
keeps the client certificate of T-API's secured host (docs/certificates.md).`,
		Example: `  bankctl tid login --inn 7704521838 --kpp 770401001
  bankctl tb accounts
  bankctl tb statement --from 2026-11-01 --to 2026-11-30 -o 1c > november.txt
  bankctl tb payment create --input payments.csv`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdLogin(f, nil), NewCmdLogout(f, nil), NewCmdCompany(f, nil), NewCmdAccounts(f, nil),
		NewCmdStatement(f, nil), payment.NewCmdPayment(f), invoice.NewCmdInvoice(f), sbp.NewCmdSBP(f), cert.NewCmdCert(f), apicmd.NewCmdAPI(f, apiSpec, nil))
	return c
}

var apiSpec = apicmd.Spec{
	Name:        "T-Business",
	Examples:    "  bankctl tbusiness api api/v1/company\n  bankctl tb api api/v4/bank-accounts --jq '.[].accountNumber'\n  bankctl tb api api/v1/payment/status -F 'documentIds=@ids.json'\n  bankctl tb api --secured api/v1/individual/userinfo",
	Path:        "a T-Business API path (relative to the API URL, e.g. api/v1/company), with a fresh X-Request-Id and paced under the bank's limits",
	Retries:     "GET requests are tried again on 429 and 5xx, for at most a minute; a POST never is.",
	Secured:     cert.Secured,
	SecuredHelp: "call T-API's secured host (tbusiness.secured_url) with the company's client certificate (tbusiness cert import)",
	Explain:     cert.Explain,
	Client: func(f *cmdutil.Factory) apicmd.ClientFunc {
		return func() (*rest.Client, error) {
			c, _, err := f.TBusiness()
			if err != nil {
				return nil, err
			}
			return c.REST(), nil
		}
	},
}
