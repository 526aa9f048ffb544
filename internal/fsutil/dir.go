package fsutil

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

// Dir is a folder bankctl keeps state or secrets in: the payment journal, locks, pacing slots,
// the opt-in secrets file. It is checked once, as OpenSSH's StrictModes checks ~/.ssh: owned by
// this user and writable by nobody else, its parents owned by this user or root and sticky
// where others may write. It is opened once, and every file in it is opened relative to that
// descriptor without following a link, so another user can neither plant the folder nor swap
// it (or a file in it) for a link between the check and the use.
type Dir struct {
	Path string // as checked; for messages
	h    dirHandle
}

// FolderError is a folder bankctl refuses to keep its files in: it names the folder and says
// how to fix it.
type FolderError struct {
	Path string
	Why  string
	Fix  string
}

func (e *FolderError) Error() string {
	s := fmt.Sprintf("refusing to keep bankctl's files in %s: %s", e.Path, e.Why)
	if e.Fix != "" {
		s += " (" + e.Fix + ")"
	}
	return s
}

// OpenDir checks and opens the folder at root (creating it, mode 0700, with any missing parent),
// then each of sub below it in turn, and returns the last.
func OpenDir(root string, sub ...string) (*Dir, error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o700); err != nil {
		return nil, fmt.Errorf("could not create %s: %w", abs, err)
	}
	d, err := openRoot(abs)
	if err != nil {
		return nil, err
	}
	for _, s := range sub {
		next, err := d.Sub(s)
		d.Close()
		if err != nil {
			return nil, err
		}
		d = next
	}
	return d, nil
}

// Sub checks and opens the folder name in d, creating it (mode 0700) when missing.
func (d *Dir) Sub(name string) (*Dir, error) {
	if err := plainName(name); err != nil {
		return nil, err
	}
	h, err := d.h.sub(name)
	if err != nil {
		return nil, d.explain(name, err)
	}
	return &Dir{Path: filepath.Join(d.Path, name), h: h}, nil
}

// Open opens the file name in d, creating it with mode 0600 when flag has os.O_CREATE, never
// through a link; the file must be a regular file of this user's.
func (d *Dir) Open(name string, flag int) (*os.File, error) {
	if err := plainName(name); err != nil {
		return nil, err
	}
	f, err := d.h.open(name, flag)
	if err != nil {
		return nil, d.explain(name, err)
	}
	return f, nil
}

// ReadFile reads the file name in d; a missing file is an fs.ErrNotExist error.
func (d *Dir) ReadFile(name string) ([]byte, error) {
	f, err := d.Open(name, os.O_RDONLY)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

// WriteFileAtomic replaces the file name in d with data (mode 0600): a temporary file written
// and synced, renamed over it, and the folder synced, so a reader sees the old content or the
// new one, and a crash leaves one of them.
func (d *Dir) WriteFileAtomic(name string, data []byte) error {
	if err := plainName(name); err != nil {
		return err
	}
	tmp := fmt.Sprintf(".%s.%d.%d.tmp", name, os.Getpid(), time.Now().UnixNano())
	f, err := d.h.open(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL)
	if err != nil {
		return d.explain(tmp, err)
	}
	defer d.h.remove(tmp) // a no-op after the rename
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := d.h.rename(tmp, name); err != nil {
		return err
	}
	return d.h.sync()
}

// Remove deletes the file name in d; a missing one is no error.
func (d *Dir) Remove(name string) error {
	if err := plainName(name); err != nil {
		return err
	}
	if err := d.h.remove(name); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

// Lock takes an exclusive lock on the file name in d (created 0600, never through a link),
// waiting up to wait; what names the lock in errors. The returned func releases it.
func (d *Dir) Lock(ctx context.Context, name, what string, wait time.Duration) (func(), error) {
	f, err := d.Open(name, os.O_RDWR|os.O_CREATE)
	if err != nil {
		return nil, fmt.Errorf("could not open %s: %w", what, err)
	}
	ctx, cancel := context.WithTimeout(ctx, wait)
	defer cancel()
	for {
		ok, err := tryLock(f)
		switch {
		case err != nil:
			f.Close()
			return nil, fmt.Errorf("could not take %s: %w", what, err)
		case ok:
			return func() { unlock(f); f.Close() }, nil
		}
		select {
		case <-ctx.Done():
			f.Close()
			if errors.Is(ctx.Err(), context.DeadlineExceeded) {
				return nil, fmt.Errorf("could not take %s within %s (another bankctl holds it?)", what, wait)
			}
			return nil, ctx.Err()
		case <-time.After(25 * time.Millisecond):
		}
	}
}

// Sync flushes the folder's entries to disk.
func (d *Dir) Sync() error { return d.h.sync() }

// Close releases the folder's descriptor.
func (d *Dir) Close() error { return d.h.close() }

func plainName(name string) error {
	if name == "" || name == "." || name == ".." || filepath.Base(name) != name || filepath.IsAbs(name) {
		return fmt.Errorf("%q is not a plain file name", name)
	}
	return nil
}
