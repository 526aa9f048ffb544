// Package payment holds `bankctl tbusiness payment`: create payment-order drafts (checked
// before anything is sent, journaled so none is sent twice), ask their status, list the journal.
package payment

import (
	"encoding/json"

	"github.com/spf13/cobra"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/render"
)

// NewCmdPayment builds `bankctl tbusiness payment`.
func NewCmdPayment(f *cmdutil.Factory) *cobra.Command {
	c := &cobra.Command{
		Use:   "payment <command>",
		Short: "Create payment-order drafts, check their status, read the journal",
		Long: `Create payment-order drafts in the T-Business web bank, where a person signs them (the API
moves no money), ask the bank for their status, and read the journal that keeps every draft
from being sent twice.`,
		Example: `  bankctl tb payment create --input payments.csv
  bankctl tb payment status
  bankctl tb payment journal`,
		RunE: cmdutil.GroupRun,
	}
	c.AddCommand(NewCmdCreate(f, nil), NewCmdStatus(f, nil), NewCmdJournal(f, nil))
	return c
}

// Row is one draft's line in the output of create, status and journal.
type Row struct {
	Line       int             `json:"line,omitempty"`
	Number     string          `json:"number,omitempty"`
	Amount     string          `json:"amount,omitempty"`
	Recipient  string          `json:"recipient,omitempty"`
	Account    string          `json:"account,omitempty"`
	DocumentID string          `json:"documentId,omitempty"`
	Result     string          `json:"result"`
	Error      string          `json:"error,omitempty"`
	Time       string          `json:"time,omitempty"`
	Body       json.RawMessage `json:"body,omitempty"`
}

func str(key string) func(n *render.Node) string {
	return func(n *render.Node) string { return n.At(key).String() }
}

var rowColumns = []cmdutil.Column{
	{Header: "LINE", Get: str("line")},
	{Header: "NUMBER", Get: str("number")},
	{Header: "AMOUNT", Amount: true, Get: str("amount")},
	{Header: "RECIPIENT", Get: str("recipient")},
	{Header: "DOCUMENT", Get: str("documentId")},
	{Header: "RESULT", Get: func(n *render.Node) string {
		if e := n.At("error").String(); e != "" {
			return n.At("result").String() + ": " + e
		}
		return n.At("result").String()
	}},
}

// printRows prints rows as a list.
func printRows(p *cmdutil.Printer, rows []Row, cols []cmdutil.Column) error {
	items := make([]json.RawMessage, len(rows))
	for i, r := range rows {
		b, err := render.Marshal(r)
		if err != nil {
			return err
		}
		items[i] = b
	}
	return p.List(nil, items, cols)
}
