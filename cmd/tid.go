package cmd

import "github.com/spf13/cobra"

// NewCmdTID builds the `bankctl tid` group.
func NewCmdTID(f *Factory) *cobra.Command {
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
		RunE: groupRun,
	}
	c.AddCommand(NewCmdTIDLogin(f, nil), NewCmdTIDToken(f, nil), NewCmdTIDIntrospect(f, nil),
		NewCmdTIDRefresh(f, nil), NewCmdTIDUserinfo(f), NewCmdTIDLogout(f))
	return c
}
