package sendonce

import (
	"fmt"
	"sort"
	"time"

	"github.com/bankctl/bankctl/internal/textin"
)

// Doc is one document of an input, checked and normalised by its kind.
type Doc struct {
	Line                                     int
	Key                                      string // its identity: the same key is the same document
	Slot                                     string // what two documents must not share (payer account and number); "" for none
	Body                                     []byte // the request body, valid JSON
	Number, Amount, Recipient, Account, Date string
}

// Decisions of a plan, and the row results that are not journal events.
const (
	Send    = "send"
	Check   = "check" // unknown, and --force: look in the statement, then send unless executed
	Skipped = "skipped"
	Held    = "held"
)

// Why a document is skipped or held.
const (
	WhyCreated  = "created before"
	WhyExecuted = "executed"
	WhyUnknown  = "unknown"
	WhyConflict = "conflict"
)

// Earlier names the document a decision refers to.
type Earlier struct {
	DocumentID string    `json:"documentId,omitempty"`
	Result     string    `json:"result"`
	Time       time.Time `json:"time,omitzero"`
	Input      string    `json:"input,omitempty"`
	Line       int       `json:"line,omitempty"`
	Attempt    *Attempt  `json:"-"`
}

// Item is one document's decision.
type Item struct {
	Doc      *Doc
	Decision string
	Why      string
	Earlier  *Earlier
	Differs  []string // a conflict's fields that differ from the earlier document's
}

// ConflictWindow is how far back a conflict is looked for: a payment order's number is unique
// within a year.
const ConflictWindow = 365 * 24 * time.Hour

// Duplicates refuses an input that holds one document twice (the same key), naming both lines:
// one input sends each document once.
func Duplicates(docs []*Doc) error {
	var errs textin.Errors
	first := map[string]*Doc{}
	for _, d := range docs {
		if f, ok := first[d.Key]; ok {
			errs.Add(&textin.FieldError{Line: d.Line, Msg: fmt.Sprintf("the same document as line %d (number %s, amount %s): an input sends each document once; remove one of them", f.Line, d.Number, d.Amount)})
			continue
		}
		first[d.Key] = d
	}
	return errs.Err()
}

// Plan decides each document's fate from the journal, in input order: created or executed
// before → skipped; unknown → held (checked, then sent, with force); another document created
// or unknown with the same slot through the same API within ConflictWindow, or earlier in this
// input → held as a conflict (sent with force); else send.
func Plan(h *History, api string, docs []*Doc, force bool, now time.Time) []Item {
	items := make([]Item, 0, len(docs))
	planned := map[string]*Doc{} // slot → the document this input sends for it
	for _, d := range docs {
		it := Item{Doc: d, Decision: Send}
		state, a := h.State(d.Key)
		switch state {
		case Created, Executed:
			it.Decision, it.Why, it.Earlier = Skipped, WhyCreated, earlier(a)
			if state == Executed {
				it.Why = WhyExecuted
			}
		case Unknown:
			it.Decision, it.Why, it.Earlier = Held, WhyUnknown, earlier(a)
			if force {
				it.Decision = Check
			}
		default:
			if c := h.Conflict(api, d.Slot, d.Key, now.Add(-ConflictWindow)); c != nil {
				it.Decision, it.Why, it.Earlier = Held, WhyConflict, earlier(c)
				it.Differs = differs(bodyFields(d.Body), bodyFields(c.Intent.Body))
			} else if p := planned[d.Slot]; d.Slot != "" && p != nil {
				it.Decision, it.Why = Held, WhyConflict
				it.Earlier = &Earlier{Result: "in this input", Line: p.Line}
				it.Differs = differs(bodyFields(d.Body), bodyFields(p.Body))
			}
			if it.Decision == Held && force {
				it.Decision = Send
			}
		}
		if it.Decision == Send && d.Slot != "" && planned[d.Slot] == nil {
			planned[d.Slot] = d
		}
		items = append(items, it)
	}
	return items
}

func earlier(a *Attempt) *Earlier {
	e := &Earlier{Result: a.Result(), Time: a.Intent.Time, Input: a.Intent.Input, Line: a.Intent.Line, Attempt: a}
	if a.Outcome != nil {
		e.DocumentID = a.Outcome.DocumentID
	}
	return e
}

// differs names the fields whose values differ, in name order.
func differs(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if b[k] != v {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
