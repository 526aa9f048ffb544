package sendcmd

import (
	"context"
	"fmt"
	"time"

	"github.com/bankctl/bankctl/cmd/cmdutil"
	"github.com/bankctl/bankctl/internal/apperr"
	"github.com/bankctl/bankctl/internal/sendonce"
	"github.com/bankctl/bankctl/internal/tbusiness"
)

// Batch is one run of a kind's documents, checked and keyed.
type Batch struct {
	Docs          []*sendonce.Doc
	API           string
	Input         string // --input, "" for the flags
	DryRun, Force bool
	Sender        sendonce.Sender
	Finder        sendonce.Finder // nil: an unknown document is held until a person looked
	Columns       []cmdutil.Column
}

// Send runs the batch: one input sends each document once; under the journal's lock it plans
// from the journal and sends in order (a dry run prints the plan, unlocked), printing a row for
// each document, and exits as Outcome says.
func (k Kind) Send(ctx context.Context, f *cmdutil.Factory, p *cmdutil.Printer, b Batch) error {
	s, err := f.Settings()
	if err != nil {
		return err
	}
	if err := sendonce.Duplicates(b.Docs); err != nil {
		return cmdutil.BadInput(err, b.Input)
	}
	j, err := k.Open(f, s)
	if err != nil {
		return err
	}
	defer j.Close()
	if !b.DryRun {
		unlock, err := j.Lock(ctx)
		if err != nil {
			return err
		}
		defer unlock()
	}
	h, err := j.Read()
	if err != nil {
		return err
	}
	items := sendonce.Plan(h, b.API, b.Docs, b.Force, time.Now())
	if b.DryRun {
		return PrintRows(p, k.DryRows(items), b.Columns)
	}
	run := &sendonce.Run{Journal: j, Sender: b.Sender, Finder: b.Finder, API: b.API, Input: InputName(b.Input), Describe: apperr.OneLine}
	var rows []Row
	runErr := run.Do(ctx, items, func(r sendonce.Row) { rows = append(rows, k.FromRun(r)) })
	if perr := PrintRows(p, rows, b.Columns); perr != nil && runErr == nil {
		runErr = perr
	}
	return k.Outcome(rows, len(items), runErr)
}

// Journalled is what a status command asks about without ids: the ids of the documents the
// journal says were created (and their rows, by id), and a row for each document whose outcome
// is still unknown. ok is false, with a line said, when the journal holds none.
func (k Kind) Journalled(f *cmdutil.Factory, s *cmdutil.Settings) (ids []string, known map[string]Row, unknown []Row, ok bool, err error) {
	h, err := k.ReadJournal(f, s)
	if err != nil {
		return nil, nil, nil, false, err
	}
	known = map[string]Row{}
	for _, a := range h.Attempts {
		r := AttemptRow(a)
		switch r.Result {
		case sendonce.Created:
			ids = append(ids, r.DocumentID)
			known[r.DocumentID] = r
		case sendonce.Unknown:
			if st, _ := h.State(a.Intent.Key); st == sendonce.Unknown {
				r.Error, r.Note = "", "sent with no answer: look for it in the web bank"
				unknown = append(unknown, r)
			}
		}
	}
	if len(ids) == 0 && len(unknown) == 0 {
		fmt.Fprintf(f.IO.ErrOut, "The journal holds no %ss for this profile: pass their ids to ask about them\n", k.Noun)
		return nil, nil, nil, false, nil
	}
	return ids, known, unknown, true, nil
}

// CompanyAccounts is the one GET of the company's accounts that checks the accounts documents
// name: each account's BIC, and the account when there is only one.
func CompanyAccounts(ctx context.Context, c *tbusiness.Client) (bics map[string]string, only string, err error) {
	body, err := c.Accounts(ctx, false)
	if err != nil {
		return nil, "", fmt.Errorf("could not list the company's accounts to check the documents' accounts: %w", err)
	}
	return tbusiness.AccountBICs(body)
}
