package ibank

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
)

// TokenOptions are the inputs of `bankctl ibank token`.
type TokenOptions struct {
	IO    *iostreams.IOStreams
	Token func() (token, source string, err error)
}

// NewCmdToken builds `bankctl ibank token`.
func NewCmdToken(f *cmdutil.Factory, runF func(*TokenOptions) error) *cobra.Command {
	opts := &TokenOptions{IO: f.IO, Token: f.IBankToken}
	return &cobra.Command{
		Use:   "token",
		Short: "Print the profile's iBank token",
		Long: `Print the profile's iBank token and a newline, nothing else, for use in $(...) by tools
that need the raw token. BANKCTL_IBANK_TOKEN, when set, is what is printed.`,
		Example: `  curl -H "Authorization: Bearer $(bankctl ibank token)" https://ibank.bankname.ru/api/client/info`,
		Args:    cmdutil.NoArgs,
		RunE:    cmdutil.RunE(opts, runF, tokenRun, nil),
	}
}

func tokenRun(_ context.Context, opts *TokenOptions) error {
	token, _, err := opts.Token()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(opts.IO.Out, token)
	return err
}
