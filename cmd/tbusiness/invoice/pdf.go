package invoice

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
	"github.com/bankctl/bankctl/internal/config"
	"github.com/bankctl/bankctl/internal/iostreams"
	"github.com/bankctl/bankctl/internal/rest"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// PDFOptions are the inputs of `bankctl tbusiness invoice pdf`.
type PDFOptions struct {
	IO   *iostreams.IOStreams
	f    *cmdutil.Factory
	ID   string
	Save string
}

// NewCmdPDF builds `bankctl tbusiness invoice pdf`.
func NewCmdPDF(f *cmdutil.Factory, runF func(*PDFOptions) error) *cobra.Command {
	opts := &PDFOptions{IO: f.IO, f: f}
	c := &cobra.Command{
		Use:   "pdf <invoice-id> [--save FILE]",
		Short: "Save an invoice's PDF from the link the bank gave",
		Long: `Download the invoice's PDF from the link the bank's answer to "invoice send" gave (kept in the
invoice journal; the bank's links live 10 days). No credential is sent to the link: it needs
none, and a token goes only to the API. The PDF goes to the file --save names (mode 0600), or to
standard output when it is not a terminal.`,
		Example: `  bankctl tb invoice pdf 1b4e28ba-2fa1-11d2-883f-0016d3cca427 --save invoice-101.pdf
  bankctl tb invoice pdf 1b4e28ba-2fa1-11d2-883f-0016d3cca427 | lpr`,
		Args: cmdutil.ExactArgs(1, "an invoice id (see `bankctl tbusiness invoice journal`)"),
		RunE: cmdutil.RunE(opts, runF, pdfRun, func(cmd *cobra.Command, args []string) { opts.ID = args[0] }),
	}
	c.Flags().StringVar(&opts.Save, "save", "", "write the PDF to this `file` (default: standard output, when it is not a terminal)")
	c.MarkFlagFilename("save", "pdf")
	return c
}

func pdfRun(ctx context.Context, opts *PDFOptions) error {
	s, err := opts.f.Settings()
	if err != nil {
		return err
	}
	if !sendonce.UsableID(opts.ID) {
		return cmdutil.Usagef("invalid invoice id %q: letters, digits, '.', '_' and '-' expected", opts.ID)
	}
	if err := sendcmd.PDFOut(opts.IO, opts.Save); err != nil {
		return err
	}
	h, err := kind.ReadJournal(opts.f, s)
	if err != nil {
		return err
	}
	link := ""
	for _, a := range h.Attempts {
		if o := a.Outcome; o != nil && o.DocumentID == opts.ID && o.Extra["pdfUrl"] != "" {
			link = o.Extra["pdfUrl"]
		}
	}
	if link == "" || !tbusiness.UsableURL(link) {
		return fmt.Errorf("the invoice journal%s has no PDF link for invoice %s: the link comes with the answer to `bankctl tbusiness invoice send`; find the PDF in the web bank", config.ProfileNote(s.Profile), opts.ID)
	}
	hc, err := opts.f.HTTPClient()
	if err != nil {
		return err
	}
	// No credential goes with this client, so a redirect may lead elsewhere (a file store).
	plain := *hc
	plain.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if len(via) >= 5 || !tbusiness.UsableURL(req.URL.String()) {
			return errors.New("too many redirects, or a redirect to a link that is not https")
		}
		req.Header.Del("Authorization")
		return nil
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, link, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/pdf")
	resp, err := plain.Do(req)
	if err != nil {
		return rest.RequestError(req.URL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the invoice's PDF link answered %s: the bank's links live 10 days; find the PDF in the web bank", resp.Status)
	}
	pdf, err := rest.ReadBody(resp, 64<<20)
	if err != nil {
		return err
	}
	if !tbusiness.IsPDF(pdf) {
		return errors.New("the invoice's link did not give a PDF document")
	}
	return sendcmd.SavePDF(opts.IO, opts.Save, pdf, "invoice "+opts.ID)
}
