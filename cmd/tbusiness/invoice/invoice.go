// Package invoice holds `bankctl tbusiness invoice`: send invoices (checked before anything is
// sent, each sent exactly once through internal/sendonce, journalled apart from payment
// drafts), ask their status, list the journal, and save an invoice's PDF.
package invoice

import (
	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
)

// NewCmdInvoice builds `bankctl tbusiness invoice`.
func NewCmdInvoice(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "invoice <command>",
		Short: "Send invoices to customers, each exactly once; their status, journal and PDF",
		Long: `Issue invoices to the company's customers through the T-Business API: the bank makes the
invoice (a PDF with the company's details and a payment QR code) and sends the payer a link by
email or SMS; its status follows the payment. Each invoice is sent exactly once, whatever the
network, the bank or a kill does: a journal keeps every attempt. docs/tbusiness.md is the guide.`,
		Example: `  bankctl tb invoice send --number 101 --payer-name 'ООО «Ромашка»' --payer-inn 7715012342 \
    --payer-kpp 771501001 --item 'Консультация;15000.00;1' --email buh@romashka.ru
  bankctl tb invoice send --input invoices.csv
  bankctl tb invoice status
  bankctl tb invoice pdf 1b4e28ba-2fa1-11d2-883f-0016d3cca427 --save invoice-101.pdf`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdSend(f, nil), NewCmdStatus(f, nil), newCmdJournal(f), NewCmdPDF(f, nil))
	return c
}

// kind is what differs in the rows and journal of invoices from those of drafts.
var kind = sendcmd.Kind{
	Noun: "invoice", File: "invoices.jsonl", JournalName: "the invoice journal", Command: "invoice", Party: "PAYER",
	HeldUnknown:  "sent before with no answer: look for it in the web bank's invoices (no API lists them), then run again with --force only if it is not there",
	HeldConflict: "another invoice has this number: check which is right, then run again with --force to send this one too",
	Unknown:      "no answer: the payer may have it; look in the web bank before sending it again with --force",
}

func newCmdJournal(f *cmdutil.Factory) *cobra.Command {
	return sendcmd.NewCmdJournal(f, kind, `List the profile's invoice journal (the state folder's <profile>/invoices.jsonl): every attempt to
send an invoice, oldest first, with its outcome: created (with its invoice id and links),
refused (send it again once fixed), not-sent (it never left: the next run sends it), or unknown
(it left and no answer came, or bankctl was stopped while it was out: the payer may have it;
look in the web bank before sending it again with --force). Times are Moscow times.`, `  bankctl tb invoice journal
  bankctl tb invoice journal -o jsonl --jq 'select(.result == "created") | .pdfUrl'`)
}
