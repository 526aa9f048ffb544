package cmd

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/iostreams"
)

// IBankTokenOptions are the inputs of `bankctl ibank token`.
type IBankTokenOptions struct {
	f  *Factory
	IO *iostreams.IOStreams
}

// NewCmdIBankToken builds `bankctl ibank token`.
func NewCmdIBankToken(f *Factory, runF func(*IBankTokenOptions) error) *cobra.Command {
	opts := &IBankTokenOptions{f: f, IO: f.IO}
	return &cobra.Command{
		Use:   "token",
		Short: "Print the profile's iBank token",
		Long: `Print the profile's iBank token and a newline, nothing else, for use in $(...) by tools
that need the raw token. BANKCTL_IBANK_TOKEN, when set, is what is printed.`,
		Example: `  curl -H "Authorization: Bearer $(bankctl ibank token)" https://ibank.bankname.ru/api/client/info`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			s, err := f.Settings()
			if err != nil {
				return err
			}
			token, _, err := ibankToken(f, s.Profile)
			if err != nil {
				return err
			}
			_, err = fmt.Fprintln(opts.IO.Out, token)
			return err
		},
	}
}
