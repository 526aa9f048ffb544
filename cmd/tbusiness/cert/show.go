package cert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/clientcert"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/render"
)

// ShowOptions are the inputs of `bankctl tbusiness cert show`.
type ShowOptions struct {
	Stored  func() (*clientcert.Cert, string, error)
	Missing func() error
	Printer func() (*cmdutil.Printer, error)
	Now     func() time.Time
}

// shown is what `cert show` prints: never the key.
type shown struct {
	clientcert.Info
	Stored string `json:"stored"`
}

// NewCmdShow builds `bankctl tbusiness cert show`.
func NewCmdShow(f *cmdutil.Factory, runF func(*ShowOptions) error) *cobra.Command {
	opts := &ShowOptions{Now: time.Now, Stored: func() (*clientcert.Cert, string, error) { return Stored(f) },
		Missing: func() error {
			_, s, err := key(f)
			if err != nil {
				return err
			}
			return notStored(s)
		}}
	c := &cobra.Command{
		Use:   "show",
		Short: "Show the stored client certificate: subject, issuer, serial, validity, fingerprint",
		Long: `Show the profile's client certificate: its subject and issuer, serial number, validity (in
Moscow time, with what remains), SHA-256 fingerprint and key type, and where it is kept. The
private key is never shown.`,
		Example: `  bankctl tbusiness cert show
  bankctl tb cert show -o json --jq .notAfter`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, showRun, nil),
	}
	opts.Printer = f.PrinterFor(c, cmdutil.Common)
	return c
}

func showRun(_ context.Context, opts *ShowOptions) error {
	p, err := opts.Printer()
	if err != nil {
		return err
	}
	c, where, err := opts.Stored()
	if errors.Is(err, keystore.ErrNotFound) {
		return opts.Missing()
	} else if err != nil {
		return err
	}
	in := c.Info()
	now := opts.Now()
	return p.Value(shown{in, where}, func(w io.Writer, tty bool) error {
		t := render.NewTable()
		t.Append("Subject", in.Subject)
		t.Append("Issuer", in.Issuer)
		t.Append("Serial", in.Serial)
		t.Append("Valid from", cmdutil.When(in.NotBefore, now))
		t.Append("Valid until", cmdutil.When(in.NotAfter, now))
		t.Append("SHA-256", in.SHA256)
		t.Append("Key", fmt.Sprintf("%s, kept with the certificate (%s)", in.KeyType, where))
		if in.ChainLength > 1 {
			t.Append("Chain", fmt.Sprintf("%d certificates", in.ChainLength))
		}
		return t.Render(w, tty)
	})
}

// DeleteOptions are the inputs of `bankctl tbusiness cert delete`.
type DeleteOptions struct {
	Delete func() (bool, error)
	Out    io.Writer
}

// NewCmdDelete builds `bankctl tbusiness cert delete`.
func NewCmdDelete(f *cmdutil.Factory, runF func(*DeleteOptions) error) *cobra.Command {
	opts := &DeleteOptions{Out: f.IO.ErrOut, Delete: func() (bool, error) {
		k, _, err := key(f)
		if err != nil {
			return false, err
		}
		store, err := f.Keystore()
		if err != nil {
			return false, err
		}
		if _, _, err := keystore.GetWithSource(store, k); errors.Is(err, keystore.ErrNotFound) {
			return false, nil
		}
		return true, store.Delete(k)
	}}
	return &cobra.Command{
		Use:   "delete",
		Short: "Forget the stored client certificate and its key",
		Long: `Remove the profile's client certificate and its private key from the keyring (or the plain
file). The certificate stays valid at the bank until it expires or is revoked in the web bank.`,
		Example: `  bankctl tbusiness cert delete`,
		Args:    cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, func(_ context.Context, o *DeleteOptions) error {
			had, err := o.Delete()
			switch {
			case err != nil:
				return err
			case had:
				fmt.Fprintln(o.Out, "✓ Forgot the client certificate and its key")
			default:
				fmt.Fprintln(o.Out, "No client certificate is stored: nothing to forget")
			}
			return nil
		}, nil),
	}
}
