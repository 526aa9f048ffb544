package sendonce

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Outcome is how one request ended, as the kind's Sender classifies it.
type Outcome struct {
	Event      string // Created, Refused, Unknown or NotSent
	DocumentID string
	RequestID  string
	Extra      map[string]string // what else the answer gave (a PDF link…)
	Err        error
	Stop       bool // a 401 or 403: the next document would fare no better
}

// Sender sends one document of a kind.
type Sender interface {
	// Ready is called before each intent: the token is at hand (refreshed if need be) and the
	// method's pacing slot is taken, so the intent is written just before the request leaves.
	// Send is then called with the context it returns.
	Ready(ctx context.Context) (context.Context, error)
	// Send sends the body once.
	Send(ctx context.Context, body []byte) Outcome
}

// Finder looks for an unknown attempt's document in the bank's records (a payment draft's in
// the statement) before --force sends it again.
type Finder interface {
	Executed(ctx context.Context, a *Attempt) (bool, error)
}

// Row is how one document of a run ended: a journal event, Skipped or Held.
type Row struct {
	Doc        *Doc
	Result     string
	Why        string
	DocumentID string
	Extra      map[string]string
	Error      string
	Earlier    *Earlier
	Differs    []string
}

// Run sends a plan: under the journal's lock (the caller's), in order, each document once.
type Run struct {
	Journal *Journal
	Sender  Sender
	Finder  Finder // nil: an unknown document is sent again with --force unchecked
	API     string
	Input   string
	Now     func() time.Time
	// Describe writes an error on one line for a row and the journal (with the bank's fields,
	// say); nil: its Error().
	Describe func(error) string
}

// ErrStopped is a batch stopped before its end: by a 401 or 403, or by an interrupt.
var ErrStopped = errors.New("the batch stopped")

// Do sends the items, handing each row to emit as it ends. It returns the error that stopped
// the batch early (wrapping ErrStopped and the cause), or one the journal could not be written.
func (r *Run) Do(ctx context.Context, items []Item, emit func(Row)) error {
	now := r.Now
	if now == nil {
		now = func() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }
	}
	for _, it := range items {
		row := Row{Doc: it.Doc, Result: it.Decision, Why: it.Why, Earlier: it.Earlier, Differs: it.Differs}
		if it.Earlier != nil {
			row.DocumentID = it.Earlier.DocumentID
		}
		switch it.Decision {
		case Skipped, Held:
			emit(row)
			continue
		case Check:
			found, err := r.executed(ctx, it.Earlier.Attempt)
			if err != nil {
				row.Result, row.Error = Held, "could not look for it in the statement: "+err.Error()
				emit(row)
				if ctx.Err() != nil {
					return fmt.Errorf("%w: %w", ErrStopped, ctx.Err())
				}
				continue
			}
			if found {
				a := it.Earlier.Attempt
				if err := r.Journal.Append(Entry{Time: now(), Attempt: a.Intent.Attempt, Event: Executed, Key: a.Intent.Key}); err != nil {
					return err
				}
				row.Result, row.Why = Executed, "found executed in the statement: not sent again"
				emit(row)
				continue
			}
		}
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("%w: %w", ErrStopped, err)
		}
		if row.Why != "" {
			row.Why = "--force, was " + row.Why
		}
		stop, err := r.send(ctx, it.Doc, now, &row)
		if err != nil {
			return err
		}
		emit(row)
		if stop != nil {
			return fmt.Errorf("%w: %w", ErrStopped, stop)
		}
	}
	return nil
}

func (r *Run) executed(ctx context.Context, a *Attempt) (bool, error) {
	if r.Finder == nil || a == nil {
		return false, nil
	}
	return r.Finder.Executed(ctx, a)
}

// send is one document: ready, intent, request, outcome, in that order.
func (r *Run) send(ctx context.Context, d *Doc, now func() time.Time, row *Row) (stop, err error) {
	if !json.Valid(d.Body) {
		// Never reached by a kind's checked document: the guard that no invalid JSON leaves.
		row.Result, row.Error = Refused, "bankctl built a body that is not valid JSON: nothing was sent (a bug: please report it)"
		return nil, nil
	}
	sctx, err := r.Sender.Ready(ctx)
	if err != nil {
		row.Result, row.Error = NotSent, err.Error()
		return err, nil // no token, or interrupted while waiting for the slot: nothing left
	}
	intent := Entry{Time: now(), Attempt: NewAttempt(), Event: Intent, Key: d.Key, API: r.API, Slot: d.Slot,
		Number: d.Number, Amount: d.Amount, Recipient: d.Recipient, Account: d.Account, Date: d.Date,
		Input: r.Input, Line: max(d.Line, 0), Body: d.Body}
	if err := r.Journal.Append(intent); err != nil {
		return nil, fmt.Errorf("nothing was sent: %w", err)
	}
	out := Outcome{Event: NotSent, Err: ctx.Err()}
	if ctx.Err() == nil {
		out = r.Sender.Send(sctx, d.Body)
	}
	e := Entry{Time: now(), Attempt: intent.Attempt, Event: out.Event, Key: d.Key, DocumentID: out.DocumentID,
		RequestID: out.RequestID, Extra: out.Extra}
	if out.Err != nil {
		e.Error = out.Err.Error()
		if r.Describe != nil {
			e.Error = r.Describe(out.Err)
		}
	}
	row.Result, row.DocumentID, row.Extra, row.Error = out.Event, out.DocumentID, out.Extra, e.Error
	if err := r.Journal.Append(e); err != nil {
		return nil, fmt.Errorf("%s: the journal says its outcome is unknown: %w", out.Event, err)
	}
	switch {
	case out.Stop:
		return out.Err, nil
	case out.Event == NotSent && ctx.Err() != nil:
		return ctx.Err(), nil
	}
	return nil, nil
}

// UsableID reports whether a bank's id for a document can be kept: 1 to 128 of letters,
// digits, '.', '_' and '-'. Anything else (a hostile answer of megabytes, a line break) makes
// the outcome unknown rather than a journal no run can read.
func UsableID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}
