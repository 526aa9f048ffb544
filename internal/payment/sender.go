package payment

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/bankctl/bankctl/internal/money"
	"github.com/bankctl/bankctl/internal/msk"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/statement"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// Sender creates drafts through a T-Business client: the send-once protocol's Sender.
type Sender struct{ Client *tbusiness.Client }

// Ready takes the token and the create method's pacing slot.
func (s Sender) Ready(ctx context.Context) (context.Context, error) {
	return s.Client.Ready(ctx, "create")
}

// Send creates one draft, once.
func (s Sender) Send(ctx context.Context, body []byte) sendonce.Outcome {
	return s.Client.Create(ctx, body)
}

// Finder looks for a lost draft in the statement, the only machine-readable trace of a draft a
// person signed and the bank executed: a debit of the payer's account with the same document
// number, amount and recipient account, from the intent's Moscow day to today.
type Finder struct {
	Client *tbusiness.Client
	Now    func() time.Time
}

// Executed reports whether the attempt's draft is in the statement as an executed payment.
func (f Finder) Executed(ctx context.Context, a *sendonce.Attempt) (bool, error) {
	in := a.Intent
	want := sendonce.Flatten(in.Body)
	amount, err := money.Parse(in.Amount)
	if err != nil || in.Account == "" {
		return false, errors.New("the journal's entry lacks the payer's account or amount")
	}
	now := time.Now
	if f.Now != nil {
		now = f.Now
	}
	from := msk.Midnight(in.Time)
	to := msk.Midnight(now()).AddDate(0, 0, 1)
	q := tbusiness.Query{Account: in.Account, From: from.UTC(), To: to.UTC(), Status: "Transaction"}
	found := false
	sink := opFunc(func(raw []byte) error {
		op, err := statement.ParseOperation(raw)
		if err != nil || found || op.Type() != "Debit" || op.DocNumber != in.Number {
			return nil
		}
		got, err := money.Parse(op.AccountAmount)
		if err == nil && got.Equal(amount) && op.Counterparty().Account == want["bankAcnt"] {
			found = true
		}
		return nil
	})
	if _, err := f.Client.Statement(ctx, q, "", sink); err != nil {
		return false, fmt.Errorf("the statement of %s: %w", in.Account, err)
	}
	return found, nil
}

type opFunc func(raw []byte) error

func (f opFunc) Balances([]byte) error      { return nil }
func (f opFunc) Operation(raw []byte) error { return f(raw) }
