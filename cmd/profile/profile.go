// Package profile holds `bankctl profile`: list, show, switch and delete profiles.
package profile

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
)

// NewCmdProfile builds `bankctl profile`.
func NewCmdProfile(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "profile <command>",
		Short: "List, show, switch and delete profiles",
		Long: `A profile is one named set of bank settings and secrets: an iBank URL and token, a T-ID
client and its tokens, a T-Business token. Use one per company or bank. Pick one for a command
with -p NAME or BANKCTL_PROFILE, or make it the default with "profile use".

Profile names are lower-case letters, digits, '-' and '_'.`,
		Example: `  bankctl profile list
  bankctl -p acme login --url https://ibank.otherbank.ru/api
  bankctl profile use acme`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdList(f, nil), NewCmdShow(f, nil), NewCmdUse(f, nil), NewCmdDelete(f, nil))
	return c
}

// named checks a profile name given as an argument and loads the config file.
func named(name string, load func() (*config.File, error)) (*config.File, error) {
	if err := config.ValidateProfileName(name); err != nil {
		return nil, cmdutil.UsageErr(err)
	}
	return load()
}
