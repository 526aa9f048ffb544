package sandbox

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/sandbox"
	"github.com/bankctl/bankctl/internal/tid"
)

// ApproveOptions are the inputs of `bankctl sandbox approve`.
type ApproveOptions struct {
	IO   *iostreams.IOStreams
	URL  string
	Deny bool
}

// NewCmdApprove is the "browser" that --auto-approve hands to bankctl tid login.
func NewCmdApprove(f *cmdutil.Factory, runF func(*ApproveOptions) error) *cobra.Command {
	opts := &ApproveOptions{IO: f.IO}
	c := &cobra.Command{
		Use:    "approve <authorize-url>",
		Short:  "Press Продолжить on a sandbox consent page, as a browser would",
		Long:   "Open a sandbox T-ID authorize URL, press Продолжить (or Отмена with --deny) and follow the redirect back to a loopback redirect URI. Prints the address the browser would land on, for manual mode.",
		Hidden: true,
		Args:   cmdutil.ExactArgs(1, "the authorize URL"),
		RunE: cmdutil.RunE(opts, runF, approveRun, func(cmd *cobra.Command, args []string) {
			opts.URL = args[0]
		}),
	}
	c.Flags().BoolVar(&opts.Deny, "deny", false, "press Отмена instead")
	return c
}

func approveRun(ctx context.Context, opts *ApproveOptions) error {
	landing, err := sandbox.Approve(ctx, opts.URL, !opts.Deny)
	if err != nil {
		return err
	}
	if lu, err := url.Parse(landing); err == nil && tid.IsLoopbackURI(landing) {
		// As a browser would: go back to bankctl's listener, which takes the code.
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, landing, nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("could not open the redirect URI: %w", err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		// The code is a secret, so only the place is shown.
		lu.RawQuery = ""
		fmt.Fprintf(opts.IO.ErrOut, "sandbox: consent given; the browser went back to %s\n", lu)
		return nil
	}
	fmt.Fprintf(opts.IO.ErrOut, "sandbox: consent given; the browser landed on %s\n", landing)
	return nil
}
