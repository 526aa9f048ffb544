package sbp

import (
	"context"
	"io"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/sendonce"
)

// StatusOptions are the inputs of `bankctl tbusiness sbp status`.
type StatusOptions struct {
	f       *cmdutil.Factory
	Printer func() (*cmdutil.Printer, error)
	ID      string
}

// NewCmdStatus builds `bankctl tbusiness sbp status`.
func NewCmdStatus(f *cmdutil.Factory, runF func(*StatusOptions) error) *cobra.Command {
	opts := &StatusOptions{f: f}
	c := &cobra.Command{
		Use:   "status <qr-id>",
		Short: "Show an SBP payment link's status",
		Long: `Ask GET /api/v1/b2b/qr/{qrId}/info about a payment link: Ready (waiting for the payment),
Paid, Cancelled, Expired or Failed, with its sum, purpose and due time (Moscow time).`,
		Example: `  bankctl tb sbp status 3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b
  bankctl tb sbp status 3f2a9c1e-7b4d-4e5f-8a6b-1c2d3e4f5a6b --jq .status`,
		Args: cmdutil.ExactArgs(1, "the link's id (qrId), as `bankctl tbusiness sbp qr` printed it"),
		RunE: cmdutil.RunE(opts, runF, statusRun, func(cmd *cobra.Command, args []string) { opts.ID = args[0] }),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func statusRun(ctx context.Context, opts *StatusOptions) error {
	if !sendonce.UsableID(opts.ID) {
		return cmdutil.Usagef("invalid QR id %q: letters, digits, '.', '_' and '-' expected", opts.ID)
	}
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	c, _, err := opts.f.TBusiness()
	if err != nil {
		return err
	}
	answer, err := c.QRInfo(ctx, opts.ID)
	if err != nil {
		return err
	}
	return p.Data(answer, func(w io.Writer, tty bool) error { return describe(w, answer, tty) })
}
