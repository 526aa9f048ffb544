package config

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/render"
)

// ListOptions are the inputs of `bankctl config list`.
type ListOptions struct {
	Loaded  func() (*cmdutil.Settings, *config.File, error)
	Printer func() (*cmdutil.Printer, error)
}

// NewCmdList builds `bankctl config list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Loaded: f.Loaded}
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the values in the config file",
		Long:    "List the global keys and the profile's keys that the config file sets.",
		Example: `  bankctl config list
  bankctl -p acme config list -o json`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, listRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func listRun(_ context.Context, opts *ListOptions) error {
	s, cfg, err := opts.Loaded()
	if err != nil {
		return err
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	values := map[string]string{}
	t := render.NewTable()
	for _, k := range config.ConfigKeys() {
		if v, ok := cfg.Get(k, s.Profile); ok {
			values[k.Key] = v
			t.Append(k.Key, v)
		}
	}
	return p.Value(values, func(w io.Writer, tty bool) error { return t.Render(w, tty) })
}
