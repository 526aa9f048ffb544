package cmd

import (
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/render"
)

// NewCmdTIDUserinfo builds `bankctl tid userinfo`.
func NewCmdTIDUserinfo(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "userinfo",
		Short: "Show what T-ID tells about the signed-in user",
		Long: `Post to T-ID's userinfo endpoint with the access token (refreshed first if needed) and show
the user's fields the granted scopes allow: name, phone, email and so on.`,
		Example: `  bankctl tid userinfo
  bankctl tid userinfo --jq .email`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.Settings()
			if err != nil {
				return err
			}
			t, err := validTIDToken(cmd.Context(), f, s)
			if err != nil {
				return err
			}
			c, _, err := tidClient(f, s, s.TID.ClientID, s.TID.RedirectURI, true, true)
			if err != nil {
				return err
			}
			body, err := c.UserInfo(cmd.Context(), t.AccessToken)
			if err != nil {
				return err
			}
			return printData(f, body, func(w io.Writer, tty bool) error {
				n, err := render.Parse(body)
				if err != nil {
					return err
				}
				return render.Document(w, n, tty, render.Labels{})
			})
		},
	}
}
