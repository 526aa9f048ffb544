// Package tid holds the `bankctl tid` commands: sign in with T-ID in the browser, and print,
// refresh, introspect and revoke the tokens. The tokens themselves are internal/tid's Source.
package tid

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
)

// NewCmdTID builds the `bankctl tid` group.
func NewCmdTID(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "tid <command>",
		Short: "Sign in with T-ID and manage its tokens",
		Long: `Sign in with T-ID (T-Bank ID) through the browser and keep the tokens in the OS keyring:
print a valid access token for scripts (refreshed when needed), introspect it, read the user's
info, and revoke it.

Settings (flag, environment, or config per profile): tid.url (default https://id.tbank.ru),
tid.client_id, tid.redirect_uri, tid.inn, tid.kpp; the client secret from
BANKCTL_TID_CLIENT_SECRET or the keyring.`,
		Example: `  bankctl sandbox -- sh -c 'bankctl tid login && bankctl tid introspect'
  bankctl tid login --client-id my-partner --redirect-uri http://127.0.0.1:8765/auth/complete
  TOKEN=$(bankctl tid token)`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdLogin(f, nil), NewCmdToken(f, nil), NewCmdIntrospect(f, nil),
		NewCmdRefresh(f, nil), NewCmdUserinfo(f, nil), NewCmdPerson(f, nil), NewCmdLogout(f, nil))
	return c
}
