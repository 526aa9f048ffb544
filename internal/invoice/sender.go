package invoice

import (
	"context"

	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// Sender sends invoices through a T-Business client: the send-once protocol's Sender. There is
// no Finder: no T-API method lists invoices, so an invoice whose answer was lost is held until
// a person has looked in the web bank.
type Sender struct{ Client *tbusiness.Client }

// Ready takes the token and the invoice method's pacing slot (4 a second).
func (s Sender) Ready(ctx context.Context) (context.Context, error) {
	return s.Client.Ready(ctx, "invoice")
}

// Send sends one invoice, once.
func (s Sender) Send(ctx context.Context, body []byte) sendonce.Outcome {
	return s.Client.SendInvoice(ctx, body)
}
