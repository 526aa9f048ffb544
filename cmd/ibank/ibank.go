// Package ibank holds the `bankctl ibank` commands (and the top-level login and logout, which
// are their aliases): store the token an employee issued in the web bank, show client/info,
// call any endpoint.
package ibank

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/apicmd"
	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// NewCmdIBank builds the `bankctl ibank` group.
func NewCmdIBank(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "ibank <command>",
		Short: "Call the iBank для Бизнеса API",
		Long: `Work with the iBank для Бизнеса (BIFIT) API of your bank: store the token, show the
organisation with client-info, and call any other endpoint with api.

The API URL is the bank's iBank host with /api, e.g. https://ibank.bankname.ru/api.`,
		Example: `  bankctl ibank login --url https://ibank.bankname.ru/api
  bankctl ibank client-info -o json
  bankctl ibank api client/info --jq .clientInfo.inn`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdLogin(f, nil), NewCmdLogout(f, nil), NewCmdToken(f, nil),
		NewCmdClientInfo(f, nil), apicmd.NewCmdAPI(f, apiSpec, nil))
	return c
}

// NewCmdLoginAlias is `bankctl login`.
func NewCmdLoginAlias(f *cmdutil.Factory) *cobra.Command {
	c := NewCmdLogin(f, nil)
	c.Short = "Store an iBank token for the profile (alias of `ibank login`)"
	return c
}

// NewCmdLogoutAlias is `bankctl logout`.
func NewCmdLogoutAlias(f *cmdutil.Factory) *cobra.Command {
	c := NewCmdLogout(f, nil)
	c.Short = "Forget the profile's iBank token (alias of `ibank logout`)"
	return c
}

var apiSpec = apicmd.Spec{
	Name:     "iBank",
	Examples: "  bankctl ibank api client/info\n  bankctl ibank api accounts --jq '.accounts[].accountNumber'\n  bankctl ibank api payment-orders -F amount=1500.00 -f purpose=\"Оплата по счёту 17\" -f currency=RUB\n  bankctl ibank api payment-orders --input draft.json\n  bankctl ibank api client/info -i -H 'Accept-Language: ru'",
	Path:     "an iBank API path (relative to the API URL)",
	Retries:  "GET requests are tried again on 429 and 5xx, honouring Retry-After.",
	Client:   func(f *cmdutil.Factory) apicmd.ClientFunc { return f.IBank },
}
