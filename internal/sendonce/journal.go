// Package sendonce is the send-once protocol for documents the bank has no idempotency key for
// (payment-order drafts, invoices): a journal in the state folder records each attempt's intent
// before its request leaves and its outcome after; a plan decides, for every document of an
// input, whether to send it, skip it (created before) or hold it for a person (its earlier
// outcome is unknown, or it conflicts with another document of the same number); and a run
// sends the planned documents in order, each once, under the journal's lock.
//
// It reads top to bottom in three files: journal.go (what is on disk), plan.go (what to do)
// and run.go (doing it). A document kind (internal/payment, internal/invoice) gives it the
// documents and a Sender; the command prints the rows.
package sendonce

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/fsutil"
)

// Events of the journal: an intent, then one outcome.
const (
	Intent   = "intent"
	Created  = "created"  // 2xx with a usable id
	Refused  = "refused"  // 4xx: the bank said no; send again once fixed
	Unknown  = "unknown"  // it left, and no usable answer came: held for a person
	NotSent  = "not-sent" // no byte of it can have reached the bank: sent again next time
	Executed = "executed" // an unknown attempt found executed in the statement: never sent again
)

// Entry is one journal line. An intent holds the document (its summary and body); an outcome
// names its attempt.
type Entry struct {
	Time       time.Time         `json:"time"`
	Attempt    string            `json:"attempt"`
	Event      string            `json:"event"`
	Key        string            `json:"key"`
	API        string            `json:"api,omitempty"`
	Slot       string            `json:"slot,omitempty"`
	Number     string            `json:"number,omitempty"`
	Amount     string            `json:"amount,omitempty"`
	Recipient  string            `json:"recipient,omitempty"`
	Account    string            `json:"account,omitempty"`
	Date       string            `json:"date,omitempty"`
	Input      string            `json:"input,omitempty"`
	Line       int               `json:"line,omitempty"`
	Body       json.RawMessage   `json:"body,omitempty"`
	DocumentID string            `json:"documentId,omitempty"`
	RequestID  string            `json:"requestId,omitempty"`
	Extra      map[string]string `json:"extra,omitempty"`
	Error      string            `json:"error,omitempty"`
}

// maxLine bounds one journal line: an entry holds one document of a few kilobytes. A longer
// line was not written by bankctl; it is passed over with a warning, never read into memory.
const maxLine = 1 << 20

// Journal is one kind's journal of a profile: <state>/<profile>/<name>.jsonl, append-only,
// 0600, every entry kept, opened relative to the checked profile folder.
type Journal struct {
	Name string // for messages: "the payment journal"
	Path string
	dir  *fsutil.Dir
	file string
	// Warn gets a line for each entry passed over (a torn last line, a foreign one).
	Warn func(string)
}

// Open opens the journal file (e.g. "payments.jsonl") of profile in the state folder, checking
// every folder on the way (fsutil.OpenDir).
func Open(stateDir, profile, file, name string) (*Journal, error) {
	d, err := fsutil.OpenDir(stateDir, profile)
	if err != nil {
		return nil, fmt.Errorf("could not open %s: %w", name, err)
	}
	return &Journal{Name: name, Path: d.Path + string(os.PathSeparator) + file, dir: d, file: file}, nil
}

// Close releases the folder.
func (j *Journal) Close() error { return j.dir.Close() }

// Lock holds the journal's own lock while a batch plans and sends: a second batch waits, then
// plans from what the first wrote.
func (j *Journal) Lock(ctx context.Context) (func(), error) {
	return j.dir.Lock(ctx, j.file+".lock", j.Name+"'s lock", 24*time.Hour)
}

// Append writes one entry (under the lock) and syncs it to disk before returning. A torn last
// line (a run killed while writing) is ended first, so this entry starts a line of its own.
func (j *Journal) Append(e Entry) error {
	f, err := j.dir.Open(j.file, os.O_RDWR|os.O_APPEND|os.O_CREATE)
	if err != nil {
		return fmt.Errorf("could not open %s: %w", j.Name, err)
	}
	defer f.Close()
	line, err := json.Marshal(e)
	if err != nil {
		return err
	}
	line = append(line, '\n')
	if st, err := f.Stat(); err == nil && st.Size() > 0 {
		var last [1]byte
		if _, err := f.ReadAt(last[:], st.Size()-1); err == nil && last[0] != '\n' {
			line = append([]byte{'\n'}, line...)
		}
	}
	if _, err := f.Write(line); err != nil {
		return fmt.Errorf("could not write %s %s: %w", j.Name, j.Path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("could not sync %s %s: %w", j.Name, j.Path, err)
	}
	return nil
}

// NewAttempt is a fresh attempt id.
func NewAttempt() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// Attempt is one intent and its outcome.
type Attempt struct {
	Intent  Entry
	Outcome *Entry // nil: none was written (bankctl was stopped while the request was out)
}

// Result is the attempt's outcome event; an intent with none is unknown.
func (a *Attempt) Result() string {
	if a.Outcome == nil {
		return Unknown
	}
	return a.Outcome.Event
}

// History is what the journal holds, attempt by attempt.
type History struct {
	Attempts []*Attempt
	byKey    map[string][]*Attempt
}

// Read reads the journal. A line that is not an entry (a torn last line, a line longer than
// bankctl writes) is passed over with a warning: an intent is synced before its request
// leaves, so a torn intent was never sent, and a torn outcome leaves its attempt unknown.
func (j *Journal) Read() (*History, error) {
	h := &History{byKey: map[string][]*Attempt{}}
	f, err := j.dir.Open(j.file, os.O_RDONLY)
	if errors.Is(err, fs.ErrNotExist) {
		return h, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read %s: %w", j.Name, err)
	}
	defer f.Close()
	byID := map[string]*Attempt{}
	r := bufio.NewReaderSize(f, 64<<10)
	for n := 1; ; n++ {
		line, err := readLine(r)
		if err == io.EOF {
			return h, nil
		}
		if err != nil && !errors.Is(err, errLong) {
			return nil, fmt.Errorf("could not read %s: %w", j.Name, err)
		}
		var e Entry
		switch {
		case errors.Is(err, errLong):
			j.warn("%s %s, line %d: longer than bankctl writes: passed over", j.Name, j.Path, n)
			continue
		case len(bytes.TrimSpace(line)) == 0:
			continue
		case json.Unmarshal(line, &e) != nil || e.Key == "":
			j.warn("%s %s, line %d: not a journal entry (cut short when bankctl was stopped?): passed over", j.Name, j.Path, n)
			continue
		case e.Attempt == "":
			legacy(&e, n, h)
		}
		if e.Event == Intent {
			a := &Attempt{Intent: e}
			byID[e.Attempt] = a
			h.Attempts = append(h.Attempts, a)
			h.byKey[e.Key] = append(h.byKey[e.Key], a)
		} else if a := byID[e.Attempt]; a != nil {
			e := e
			a.Outcome = &e
		}
	}
}

var errLong = errors.New("line too long")

// legacy reads an entry of the journal bankctl wrote before attempts had ids (2026-11): an
// intent starts an attempt, an outcome ends its key's last open one. Its key was reckoned
// otherwise, so the same draft now has another: its slot (payer account and number), through
// any API, holds it as a conflict rather than letting it go again.
func legacy(e *Entry, n int, h *History) {
	if e.Event == Intent {
		e.Attempt = fmt.Sprintf("legacy-%d", n)
		e.API, e.Slot = AnyAPI, e.Account+"/"+strings.TrimLeft(e.Number, "0")
		return
	}
	as := h.byKey[e.Key]
	for i := len(as) - 1; i >= 0; i-- {
		if as[i].Outcome == nil {
			e.Attempt = as[i].Intent.Attempt
			return
		}
	}
}

// AnyAPI marks a legacy intent, whose API was not recorded.
const AnyAPI = "*"

// readLine reads one line without its newline, never holding more than maxLine of it.
func readLine(r *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > maxLine {
			for errors.Is(err, bufio.ErrBufferFull) {
				_, err = r.ReadSlice('\n')
			}
			if err == io.EOF {
				err = nil
			}
			return nil, errors.Join(errLong, err)
		}
		line = append(line, chunk...)
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && len(line) > 0:
			return line, nil
		case err != nil:
			return nil, err
		}
		return line[:len(line)-1], nil
	}
}

func (j *Journal) warn(format string, args ...any) {
	if j.Warn != nil {
		j.Warn(fmt.Sprintf(format, args...))
	}
}

// State is where a document stands: created or executed once any attempt was (it is never
// sent again), else its latest attempt's result; "" when never attempted.
func (h *History) State(key string) (string, *Attempt) {
	as := h.byKey[key]
	for i := len(as) - 1; i >= 0; i-- {
		if r := as[i].Result(); r == Created || r == Executed {
			return r, as[i]
		}
	}
	if len(as) == 0 {
		return "", nil
	}
	a := as[len(as)-1]
	return a.Result(), a
}

// Conflict is the latest other document through the same API with the same slot (payer
// account and number) that was created, or may have been (unknown), since since.
func (h *History) Conflict(api, slot, key string, since time.Time) *Attempt {
	if slot == "" {
		return nil
	}
	for i := len(h.Attempts) - 1; i >= 0; i-- {
		a := h.Attempts[i]
		if a.Intent.Key == key || a.Intent.Slot != slot || a.Intent.API != api && a.Intent.API != AnyAPI || a.Intent.Time.Before(since) {
			continue
		}
		if st, _ := h.State(a.Intent.Key); st == Created || st == Unknown || st == Executed {
			return a
		}
	}
	return nil
}
