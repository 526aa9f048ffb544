package cmd

import "github.com/spf13/cobra"

// NewCmdIBank builds the `bankctl ibank` group.
func NewCmdIBank(f *Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "ibank <command>",
		Short: "Call the iBank для Бизнеса API",
		Long: `Work with the iBank для Бизнеса (BIFIT) API of your bank: store the token, show the
organisation with client-info, and call any other endpoint with api.

The API URL is the bank's iBank host with /api, e.g. https://ibank.bankname.ru/api.`,
		Example: `  bankctl ibank login --url https://ibank.bankname.ru/api
  bankctl ibank client-info -o json
  bankctl ibank api client/info --jq .clientInfo.inn`,
		RunE: groupRun,
	}
	c.AddCommand(NewCmdIBankLogin(f, nil), NewCmdIBankLogout(f, nil), NewCmdIBankToken(f, nil),
		NewCmdClientInfo(f, nil), NewCmdAPI(f, nil))
	return c
}
