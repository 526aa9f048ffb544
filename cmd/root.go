package cmd

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	configcmd "github.com/bankctl/bankctl/cmd/config"
	"github.com/bankctl/bankctl/cmd/ibank"
	"github.com/bankctl/bankctl/cmd/profile"
	"github.com/bankctl/bankctl/cmd/sandbox"
	"github.com/bankctl/bankctl/cmd/status"
	"github.com/bankctl/bankctl/cmd/tbusiness"
	"github.com/bankctl/bankctl/cmd/tid"
	"github.com/bankctl/bankctl/internal/build"
)

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "bankctl <command>",
		Short: "Work with the iBank для Бизнеса, T-ID and T-Business bank APIs from the terminal",
		Long: `bankctl keeps bank API credentials in the OS keyring and calls the APIs for you, by hand
or from shell scripts.

iBank для Бизнеса (BIFIT): store the access token an employee issued in the web bank
(Настройки → Интеграция) with "bankctl login", then call the API with
"bankctl ibank client-info" or "bankctl ibank api PATH".

T-ID (T-Bank ID): sign in through the browser with "bankctl tid login", then use
"bankctl tid token", "bankctl tid introspect" and friends.

T-Business (T-Bank's business API, opened by a company's T-ID login): the company, accounts,
statements streamed to JSON Lines, CSV or 1С, and payment drafts that are never sent twice:
"bankctl tbusiness" (tb).

Try it without a bank account: "bankctl sandbox" runs an emulator of the APIs on loopback.`,
		Example: `  # Log in to your bank's iBank and see the organisation
  bankctl login --url https://ibank.bankname.ru/api
  bankctl ibank client-info

  # Try everything against the built-in sandbox
  bankctl sandbox -- bankctl ibank client-info`,
		Version:           build.Version, // --version prints versionLine, which fills in the rest
		SilenceErrors:     true,
		SilenceUsage:      true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return f.Bind(cmd.Root())
		},
	}
	root.SetVersionTemplate(versionLine() + "\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error {
		// "bankctl tb statemnt --from …": the typo is the command, not the flag.
		if args := c.Flags().Args(); c.HasAvailableSubCommands() && len(args) > 0 && c.Run == nil {
			return cmdutil.GroupRun(c, args)
		}
		return cmdutil.UsageErr(err)
	})

	cmdutil.AddGlobalFlags(root)
	root.RegisterFlagCompletionFunc("output", f.CompleteOutput)
	root.RegisterFlagCompletionFunc("profile", f.CompleteProfiles)
	root.MarkPersistentFlagFilename("config", "yaml", "yml")
	root.MarkPersistentFlagFilename("ca-file", "pem", "crt")

	root.AddGroup(&cobra.Group{ID: "auth", Title: "Log in and out:"}, &cobra.Group{ID: "bank", Title: "Bank APIs:"},
		&cobra.Group{ID: "setup", Title: "Profiles and settings:"})
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
			root.AddCommand(c)
		}
	}
	add("auth", ibank.NewCmdLoginAlias(f), ibank.NewCmdLogoutAlias(f), status.NewCmdStatus(f, nil))
	add("bank", ibank.NewCmdIBank(f), tid.NewCmdTID(f), tbusiness.NewCmdTBusiness(f))
	add("setup", profile.NewCmdProfile(f), configcmd.NewCmdConfig(f), sandbox.NewCmdSandbox(f, nil), NewCmdVersion(f, nil))
	root.AddCommand(newHelpTopics()...)
	root.SetHelpCommandGroupID("setup")
	root.SetCompletionCommandGroupID("setup")
	return root
}
