package statement

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/bankctl/bankctl/internal/fsutil"
)

// Spool keeps a 1С file's documents, and what its account sections have summed, while the
// statement streams: in the state folder, private to the user. When a page fails or Ctrl-C stops
// the statement, it is kept (Suspend) with where to go on, and the continuation command finishes
// the same file (ResumeSpool). It is removed once the file is written.
type Spool struct {
	dir  *fsutil.Dir
	name string
	f    *os.File
	w    *bufio.Writer
	size int64
	Meta SpoolMeta
}

// SpoolMeta is what a suspended spool remembers: as of the end of the last whole page.
type SpoolMeta struct {
	Key            string         `json:"key"` // the query (period, accounts, filters): a continuation must ask the same
	Sections       []SpoolSection `json:"sections"`
	Kinds          []string       `json:"kinds,omitempty"`
	Documents      int            `json:"documents"`
	Authorizations int            `json:"authorizations"`
	Size           int64          `json:"size"` // the documents' bytes
	Account        string         `json:"account"`
	Cursor         string         `json:"cursor"` // where the statement goes on
}

// SpoolSection is one account's part: its balances and totals so far.
type SpoolSection struct {
	Account string `json:"account"`
	Begin   string `json:"begin,omitempty"`
	End     string `json:"end,omitempty"`
	Credit  string `json:"credit"`
	Debit   string `json:"debit"`
}

// NewSpool starts a spool for the query key, replacing any left by an earlier run of it.
func NewSpool(dir *fsutil.Dir, key string) (*Spool, error) {
	s := &Spool{dir: dir, name: spoolName(key), Meta: SpoolMeta{Key: key}}
	dir.Remove(s.name + ".json")
	f, err := dir.Open(s.name, os.O_RDWR|os.O_CREATE|os.O_TRUNC)
	if err != nil {
		return nil, fmt.Errorf("could not create the 1С spool: %w", err)
	}
	s.f, s.w = f, bufio.NewWriterSize(f, 64<<10)
	return s, nil
}

// ErrNoSpool is a continuation of -o 1c with nothing to continue.
var ErrNoSpool = errors.New("no interrupted -o 1c of this period and cursor is kept here: run the period again, or continue it as -o jsonl")

// ResumeSpool reopens the spool a suspended statement of key left, when it stopped at account's
// cursor: its documents as of its last whole page.
func ResumeSpool(dir *fsutil.Dir, key, account, cursor string) (*Spool, error) {
	s := &Spool{dir: dir, name: spoolName(key)}
	raw, err := dir.ReadFile(s.name + ".json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoSpool
	}
	if err != nil {
		return nil, err
	}
	if json.Unmarshal(raw, &s.Meta) != nil || s.Meta.Key != key || s.Meta.Account != account || s.Meta.Cursor != cursor {
		return nil, ErrNoSpool
	}
	f, err := dir.Open(s.name, os.O_RDWR)
	if err != nil {
		return nil, ErrNoSpool
	}
	if err := f.Truncate(s.Meta.Size); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(s.Meta.Size, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	s.f, s.w, s.size = f, bufio.NewWriterSize(f, 64<<10), s.Meta.Size
	return s, nil
}

func spoolName(key string) string { return "statement-" + key + ".1c" }

// Write spools one document.
func (s *Spool) Write(doc []byte) error {
	if _, err := s.w.Write(doc); err != nil {
		return fmt.Errorf("could not spool the 1С documents: %w", err)
	}
	s.size += int64(len(doc))
	return nil
}

// Size is how many bytes the documents take so far.
func (s *Spool) Size() int64 { return s.size }

// Documents reads the documents as of size bytes, from the start.
func (s *Spool) Documents(size int64) (io.Reader, error) {
	if err := s.w.Flush(); err != nil {
		return nil, fmt.Errorf("could not spool the 1С documents: %w", err)
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return nil, err
	}
	return io.LimitReader(s.f, size), nil
}

// Suspend keeps the spool, with meta, for the continuation command.
func (s *Spool) Suspend(meta SpoolMeta) error {
	meta.Key = s.Meta.Key
	raw, _ := json.Marshal(meta)
	if err := s.w.Flush(); err != nil {
		return err
	}
	if err := s.f.Sync(); err != nil {
		return err
	}
	if err := s.dir.WriteFileAtomic(s.name+".json", raw); err != nil {
		return fmt.Errorf("could not keep the 1С spool for the continuation: %w", err)
	}
	return s.f.Close()
}

// Remove deletes the spool: the file was written, or it is of no use.
func (s *Spool) Remove() {
	s.f.Close()
	s.dir.Remove(s.name)
	s.dir.Remove(s.name + ".json")
}
