package tid

import (
	"context"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/render"
	"github.com/bankctl/bankctl/internal/tid"
)

// UserinfoOptions are the inputs of `bankctl tid userinfo`.
type UserinfoOptions struct {
	Source  func() (*tid.Source, error)
	Client  func(ctx context.Context) (*tid.Client, error)
	Printer func() (*cmdutil.Printer, error)
}

// NewCmdUserinfo builds `bankctl tid userinfo`.
func NewCmdUserinfo(f *cmdutil.Factory, runF func(*UserinfoOptions) error) *cobra.Command {
	opts := &UserinfoOptions{Source: f.TIDSource, Client: client(f, true)}
	c := &cobra.Command{
		Use:   "userinfo",
		Short: "Show what T-ID tells about the signed-in user",
		Long: `Post to T-ID's userinfo endpoint with the access token (refreshed first if needed) and show
the user's fields the granted scopes allow: name, phone, email and so on.`,
		Example: `  bankctl tid userinfo
  bankctl tid userinfo --jq .email`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, userinfoRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func userinfoRun(ctx context.Context, opts *UserinfoOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	src, err := opts.Source()
	if err != nil {
		return err
	}
	t, err := src.Token(ctx)
	if err != nil {
		return err
	}
	c, err := opts.Client(ctx)
	if err != nil {
		return err
	}
	body, err := c.UserInfo(ctx, t.AccessToken)
	if err != nil {
		return err
	}
	return p.Document(body, render.Labels{})
}
