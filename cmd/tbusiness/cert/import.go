package cert

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/clientcert"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/keystore"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/redact"
)

// ImportOptions are the inputs of `bankctl tbusiness cert import`.
type ImportOptions struct {
	IO              *iostreams.IOStreams
	Cert, Key, P12  string
	PasswordStdin   bool
	AllowExpired    bool
	InsecureStorage bool
	Save            func(c *clientcert.Cert, insecure bool) (where, replaced string, err error)
	Now             func() time.Time
}

// NewCmdImport builds `bankctl tbusiness cert import`.
func NewCmdImport(f *cmdutil.Factory, runF func(*ImportOptions) error) *cobra.Command {
	opts := &ImportOptions{IO: f.IO, Now: time.Now, Save: func(c *clientcert.Cert, insecure bool) (string, string, error) {
		k, _, err := key(f)
		if err != nil {
			return "", "", err
		}
		replaced := ""
		if old, _, err := Stored(f); err == nil {
			if was := old.Info(); was.SHA256 != c.Info().SHA256 {
				replaced = was.Subject + ", SHA-256 " + was.SHA256[:23] + "…"
			}
		}
		store, err := f.LoginStore(insecure)
		if err != nil {
			return "", "", err
		}
		if err := store.Set(k, c.Marshal()); err != nil {
			return "", "", err
		}
		if fs, ok := store.(*keystore.File); ok {
			return "plain file " + fs.Path + " (mode 0600)", replaced, nil
		}
		return store.Where(), replaced, nil
	}}
	c := &cobra.Command{
		Use:   "import",
		Short: "Store the company's client certificate and its key in the keyring",
		Long: `Read the certificate the bank issued (PEM, e.g. open-api-cert.pem) and its private key (PEM),
or a PKCS#12 file (.p12, .pfx) whose password is asked without echo (or read from standard input
with --password-stdin); check that the key is the certificate's, that there is one key, and that
the certificate is valid now; then keep both in the OS keyring for the profile, replacing the
one stored before. Nothing is stored when a check fails.

The key then lives in the keyring: delete the downloaded key file, or keep it only where the
company keeps its keys.`,
		Example: `  bankctl tbusiness cert import --cert open-api-cert.pem --key private.key
  bankctl tbusiness cert import --p12 company.p12
  pass show bank/p12-password | bankctl tb cert import --p12 company.p12 --password-stdin`,
		Args: cmdutil.NoArgs,
		RunE: cmdutil.RunE(opts, runF, importRun, nil),
	}
	fl := c.Flags()
	fl.StringVar(&opts.Cert, "cert", "", "the certificate `file` (PEM; the chain may follow it)")
	fl.StringVar(&opts.Key, "key", "", "the private key `file` (PEM)")
	fl.StringVar(&opts.P12, "p12", "", "a PKCS#12 `file` (.p12, .pfx) holding both, instead of --cert and --key")
	fl.BoolVar(&opts.PasswordStdin, "password-stdin", false, "read the PKCS#12 password from standard input")
	fl.BoolVar(&opts.AllowExpired, "allow-expired", false, "store a certificate that has expired")
	fl.BoolVar(&opts.InsecureStorage, "insecure-storage", false, "store them in a plain file (mode 0600) instead of the OS keyring")
	c.MarkFlagFilename("cert", "pem", "crt", "cer")
	c.MarkFlagFilename("key", "pem", "key")
	c.MarkFlagFilename("p12", "p12", "pfx")
	return c
}

func importRun(ctx context.Context, opts *ImportOptions) error {
	c, err := readCert(ctx, opts)
	if err != nil {
		return err
	}
	if err := c.Check(opts.Now(), opts.AllowExpired); err != nil {
		return cmdutil.UsageErr(fmt.Errorf("nothing was stored: %w", err))
	}
	where, replaced, err := opts.Save(c, opts.InsecureStorage)
	if err != nil {
		return fmt.Errorf("the certificate was not stored: %w", err)
	}
	in, w := c.Info(), opts.IO.ErrOut
	fmt.Fprintf(w, "✓ Stored the client certificate and its key in the %s\n", where)
	fmt.Fprintf(w, "  subject  %s\n  valid    until %s\n  SHA-256  %s\n", in.Subject, cmdutil.When(in.NotAfter, opts.Now()), in.SHA256)
	if replaced != "" {
		fmt.Fprintf(w, "  replaced %s\n", replaced)
	}
	if left := in.NotAfter.Sub(opts.Now()); left <= 0 {
		fmt.Fprintf(w, "warning: the certificate expired on %s MSK: the bank will refuse it\n", msk.Stamp(in.NotAfter))
	} else if left <= WarnBefore {
		fmt.Fprintf(w, "warning: the certificate expires in %d days: issue the next one in the web bank soon\n", daysLeft(left))
	}
	if opts.Key != "" {
		fmt.Fprintf(w, "The key need not stay on disk now: delete %s (or keep it only where the company keeps its keys)\n", opts.Key)
	}
	return nil
}

// readCert reads the files, asking for a PKCS#12 password when the file has one.
func readCert(ctx context.Context, opts *ImportOptions) (*clientcert.Cert, error) {
	switch {
	case opts.P12 != "" && (opts.Cert != "" || opts.Key != ""):
		return nil, cmdutil.Usagef("give --p12, or --cert and --key, not both")
	case opts.P12 == "" && (opts.Cert == "" || opts.Key == ""):
		return nil, cmdutil.Usagef("give the certificate and its key: --cert FILE --key FILE (PEM), or --p12 FILE")
	case opts.PasswordStdin && opts.P12 == "":
		return nil, cmdutil.Usagef("--password-stdin is the password of a --p12 file")
	}
	if opts.P12 == "" {
		certPEM, err := readFile(opts.Cert, "--cert")
		if err != nil {
			return nil, err
		}
		keyPEM, err := readFile(opts.Key, "--key")
		if err != nil {
			return nil, err
		}
		c, err := clientcert.FromPEM(certPEM, keyPEM)
		if err != nil {
			return nil, cmdutil.UsageErr(fmt.Errorf("nothing was stored: %w", err))
		}
		return c, nil
	}
	data, err := readFile(opts.P12, "--p12")
	if err != nil {
		return nil, err
	}
	password := ""
	if opts.PasswordStdin {
		if opts.IO.IsStdinTTY() {
			return nil, cmdutil.Usagef("--password-stdin reads standard input, which is a terminal: pipe the password in, or drop --password-stdin to be asked")
		}
		b, err := opts.IO.ReadAll(4 << 10)
		if err != nil {
			return nil, fmt.Errorf("could not read the password from standard input: %w", err)
		}
		password = strings.TrimRight(string(b), "\r\n")
	}
	redact.Add(password)
	c, err := clientcert.FromP12(data, password)
	if errors.Is(err, clientcert.ErrPassword) && !opts.PasswordStdin && password == "" {
		if !opts.IO.CanPrompt() {
			return nil, cmdutil.Usagef("the .p12 file has a password and there is no terminal to ask for it: pipe it in with --password-stdin")
		}
		if password, err = opts.IO.Prompt(ctx, "Password of "+opts.P12+" (input is hidden): ", true); err != nil {
			return nil, err
		}
		redact.Add(password)
		c, err = clientcert.FromP12(data, password)
	}
	if err != nil {
		return nil, cmdutil.UsageErr(fmt.Errorf("nothing was stored: %w", err))
	}
	return c, nil
}

// readFile reads a certificate or key file, which is never large.
func readFile(path, flag string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, cmdutil.Usagef("cannot read %s %s: %v", flag, path, errors.Unwrap(err))
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, 1<<20+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("cannot read %s %s: %w", flag, path, err)
	case len(b) > 1<<20:
		return nil, cmdutil.Usagef("%s %s is larger than 1 MiB: not a certificate or key file", flag, path)
	}
	return b, nil
}
