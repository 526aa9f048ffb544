// Package payment holds `bankctl tbusiness payment`: create payment-order drafts (checked
// before anything is sent, each sent exactly once through internal/sendonce), ask their status,
// list the journal, and fetch an executed payment's document. The commands read flags and print
// rows (cmd/tbusiness/sendcmd); internal/payment and internal/sendonce decide.
package payment

import (
	"time"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/cmd/tbusiness/sendcmd"
)

// NewCmdPayment builds `bankctl tbusiness payment`.
func NewCmdPayment(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "payment <command>",
		Short: "Create payment-order drafts, check their status, read the journal, fetch documents",
		Long: `Create payment-order drafts in the T-Business web bank, where a person signs them (the API
moves no money), ask the bank for their status, read the journal that keeps every draft from
being sent twice, and fetch an executed payment's document as a PDF.`,
		Example: `  bankctl tb payment create --input payments.csv
  bankctl tb payment status
  bankctl tb payment journal
  bankctl tb payment document --account 40702810610000000001 --date 2026-11-20 --operation-id ID --save order.pdf`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdCreate(f, nil), NewCmdStatus(f, nil), newCmdJournal(f), NewCmdDocument(f, nil))
	return c
}

// kind is what differs in the rows and journal of drafts from those of invoices.
var kind = sendcmd.Kind{
	Noun: "draft", File: "payments.jsonl", JournalName: "the payment journal", Command: "payment", Party: "RECIPIENT", Finder: true,
	HeldUnknown:  "sent before with no answer: look for it in the web bank (or let --force look in the statement), then run again with --force",
	HeldConflict: "another draft has this payer account and number: check which is right, then run again with --force to send this one too",
	Unknown:      "no answer: look for it in the web bank before sending it again with --force",
}

var rowFormats = cmdutil.ListFormats

func now() time.Time { return time.Now() }

func newCmdJournal(f *cmdutil.Factory) *cobra.Command {
	return sendcmd.NewCmdJournal(f, kind, `List the profile's payment journal (the state folder's <profile>/payments.jsonl): every attempt to
create a draft, oldest first, with its outcome: created (with its document id), refused (send it
again once fixed), not-sent (it never left: the next run sends it), unknown (it left and no
answer came, or bankctl was stopped while it was out: look for it in the web bank before
sending it again with --force), or executed (an unknown draft --force found in the statement).
Times are Moscow times, as everywhere in bankctl.`, `  bankctl tb payment journal
  bankctl tb payment journal -o jsonl --jq 'select(.result == "unknown")'`)
}
