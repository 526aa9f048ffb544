package tbusiness

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/bankctl/bankctl/internal/fsutil"
)

// The journal is what stands between a payment draft and its duplicate. Each draft's intent is
// appended (and fsynced) before its request is sent, and its outcome after. A draft is the same
// draft when its body goes to the same API and payer account again: its key.
//
// Outcomes: created (2xx with a documentId); refused (the bank said no: send it again once
// fixed); unknown (sent, and no answer: a timeout, a dropped connection, a 5xx). An intent with
// no outcome (bankctl was killed) is unknown too. Created drafts are skipped when the same input
// runs again; unknown ones are held back until --force, after a look at the web bank.

// Events of the journal.
const (
	Intent  = "intent"
	Created = "created"
	Refused = "refused"
	Unknown = "unknown"
)

// Entry is one journal line.
type Entry struct {
	Time       time.Time `json:"time"`
	Key        string    `json:"key"`
	Event      string    `json:"event"`
	DocumentID string    `json:"documentId,omitempty"`
	Number     string    `json:"number,omitempty"`
	Amount     string    `json:"amount,omitempty"`
	Recipient  string    `json:"recipient,omitempty"`
	Account    string    `json:"account,omitempty"`
	Line       int       `json:"line,omitempty"`
	RequestID  string    `json:"requestId,omitempty"`
	Error      string    `json:"error,omitempty"`
}

// Journal is a profile's payments.jsonl, 0600, in the state folder.
type Journal struct {
	Path string
	lock string
}

// OpenJournal is the journal of a profile.
func OpenJournal(stateDir, profile string) *Journal {
	dir := filepath.Join(stateDir, profile)
	return &Journal{Path: filepath.Join(dir, "payments.jsonl"), lock: filepath.Join(dir, "payments.lock")}
}

// Lock holds the journal's own lock for a batch: a second batch waits, then skips what the
// first created.
func (j *Journal) Lock(ctx context.Context) (func(), error) {
	return fsutil.Lock(ctx, j.lock, "the payment journal's lock", 24*time.Hour)
}

// Append writes one entry and syncs it to disk before returning.
func (j *Journal) Append(e Entry) error {
	f, err := fsutil.OpenPrivate(j.Path, os.O_WRONLY|os.O_APPEND)
	if err != nil {
		return fmt.Errorf("could not open the payment journal: %w", err)
	}
	defer f.Close()
	if e.Time.IsZero() {
		e.Time = time.Now().UTC().Truncate(time.Millisecond)
	}
	line, _ := json.Marshal(e)
	if _, err := f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("could not write the payment journal %s: %w", j.Path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("could not sync the payment journal %s: %w", j.Path, err)
	}
	return nil
}

// Latest is each draft's last entry, in the order drafts first appeared. A torn last line (a
// crash mid-write) is passed over.
func (j *Journal) Latest() ([]Entry, error) {
	f, err := os.Open(j.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("could not read the payment journal: %w", err)
	}
	defer f.Close()
	last := map[string]int{}
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		var e Entry
		if json.Unmarshal(sc.Bytes(), &e) != nil || e.Key == "" {
			continue
		}
		if i, ok := last[e.Key]; ok {
			if e.Event == Intent && out[i].Event == Created {
				continue // a created draft stays created (an intent after it was a --force mistake)
			}
			out[i] = e
			continue
		}
		last[e.Key] = len(out)
		out = append(out, e)
	}
	return out, sc.Err()
}

// State is the journal's state of each key: an intent with no outcome is unknown.
func State(entries []Entry) map[string]Entry {
	m := make(map[string]Entry, len(entries))
	for _, e := range entries {
		if e.Event == Intent {
			e.Event = Unknown
		}
		m[e.Key] = e
	}
	return m
}

// DraftKey is the draft's identity: the API (the old business.tinkoff.ru counting as
// business.tbank.ru), the payer's account and the body, every field included.
func DraftKey(base *url.URL, d *Draft) string {
	api := strings.ToLower(base.Scheme + "://" + base.Host + strings.TrimRight(base.Path, "/"))
	api = strings.Replace(api, "business.tinkoff.ru", "business.tbank.ru", 1)
	sum := sha256.Sum256([]byte(api + "\n" + d.Fields["accountNumber"] + "\n" + string(d.Body())))
	return hex.EncodeToString(sum[:16])
}
