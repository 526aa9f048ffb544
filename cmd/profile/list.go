package profile

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/render"
)

// ListOptions are the inputs of `bankctl profile list`.
type ListOptions struct {
	Loaded  func() (*cmdutil.Settings, *config.File, error)
	Printer func() (*cmdutil.Printer, error)
}

// Row is one profile in `profile list -o json`.
type Row struct {
	Name        string `json:"name"`
	Current     bool   `json:"current"`
	IBankURL    string `json:"ibank_url,omitempty"`
	TIDClientID string `json:"tid_client_id,omitempty"`
}

// NewCmdList builds `bankctl profile list`.
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Loaded: f.Loaded}
	c := &cobra.Command{
		Use:     "list",
		Aliases: []string{"ls"},
		Short:   "List the profiles in the config file",
		Long:    "List the profiles in the config file; the current one is marked with *.",
		Example: `  bankctl profile list
  bankctl profile list -o json --jq '.[].name'`,
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
	rows := []Row{}
	names := cfg.ProfileNames()
	if len(names) == 0 {
		names = []string{s.Profile}
	}
	for _, n := range names {
		r := Row{Name: n, Current: n == s.Profile}
		if pr := cfg.Profile(n); pr != nil {
			r.IBankURL, r.TIDClientID = pr.IBank.URL, pr.TID.ClientID
		}
		rows = append(rows, r)
	}
	return p.Value(rows, func(w io.Writer, tty bool) error {
		t := render.NewTable("", "NAME", "IBANK URL", "TID CLIENT")
		for _, r := range rows {
			mark := ""
			if r.Current {
				mark = "*"
			}
			t.Append(mark, r.Name, cmdutil.OrDash(r.IBankURL), cmdutil.OrDash(r.TIDClientID))
		}
		return t.Render(w, tty)
	})
}
