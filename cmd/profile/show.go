package profile

import (
	"context"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/render"
)

// ShowOptions are the inputs of `bankctl profile show`.
type ShowOptions struct {
	Loaded  func() (*cmdutil.Settings, *config.File, error)
	Printer func() (*cmdutil.Printer, error)
	Name    string
}

// NewCmdShow builds `bankctl profile show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{Loaded: f.Loaded}
	c := &cobra.Command{
		Use:   "show [name]",
		Short: "Show a profile's settings",
		Long: `Show the settings of a profile (the current one by default) as the config file holds them.
Secrets are not shown: see "bankctl status" for what is stored.`,
		Example: `  bankctl profile show
  bankctl profile show acme -o yaml`,
		Args:              cobra.MaximumNArgs(1),
		ValidArgsFunction: f.CompleteProfiles,
		RunE: cmdutil.RunE(opts, runF, showRun, func(cmd *cobra.Command, args []string) {
			if len(args) == 1 {
				opts.Name = args[0]
			}
		}),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func showRun(_ context.Context, opts *ShowOptions) error {
	s, cfg, err := opts.Loaded()
	if err != nil {
		return err
	}
	name := s.Profile
	if opts.Name != "" {
		name = opts.Name
	}
	if err := config.ValidateProfileName(name); err != nil {
		return cmdutil.UsageErr(err)
	}
	if cfg.Profile(name) == nil && name != config.DefaultProfile {
		return fmt.Errorf("no profile %q in %s", name, cfg.Path())
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	values := map[string]string{}
	t := render.NewTable()
	t.Append("name", name)
	for _, k := range config.ConfigKeys() {
		if !k.Profiled {
			continue
		}
		if v, ok := cfg.Get(k, name); ok {
			values[k.Key] = v
			t.Append(k.Key, v)
		}
	}
	return p.Value(map[string]any{"name": name, "settings": values}, func(w io.Writer, tty bool) error {
		return t.Render(w, tty)
	})
}
