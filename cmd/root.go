package cmd

import (
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/internal/build"
	"github.com/bankctl/bankctl/internal/render"
)

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "bankctl <command>",
		Short: "Work with the iBank для Бизнеса and T-ID bank APIs from the terminal",
		Long: `bankctl keeps bank API credentials in the OS keyring and calls the APIs for you, by hand
or from shell scripts.

iBank для Бизнеса (BIFIT): store the access token an employee issued in the web bank
(Настройки → Интеграция) with "bankctl login", then call the API with
"bankctl ibank client-info" or "bankctl ibank api PATH".

T-ID (T-Bank ID): sign in through the browser with "bankctl tid login", then use
"bankctl tid token", "bankctl tid introspect" and friends.

Try it without a bank account: "bankctl sandbox" runs an emulator of both APIs on loopback.`,
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
			return f.bind(cmd.Root())
		},
	}
	root.SetVersionTemplate(versionLine() + "\n")
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return usageErr(err) })

	pf := root.PersistentFlags()
	pf.StringP("profile", "p", "", "profile to use (default: current_profile from the config, else \"default\")")
	pf.String("config", "", "config file (default $XDG_CONFIG_HOME/bankctl/config.yaml)")
	pf.StringP("output", "o", "", "output format: table, json or yaml (default table)")
	pf.String("jq", "", "filter JSON output with a jq expression (implies -o json)")
	pf.Bool("debug", false, "log each HTTP exchange to stderr, secrets redacted")
	pf.Duration("timeout", 30*time.Second, "per-request timeout")
	pf.String("ca-file", "", "extra PEM root CAs, added to the system pool")
	root.RegisterFlagCompletionFunc("output", cobra.FixedCompletions([]string{"table", "json", "yaml"}, cobra.ShellCompDirectiveNoFileComp))
	root.RegisterFlagCompletionFunc("profile", f.completeProfiles)
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
	add("auth", newCmdLoginAlias(f), newCmdLogoutAlias(f), NewCmdStatus(f, nil))
	add("bank", NewCmdIBank(f), NewCmdTID(f))
	add("setup", NewCmdProfile(f), NewCmdConfig(f), NewCmdSandbox(f, nil), NewCmdVersion(f, nil))
	root.AddCommand(newHelpTopics()...)
	root.SetHelpCommandGroupID("setup")
	root.SetCompletionCommandGroupID("setup")
	return root
}

// bind wires flags and environment into the one viper instance. It runs once per process, in
// the root's PersistentPreRunE: cheap, and reads no file.
func (f *Factory) bind(root *cobra.Command) error {
	v := f.viper
	pf := root.PersistentFlags()
	for key, flag := range map[string]string{"profile": "profile", "config": "config", "output": "output",
		"jq": "jq", "debug": "debug", "timeout": "timeout", "ca_file": "ca-file"} {
		if err := v.BindPFlag(key, pf.Lookup(flag)); err != nil {
			return err
		}
	}
	for _, key := range []string{"profile", "config", "output", "debug", "timeout", "ca_file", "keyring",
		"ibank.url", "tid.url", "tid.client_id", "tid.redirect_uri", "tid.inn", "tid.kpp"} {
		if err := v.BindEnv(key, "BANKCTL_"+strings.ToUpper(strings.ReplaceAll(key, ".", "_"))); err != nil {
			return err
		}
	}
	if jq := v.GetString("jq"); jq != "" {
		code, err := render.CompileJQ(jq)
		if err != nil {
			return usageErr(err)
		}
		f.jq = code
	}
	return nil
}

func (f *Factory) completeProfiles(cmd *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	cfg, err := f.Config()
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, n := range cfg.ProfileNames() {
		if strings.HasPrefix(n, toComplete) {
			out = append(out, n)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}
