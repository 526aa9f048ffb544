package cmd

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/keystore"
)

// NewCmdTIDLogout builds `bankctl tid logout`.
func NewCmdTIDLogout(f *Factory) *cobra.Command {
	var noRevoke bool
	c := &cobra.Command{
		Use:   "logout",
		Short: "Revoke the T-ID authorization and forget the tokens",
		Long: `Revoke the refresh token at T-ID (which ends the whole authorization), then forget the
profile's T-ID tokens. If T-ID cannot be reached the tokens are kept, so you can try again;
--no-revoke forgets them without asking T-ID. The client secret stays stored.`,
		Example: `  bankctl tid logout
  bankctl tid logout --no-revoke`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, err := f.Settings()
			if err != nil {
				return err
			}
			t, err := loadTIDToken(f, s.Profile)
			var auth *apperr.AuthError
			if errors.As(err, &auth) {
				fmt.Fprintf(f.IO.ErrOut, "No T-ID tokens are stored for profile %q: nothing to forget\n", s.Profile)
				return nil
			}
			if err != nil {
				return err
			}
			if !noRevoke {
				c, _, err := tidClient(f, s, s.TID.ClientID, s.TID.RedirectURI, true, true)
				if err != nil {
					return err
				}
				token, hint := t.RefreshToken, "refresh_token"
				if token == "" {
					token, hint = t.AccessToken, "access_token"
				}
				if err := c.Revoke(cmd.Context(), token, hint); err != nil {
					return fmt.Errorf("%w; the tokens are kept: try again, or forget them with --no-revoke", err)
				}
			}
			store, err := f.Keystore()
			if err != nil {
				return err
			}
			if err := store.Delete(keystore.Key{Profile: s.Profile, Kind: keystore.KindTID}); err != nil {
				return err
			}
			if noRevoke {
				fmt.Fprintf(f.IO.ErrOut, "✓ Forgot the T-ID tokens of profile %q (not revoked at T-ID)\n", s.Profile)
			} else {
				fmt.Fprintf(f.IO.ErrOut, "✓ Revoked the T-ID authorization and forgot the tokens of profile %q\n", s.Profile)
			}
			return nil
		},
	}
	c.Flags().BoolVar(&noRevoke, "no-revoke", false, "forget the tokens without revoking them at T-ID")
	return c
}
